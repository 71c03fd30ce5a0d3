package wordlist

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/articlebot/articlebot/internal/french"
)

// dataFS holds package french's directory: data/*.txt and lists_gen.go.
var dataFS = os.DirFS("..")

// TestDataFiles reads every list of package french on its own: it parses, its
// header says what it is for, its form and its source, and its entries are
// in its form, each once.
func TestDataFiles(t *testing.T) {
	c, err := Parse(dataFS)
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(dataFS, "data/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(c) || len(c) < 40 {
		t.Fatalf("%d files, %d lists", len(names), len(c))
	}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".txt")
		t.Run(name, func(t *testing.T) {
			b, err := fs.ReadFile(dataFS, n)
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			if !strings.HasPrefix(text, "# ") {
				t.Errorf("does not start with a comment saying what it is for")
			}
			if !strings.Contains(text, "\n# source: ") || !strings.Contains(text, "\n# form: ") {
				t.Errorf("header lacks a source or a form")
			}
			l := c[name]
			if l == nil {
				t.Fatal("not parsed")
			}
			if len(l.Source) < 20 {
				t.Errorf("source %q says too little", l.Source)
			}
			seen := map[string]bool{}
			for _, e := range l.Entries {
				if seen[e] {
					t.Errorf("%q twice", e)
				}
				seen[e] = true
				if err := checkForm(l.Form, e); err != nil {
					t.Error(err)
				}
				if e != strings.TrimSpace(e) || e == "" || strings.Contains(e, "  ") {
					t.Errorf("entry %q has stray spaces", e)
				}
			}
		})
	}
}

// TestGeneratedUpToDate: lists_gen.go is what genwords writes from the
// lists as they are (run `go generate ./internal/french` after editing one).
func TestGeneratedUpToDate(t *testing.T) {
	want, err := Generate(dataFS)
	if err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(dataFS, "lists_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("internal/french/lists_gen.go is out of date: run go generate ./internal/french")
	}
}

// TestGeneratedTables reads every list through package french's accessors
// and compares it with the parsed file: the same words, the same values,
// the same order for an ordered list.
func TestGeneratedTables(t *testing.T) {
	c, err := Parse(dataFS)
	if err != nil {
		t.Fatal(err)
	}
	for name, l := range c {
		t.Run(name, func(t *testing.T) {
			sorted := slices.Sorted(slices.Values(l.Entries))
			switch l.Values {
			case ValuesNone:
				if got := french.List(name); !slices.Equal(got, l.Entries) {
					t.Errorf("List %q, want %q", got, l.Entries)
				}
				s := french.Words(name)
				if got := s.Sorted(); !slices.Equal(got, sorted) {
					t.Errorf("Words %q, want %q", got, sorted)
				}
				for _, e := range l.Entries {
					if !s.Has(e) {
						t.Errorf("Words lacks %q", e)
					}
					if s.Has(e+"x") && !slices.Contains(l.Entries, e+"x") {
						t.Errorf("Words has %q", e+"x")
					}
				}
			case ValuesInt:
				tab := french.Ints(name)
				if got := tab.Keys(); !slices.Equal(got, sorted) {
					t.Errorf("keys %q, want %q", got, sorted)
				}
				for i, e := range l.Entries {
					want, _ := strconv.Atoi(l.Text[i])
					if got, ok := tab.Get(e); !ok || got != want {
						t.Errorf("%q: %d, %v, want %d", e, got, ok, want)
					}
				}
			case ValuesFloat:
				tab := french.Floats(name)
				if got := tab.Keys(); !slices.Equal(got, sorted) {
					t.Errorf("keys %q, want %q", got, sorted)
				}
				for i, e := range l.Entries {
					want, _ := strconv.ParseFloat(l.Text[i], 64)
					if got, ok := tab.Get(e); !ok || got != want {
						t.Errorf("%q: %v, %v, want %v", e, got, ok, want)
					}
				}
			case ValuesText:
				tab := french.Texts(name)
				if got := tab.Keys(); !slices.Equal(got, sorted) {
					t.Errorf("keys %q, want %q", got, sorted)
				}
				for i, e := range l.Entries {
					if got, ok := tab.Get(e); !ok || got != l.Text[i] {
						t.Errorf("%q: %q, %v, want %q", e, got, ok, l.Text[i])
					}
				}
			default:
				t.Errorf("values %q", l.Values)
			}
		})
	}
}

// TestParseErrors feeds the parser broken lists.
func TestParseErrors(t *testing.T) {
	const head = "# what it is\n# form: folded\n# source: written by hand for this test\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string // in the error; "" for no error
	}{
		{"good", map[string]string{"a": head + "le\nla\n"}, ""},
		{"no source", map[string]string{"a": "# what\n# form: folded\nle\n"}, "no source"},
		{"no form", map[string]string{"a": "# what\n# source: by hand\nle\n"}, "form"},
		{"bad form", map[string]string{"a": "# form: shouty\n# source: by hand\nle\n"}, "form"},
		{"empty", map[string]string{"a": head}, "no entry"},
		{"not folded", map[string]string{"a": head + "été\n"}, "not folded"},
		{"not folded apostrophe", map[string]string{"a": head + "l'\n"}, "not folded"},
		{"not lower", map[string]string{"a": "# form: lower\n# source: by hand\nÉté\n"}, "not lower"},
		{"twice", map[string]string{"a": head + "le\nla\nle\n"}, "already on line"},
		{"written and included", map[string]string{"a": head + "@b\nle\n", "b": head + "le\n"}, "already in b"},
		{"folded include of lower", map[string]string{"a": head + "@b\n", "b": "# form: lower\n# source: by hand\nl'\nété\n"}, ""},
		{"lower include of folded", map[string]string{"a": "# form: lower\n# source: by hand\n@b\n", "b": head + "le\n"}, "includes"},
		{"overlapping includes", map[string]string{"a": head + "@b\n@c\n", "b": head + "le\n", "c": head + "le\nla\n"}, ""},
		{"include cycle", map[string]string{"a": head + "@b\n", "b": head + "@a\n"}, "includes itself"},
		{"missing include", map[string]string{"a": head + "@b\n"}, "no list"},
		{"int values", map[string]string{"a": "# form: lower\n# values: int\n# source: by hand\nun 1\ndeux 2\n"}, ""},
		{"bad int", map[string]string{"a": "# form: lower\n# values: int\n# source: by hand\nun one\n"}, "value"},
		{"no value", map[string]string{"a": "# form: lower\n# values: float\n# source: by hand\nmille\n"}, "no value"},
		{"bad kind of values", map[string]string{"a": "# form: lower\n# values: colour\n# source: by hand\nun 1\n"}, "values"},
		{"valued include", map[string]string{"a": "# form: lower\n# values: int\n# source: by hand\n@b 1\n", "b": head + "le\n"}, "includes nothing"},
		{"include of valued", map[string]string{"a": head + "@b\n", "b": "# form: folded\n# values: int\n# source: by hand\nun 1\n"}, "valued list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tt.files {
				fsys["data/"+name+".txt"] = &fstest.MapFile{Data: []byte(text)}
			}
			_, err := Parse(fsys)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.want != "" && (err == nil || !errors.Is(err, ErrData) || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want an ErrData saying %q", err, tt.want)
			}
		})
	}
}

func TestFoldedInclude(t *testing.T) {
	const head = "# what it is\n# form: folded\n# source: written by hand for this test\n"
	c, err := Parse(fstest.MapFS{
		"data/a.txt": {Data: []byte(head + "@b\nde\n")},
		"data/b.txt": {Data: []byte("# form: lower\n# source: by hand\nl'\nété\njusqu’\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c["a"].Entries, []string{"l", "ete", "jusqu", "de"}; !slices.Equal(got, want) {
		t.Errorf("entries %q, want %q", got, want)
	}
}

func BenchmarkParse(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Parse(dataFS); err != nil {
			b.Fatal(err)
		}
	}
}
