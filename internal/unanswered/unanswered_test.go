package unanswered

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

var t0 = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Quel est le prix ?", "Quel est le prix ?"},
		{"trim and collapse", "  Quel \t est\n\nle   prix ?  ", "Quel est le prix ?"},
		{"zero-width and bidi", "Qu\u200bel est\u200f le prix\u2060 ?", "Quel est le prix ?"},
		{"control characters", "Quel\x00 est\x07 le prix\x1b ?", "Quel est le prix ?"},
		{"invalid utf-8", "Quel \xff\xfeest ?", "Quel est ?"},
		{"blank", " \t\n\u200b ", ""},
		{"arabic kept", "  ما هو الثمن؟ ", "ما هو الثمن؟"},
		{"emoji kept", "🚢 port ?", "🚢 port ?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanTruncates(t *testing.T) {
	long := strings.Repeat("é", 10_000)
	if got := utf8.RuneCountInString(Clean(long)); got != MaxRunes {
		t.Errorf("len = %d runes, want %d", got, MaxRunes)
	}
	// A space that would be the last rune is not kept dangling.
	edge := strings.Repeat("a", MaxRunes-1) + " b"
	if got := Clean(edge); got != strings.Repeat("a", MaxRunes-1) {
		t.Errorf("edge truncation = …%q", got[len(got)-3:])
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Quel est le prix ?", "quel   est le PRIX?", true},
		{"Où est l'usine ?", "ou est l’usine", true},
		{"Combien de salariés ?", "COMBIEN DE SALARIES", true},
		{"Straße", "STRASSE", true},
		{"Quel est le prix ?", "Quel est le coût ?", false},
		{"???", "!!!", false},
		{"ما هو الثمن؟", "ما هو الثمن", true},
	}
	for _, tt := range tests {
		ka, kb := Key(Clean(tt.a)), Key(Clean(tt.b))
		if (ka == kb) != tt.same {
			t.Errorf("Key(%q) = %q, Key(%q) = %q, same = %v, want %v", tt.a, ka, tt.b, kb, ka == kb, tt.same)
		}
		if ka == "" {
			t.Errorf("Key(%q) is empty", tt.a)
		}
	}
}

func TestAddTop(t *testing.T) {
	type add struct {
		q   string
		min int
	}
	tests := []struct {
		name string
		max  int
		adds []add
		n    int
		want []Entry
	}{
		{
			name: "grouping keeps the first form and counts",
			max:  10,
			adds: []add{{"Quel est le prix ?", 1}, {"quel est le PRIX", 2}, {"  Quel  est le prix?", 3}},
			n:    5,
			want: []Entry{{"Quel est le prix ?", 3, at(3)}},
		},
		{
			name: "most frequent first, ties most recent first",
			max:  10,
			adds: []add{{"a", 1}, {"b", 2}, {"b", 3}, {"c", 4}, {"d", 5}},
			n:    0,
			want: []Entry{{"b", 2, at(3)}, {"d", 1, at(5)}, {"c", 1, at(4)}, {"a", 1, at(1)}},
		},
		{
			name: "n limits",
			max:  10,
			adds: []add{{"a", 1}, {"b", 2}, {"b", 3}, {"c", 4}},
			n:    2,
			want: []Entry{{"b", 2, at(3)}, {"c", 1, at(4)}},
		},
		{
			name: "bounded: least frequent then oldest evicted",
			max:  3,
			adds: []add{{"a", 1}, {"a", 2}, {"b", 3}, {"c", 4}, {"d", 5}, {"e", 6}},
			n:    0,
			want: []Entry{{"a", 2, at(2)}, {"e", 1, at(6)}, {"d", 1, at(5)}},
		},
		{
			name: "out of order times keep the latest",
			max:  10,
			adds: []add{{"a", 5}, {"a", 1}},
			n:    0,
			want: []Entry{{"a", 2, at(5)}},
		},
		{
			name: "blank ignored",
			max:  10,
			adds: []add{{"", 1}, {"  \u200b ", 2}},
			n:    0,
			want: []Entry{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(tt.max, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range tt.adds {
				s.Add(a.q, at(a.min))
			}
			got := s.Top(tt.n)
			if !equalEntries(got, tt.want) {
				t.Errorf("Top(%d) = %v\nwant %v", tt.n, got, tt.want)
			}
			if s.Len() > tt.max {
				t.Errorf("Len = %d > max %d", s.Len(), tt.max)
			}
		})
	}
}

func equalEntries(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Question != b[i].Question || a[i].Count != b[i].Count || !a[i].Last.Equal(b[i].Last) {
			return false
		}
	}
	return true
}

func TestDefaultMaxAndZeroTime(t *testing.T) {
	s, err := New(0, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range DefaultMax + 20 {
		s.Add(fmt.Sprintf("question %d", i), at(i))
	}
	if s.Len() != DefaultMax {
		t.Errorf("Len = %d, want %d", s.Len(), DefaultMax)
	}
	before := time.Now()
	s.Add("sans date", time.Time{})
	for _, e := range s.Top(0) {
		if e.Question == "sans date" && e.Last.Before(before) {
			t.Errorf("zero time stored as %v", e.Last)
		}
	}
}

func TestPersistenceRoundTrip(t *testing.T) {
	file := filepath.Join(t.TempDir(), "unanswered.json")
	s, err := New(10, file)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(); err != nil { // nothing to write yet
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an unchanged store wrote its file: %v", err)
	}
	s.Add("Quel est le prix ?", at(1))
	s.Add("quel est le prix", at(2))
	s.Add("Où est l'usine ?", at(3))
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		t.Errorf("file mode %v is readable by others", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(file))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}

	r, err := New(10, file)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Top(0), s.Top(0); !equalEntries(got, want) {
		t.Errorf("reloaded %v\nwant %v", got, want)
	}
	// Counting continues where it stopped.
	r.Add("QUEL EST LE PRIX", at(4))
	if top := r.Top(1); top[0].Count != 3 || top[0].Question != "Quel est le prix ?" {
		t.Errorf("after reload and add: %v", top)
	}
	// A smaller bound on reload keeps the most frequent.
	small, err := New(1, file)
	if err != nil {
		t.Fatal(err)
	}
	if top := small.Top(0); len(top) != 1 || top[0].Question != "Quel est le prix ?" {
		t.Errorf("bounded reload: %v", top)
	}
}

func TestCorruptFile(t *testing.T) {
	tests := []struct {
		name, content string
	}{
		{"not json", "{ceci n'est pas du json"},
		{"trailing garbage", `{"version":1,"questions":[]} xx`},
		{"wrong version", `{"version":99,"questions":[]}`},
		{"wrong type", `{"version":1,"questions":"a"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "unanswered.json")
			if err := os.WriteFile(file, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := New(10, file)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), file) {
				t.Fatalf("New error = %v, want ErrCorrupt naming %s", err, file)
			}
			if s == nil {
				t.Fatal("New returned a nil store with the error")
			}
			kept, rerr := os.ReadFile(file + ".corrupt")
			if rerr != nil || string(kept) != tt.content {
				t.Errorf("corrupt file not moved aside: %q, %v", kept, rerr)
			}
			s.Add("question", at(1))
			if err := s.Flush(); err != nil {
				t.Fatal(err)
			}
			if r, err := New(10, file); err != nil || r.Len() != 1 {
				t.Errorf("after recovery: len %d, %v", r.Len(), err)
			}
		})
	}
}

func TestUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "is-a-dir")
	if err := os.Mkdir(file, 0o700); err != nil {
		t.Fatal(err)
	}
	s, err := New(10, file)
	if err == nil || !strings.Contains(err.Error(), file) || s == nil {
		t.Fatalf("New(dir) = %v, %v", s, err)
	}
	s.Add("question", at(1))
	if err := s.Flush(); err == nil {
		t.Error("flushing onto a directory succeeded")
	}
	if s.Top(1)[0].Count != 1 {
		t.Error("store unusable after errors")
	}
}

func TestRunFlushesOnCancel(t *testing.T) {
	file := filepath.Join(t.TempDir(), "u.json")
	s, err := New(10, file)
	if err != nil {
		t.Fatal(err)
	}
	s.Add("question", at(1))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, time.Hour, nil) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if r, err := New(10, file); err != nil || r.Len() != 1 {
		t.Errorf("after Run: %v, %v", r.Top(0), err)
	}
}

func TestConcurrentUse(t *testing.T) {
	file := filepath.Join(t.TempDir(), "u.json")
	s, err := New(50, file)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				s.Add(fmt.Sprintf("Question %d ?", (g*7+i)%80), at(i))
				if i%50 == 0 {
					_ = s.Top(5)
					if err := s.Flush(); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if s.Len() > 50 {
		t.Errorf("Len = %d > 50", s.Len())
	}
	r, err := New(50, file)
	if err != nil {
		t.Fatal(err)
	}
	if !equalEntries(r.Top(0), s.Top(0)) {
		t.Error("file does not match the store after concurrent flushes")
	}
}
