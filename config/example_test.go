package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// yamlExampleProblems says how an example YAML file falls short: a key of
// Keys() it lacks, a key it sets that matches none, a value other than the
// default (loaded through Load, as articlebot would), or an error.
func yamlExampleProblems(t *testing.T, data []byte) []string {
	t.Helper()
	root, err := parseYAML(data)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	present := map[string]bool{}
	known := map[string]bool{}
	for _, k := range Keys() {
		known[k.Name] = true
	}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for _, name := range sortedKeys(m) {
			sub, isMap := m[name].(map[string]any)
			switch {
			case prefix == "" && !isMap:
				problems = append(problems, fmt.Sprintf("section %s is not a mapping", name))
			case isMap && !known[prefix+name]: // a section, or a mapping within one (knowledge.fetch)
				walk(prefix+name+".", sub)
			default:
				present[prefix+name] = true
			}
		}
	}
	walk("", root)
	for _, k := range Keys() {
		if !present[k.Name] {
			problems = append(problems, "lacks "+k.Name)
		}
		delete(present, k.Name)
	}
	for _, name := range sortedKeys(present) {
		problems = append(problems, "sets "+name+", which matches no key")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, ExampleYAMLFile)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(LoadOptions{WorkDir: dir, ConfigFile: path, LookupEnv: mapEnv(nil), Environ: func() []string { return nil }})
	if err != nil {
		return append(problems, err.Error())
	}
	if got, want := sectionsOf(cfg), sectionsOf(Default()); !reflect.DeepEqual(got, want) {
		problems = append(problems, fmt.Sprintf("values are not the defaults:\n got %+v\nwant %+v", got, want))
	}
	return problems
}

// TestYAMLExampleUpToDate keeps the repository's articlebot.example.yaml
// equal to YAMLExample(): every key, with its default and description, and
// nothing else. The table checks that the comparison fails when the file
// lacks a key, sets an unknown one, or changes a default. Run with -update
// to regenerate the file.
func TestYAMLExampleUpToDate(t *testing.T) {
	path := filepath.Join(repoRoot(t), ExampleYAMLFile)
	if *update {
		if err := os.WriteFile(path, []byte(YAMLExample()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shipped, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run: go test ./config -run TestYAMLExampleUpToDate -update)", err)
	}
	if string(shipped) != YAMLExample() {
		t.Errorf("%s differs from YAMLExample(); run: go test ./config -run TestYAMLExampleUpToDate -update", ExampleYAMLFile)
	}
	generated := YAMLExample()
	without := func(line string) string {
		if !strings.Contains(generated, line) {
			t.Fatalf("YAMLExample() has no line %q", line)
		}
		return strings.Replace(generated, line, "", 1)
	}
	tests := []struct {
		name string
		data string
		want []string // problems, in order; nil = none
	}{
		{"shipped file", string(shipped), nil},
		{"generated", generated, nil},
		{"a key missing", without("  guild_id: \"\"\n"), []string{"lacks discord.guild_id"}},
		{"a secret missing", without("  api_key: \"\"\n"), []string{"lacks llm.api_key"}},
		{"an unknown key", generated + "  colour: \"blue\"\n", []string{"sets unanswered.colour, which matches no key", "unknown key"}},
		{"a default changed", strings.Replace(generated, "top_k: 5\n", "top_k: 7\n", 1), []string{"values are not the defaults"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := yamlExampleProblems(t, []byte(tt.data))
			if len(got) != len(tt.want) {
				t.Fatalf("problems %q, want %q", got, tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
	if !slices.ContainsFunc(Keys(), func(k Key) bool { return k.Type == TypeList }) {
		t.Fatal("no list key: the example's flow sequences are untested")
	}
}
