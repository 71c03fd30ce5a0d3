package config

import (
	"bufio"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/subosito/gotenv"
)

var update = flag.Bool("update", false, "rewrite ../.env.example from Keys()")

// TestKeysCoverEveryField fails when a Config field has no key (or two keys
// share a field), so .env.example and the README table cannot miss one.
func TestKeysCoverEveryField(t *testing.T) {
	var c Config
	seen := make(map[uintptr]string)
	names := make(map[string]bool)
	for _, k := range Keys() {
		if names[k.Name] {
			t.Errorf("duplicate key %s", k.Name)
		}
		names[k.Name] = true
		p := reflect.ValueOf(k.field(&c)).Pointer()
		if other, dup := seen[p]; dup {
			t.Errorf("keys %s and %s share a field", k.Name, other)
		}
		seen[p] = k.Name
		if k.Description == "" || strings.Contains(k.Description, "\n") {
			t.Errorf("%s: description must be one non-empty line", k.Name)
		}
		if want := "ARTICLEBOT_" + strings.ToUpper(strings.ReplaceAll(k.Name, ".", "_")); k.Env != want {
			t.Errorf("%s: Env = %s, want %s", k.Name, k.Env, want)
		}
		if k.Secret && k.Default != "" {
			t.Errorf("%s: secret with a default", k.Name)
		}
	}
	if fields := countLeafFields(reflect.TypeOf(c)); fields != len(seen) {
		t.Errorf("Config has %d exported leaf fields but Keys() covers %d", fields, len(seen))
	}
}

func countLeafFields(t reflect.Type) int {
	n := 0
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Type.Kind() == reflect.Struct {
			n += countLeafFields(f.Type)
		} else {
			n++
		}
	}
	return n
}

func TestSecretKeys(t *testing.T) {
	var secrets []string
	for _, k := range Keys() {
		if k.Secret {
			secrets = append(secrets, k.Name)
		}
	}
	if want := []string{"discord.token", "llm.api_key"}; !reflect.DeepEqual(secrets, want) {
		t.Errorf("secret keys = %v, want %v", secrets, want)
	}
}

// TestEnvExampleUpToDate parses the repository's .env.example and checks it
// lists every key, with its default and a comment, and nothing else. Run
// with -update to regenerate the file.
func TestEnvExampleUpToDate(t *testing.T) {
	path := filepath.Join(repoRoot(t), ".env.example")
	if *update {
		if err := os.WriteFile(path, []byte(EnvExample()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run: go test ./config -run TestEnvExampleUpToDate -update)", err)
	}
	env, err := gotenv.StrictParse(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("parse .env.example: %v", err)
	}
	keys := Keys()
	want := make(map[string]bool)
	for _, k := range keys {
		want[k.Env] = true
		got, ok := env[k.Env]
		if !ok {
			t.Errorf(".env.example lacks %s (%s)", k.Env, k.Name)
			continue
		}
		if got != k.Default {
			t.Errorf(".env.example: %s=%q, want the default %q", k.Env, got, k.Default)
		}
	}
	for name := range env {
		if !want[name] {
			t.Errorf(".env.example sets %s, which matches no key", name)
		}
	}
	// Every variable line is preceded by a one-line comment.
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	prev := ""
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, EnvPrefix) && (!strings.HasPrefix(prev, "# ") || len(prev) < 5) {
			t.Errorf(".env.example: %q has no comment line above it", line)
		}
		prev = line
	}
	if string(data) != EnvExample() {
		t.Errorf(".env.example differs from EnvExample(); run: go test ./config -run TestEnvExampleUpToDate -update")
	}
}

// TestEnvExampleRoundTrip copies .env.example to .env and expects the
// built-in defaults back: the rendered defaults parse to the same values.
func TestEnvExampleRoundTrip(t *testing.T) {
	cfg := mustLoad(t, fixture{dotenv: EnvExample()}.opts(t))
	if got, want := sectionsOf(cfg), sectionsOf(Default()); !reflect.DeepEqual(got, want) {
		t.Errorf("defaults via .env:\n got %+v\nwant %+v", got, want)
	}
	if got := cfg.Source("answer.mode"); got != ".env (ARTICLEBOT_ANSWER_MODE)" {
		t.Errorf("Source(answer.mode) = %q", got)
	}
}

func TestMarkdownTable(t *testing.T) {
	table := MarkdownTable()
	lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	if len(lines) != len(Keys())+2 {
		t.Fatalf("table has %d lines, want header + separator + %d keys", len(lines), len(Keys()))
	}
	for _, want := range []string{
		"| `discord.token` | `ARTICLEBOT_DISCORD_TOKEN`, `DISCORD_TOKEN` |  |",
		"| `llm.timeout` | `ARTICLEBOT_LLM_TIMEOUT` | `20s` |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q", want)
		}
	}
}

func TestParseAndFormatSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"2048", 2048, true}, {"512KiB", 512 << 10, true}, {"5 MiB", 5 << 20, true},
		{"1gib", 1 << 30, true}, {"1MB", 1000000, true}, {"3KB", 3000, true}, {"10B", 10, true},
		{"", 0, false}, {"-1", 0, false}, {"5 parsecs", 0, false}, {"1.5MiB", 0, false},
		{"99999999999GiB", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseSize(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseSize(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok && tt.ok {
			if back, _ := parseSize(formatSize(got)); back != got {
				t.Errorf("formatSize(%d) = %q does not parse back", got, formatSize(got))
			}
		}
	}
}
