package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAskConversation: with --conversation, questions read from a pipe
// keep the conversation as the interactive prompt does, so that a
// follow-up is answered from the previous question; without it each line
// stands alone (the default for pipes, which scripts rely on).
func TestAskConversation(t *testing.T) {
	const (
		first    = "Pourquoi le secteur représente-t-il une garantie pour le Maroc ?"
		followUp = "et qui l'a dit ?"
		other    = "Combien de salariés emploie le secteur ?"
	)
	in := strings.Join([]string{first, followUp, other}, "\n") + "\n"
	tests := []struct {
		name  string
		args  []string
		found []bool // per question
		want  string // in the follow-up's answer
	}{
		{"each line alone", []string{"ask", "--json"}, []bool{true, false, true}, ""},
		{"conversation", []string{"ask", "--json", "--conversation"}, []bool{true, true, true}, "Chraibi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, in, tt.args...)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != len(tt.found) {
				t.Fatalf("exit %d, %d answers, want %d:\n%s\n%s", code, len(lines), len(tt.found), out, errOut)
			}
			for i, line := range lines {
				var got jsonAnswer
				if err := json.Unmarshal([]byte(line), &got); err != nil {
					t.Fatal(err)
				}
				if got.Found != tt.found[i] {
					t.Errorf("question %d (%s): found %v, want %v: %s", i+1, got.Question, got.Found, tt.found[i], got.Answer)
				}
				if i == 1 && !strings.Contains(got.Answer, tt.want) {
					t.Errorf("follow-up answered %q, want %q in it", got.Answer, tt.want)
				}
				if i == 2 && !strings.Contains(got.Answer, "80.000") {
					t.Errorf("a new question after the follow-up: %q", got.Answer)
				}
			}
		})
	}
}

func TestHistoryFile(t *testing.T) {
	lines := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("question %d ?", i))
		}
		return out
	}
	tests := []struct {
		name  string
		saved []string // written with add
		limit int
		want  []string // loaded
	}{
		{"no file yet", nil, 5, nil},
		{"under the limit", lines(3), 5, lines(3)},
		{"the oldest go", lines(8), 5, lines(8)[3:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := historyFile{path: filepath.Join(t.TempDir(), "cache", "articlebot", "ask_history")}
			for _, q := range tt.saved {
				if err := h.add(q); err != nil {
					t.Fatal(err)
				}
			}
			got, err := h.load(tt.limit)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("load = %q, %v; want %q", got, err, tt.want)
			}
			if len(tt.saved) == 0 {
				return
			}
			// The file is the user's own, and holds only what load returned.
			for path, mode := range map[string]os.FileMode{h.path: 0o600, filepath.Dir(h.path): 0o700 | os.ModeDir} {
				st, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if st.Mode() != mode {
					t.Errorf("%s: mode %v, want %v", path, st.Mode(), mode)
				}
			}
			again, err := historyFile{path: h.path}.load(len(tt.saved) + 10)
			if err != nil || !slices.Equal(again, tt.want) {
				t.Errorf("after load, the file holds %q, %v; want %q", again, err, tt.want)
			}
		})
	}
	t.Run("memory only", func(t *testing.T) {
		h := historyFile{}
		if err := h.add("q ?"); err != nil {
			t.Fatal(err)
		}
		if got, err := h.load(5); err != nil || got != nil {
			t.Errorf("load = %q, %v; want nothing", got, err)
		}
	})
}

func TestDefaultHistoryPath(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	if got, want := defaultHistoryPath(), filepath.Join(cache, "articlebot", "ask_history"); got != want {
		t.Errorf("defaultHistoryPath() = %q, want %q", got, want)
	}
}
