package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture describes the files and environment of one Load call.
type fixture struct {
	yaml   string            // testdata file copied to <dir>/articlebot.yaml; "" = none
	dotenv string            // content of <dir>/.env; "" = none
	env    map[string]string // process environment seen by Load
}

// dir builds a temporary working directory for f.
func (f fixture) dir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if f.yaml != "" {
		data, err := os.ReadFile(filepath.Join("testdata", f.yaml))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, DefaultConfigFile), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if f.dotenv != "" {
		if err := os.WriteFile(filepath.Join(dir, DotEnvFile), []byte(f.dotenv), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// opts returns LoadOptions isolated from the process environment.
func (f fixture) opts(t *testing.T) LoadOptions {
	t.Helper()
	return LoadOptions{
		WorkDir:   f.dir(t),
		LookupEnv: mapEnv(f.env),
		Environ:   func() []string { return environ(f.env) },
	}
}

func mapEnv(m map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := m[name]
		return v, ok
	}
}

func environ(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	return out
}

// mustLoad loads and fails the test on error.
func mustLoad(t *testing.T, opts LoadOptions) *Config {
	t.Helper()
	cfg, err := Load(opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return cfg
}

// problemStrings returns the rendered problems of a *ValidationError.
func problemStrings(t *testing.T, err error) []string {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *ValidationError", err, err)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v does not wrap ErrInvalid", err)
	}
	out := make([]string, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = p.String()
	}
	return out
}

// repoRoot walks up from the test directory to the directory holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

func containsAny(s string, subs ...string) string {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return sub
		}
	}
	return ""
}
