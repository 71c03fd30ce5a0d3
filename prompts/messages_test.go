package prompts

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestMessageCatalogues checks that the English catalogue has exactly the
// French one's keys, so that no English reply silently falls back to French
// and no English message is left unused.
func TestMessageCatalogs(t *testing.T) {
	for _, load := range []func(string) (*Set, error){Load, LoadTerminal} {
		s, err := load("")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.msgs(); err != nil { // parsed on first use
			t.Fatal(err)
		}
		fr, en := s.MessageKeys("fr"), s.MessageKeys("en")
		if len(fr) < 10 {
			t.Fatalf("French catalogue has %d messages", len(fr))
		}
		for _, k := range fr {
			if !slices.Contains(en, k) {
				t.Errorf("English catalogue lacks %q", k)
			}
		}
		for _, k := range en {
			if !slices.Contains(fr, k) {
				t.Errorf("French catalogue lacks %q", k)
			}
		}
	}
}

func TestMessage(t *testing.T) {
	s := Default()
	tests := []struct {
		name, lang, key string
		data            any
		want            string
		err             error
	}{
		{"French", "fr", "stale", nil, "Ce bouton n'est plus actif.", nil},
		{"English", "en", "stale", nil, "This button is no longer active.", nil},
		{"a language without a catalogue falls back to French", "de", "stale", nil, "Ce bouton n'est plus actif.", nil},
		{"data", "en", "n_passages", map[string]any{"N": 2}, "2 passages", nil},
		{"French plural", "fr", "n_documents", map[string]any{"N": 0}, "0 document", nil},
		{"English plural", "en", "n_documents", map[string]any{"N": 0}, "0 documents", nil},
		{"unknown key", "en", "no-such-message", nil, "", ErrUnknownMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Message(tt.lang, tt.key, tt.data)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Errorf("Message(%s, %s) = %q, %v; want %q, %v", tt.lang, tt.key, got, err, tt.want, tt.err)
			}
		})
	}
	if _, err := s.Message("en", "n_passages", map[string]any{}); err == nil {
		t.Error("a message missing its data rendered without error")
	}
}

// TestMessagesOverride: a catalogue in prompts.dir replaces the messages of
// its language that it holds, and a broken one is refused with its name.
func TestMessagesOverride(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("messages.en.yaml", "stale: \"Too late for this button.\"\n")
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ lang, key, want string }{
		{"en", "stale", "Too late for this button."},
		{"en", "error", "Sorry, an error kept me from answering. Try again in a moment."},
		{"fr", "stale", "Ce bouton n'est plus actif."},
	} {
		if got, err := s.Message(tt.lang, tt.key, nil); err != nil || got != tt.want {
			t.Errorf("%s %s = %q, %v; want %q", tt.lang, tt.key, got, err, tt.want)
		}
	}
	for _, bad := range []string{"stale: [not, a, text]\n", "stale: \"{{.Unclosed\"\n"} {
		write("messages.en.yaml", bad)
		if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "messages.en.yaml") {
			t.Errorf("%q: error %v, want one naming the file", bad, err)
		}
	}
}
