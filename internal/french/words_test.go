package french

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestDataFiles reads every embedded list on its own: it parses, its
// header says what it is for, its form and its source, and its entries are
// in its form, each once.
func TestDataFiles(t *testing.T) {
	c, err := parseAll(dataFS)
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
			if len(l.source) < 20 {
				t.Errorf("source %q says too little", l.source)
			}
			seen := map[string]bool{}
			for _, e := range l.entries {
				if seen[e] {
					t.Errorf("%q twice", e)
				}
				seen[e] = true
				if err := checkForm(l.form, e); err != nil {
					t.Error(err)
				}
				if e != strings.TrimSpace(e) || e == "" || strings.Contains(e, "  ") {
					t.Errorf("entry %q has stray spaces", e)
				}
			}
		})
	}
}

// TestAccessors checks the typed views on a few lists whose content the
// rest of the program relies on.
func TestAccessors(t *testing.T) {
	tests := []struct {
		name string
		got  bool
	}{
		{"articles has l'", Words("articles").Has("l'")},
		{"articles has not l", !Words("articles").Has("l")},
		{"folded articles have l", Words("articles").Folded().Has("l")},
		{"folded time-prepositions have jusqu and apres", Words("time-prepositions").Folded().Has("jusqu") && Words("time-prepositions").Folded().Has("apres")},
		{"question-auxiliaries include auxiliary-verbs, folded", Words("question-auxiliaries").Has("etaient") && Words("question-auxiliaries").Has("ont")},
		{"question-auxiliaries include subject-pronouns", Words("question-auxiliaries").Has("elles")},
		{"figure-verbs include copulas and auxiliary-verbs", Words("figure-verbs").Has("étaient") && Words("figure-verbs").Has("were") && Words("figure-verbs").Has("doivent")},
		{"person-nouns fold œ", Words("person-nouns").Has(Fold("sœur"))},
		{"union", Union(Words("relative-pronouns"), Words("compound-relative-pronouns")).Has("lequel")},
		{"months", get2(Ints("months"), "août") == 8 && get2(Ints("months"), "aout") == 8},
		{"english months keep their case", get2(Ints("english-months"), "May") == 5 && !Ints("english-months").Has("may")},
		{"number words", get2(Ints("number-words"), "soixante") == 60},
		{"scale words", get2(Floats("scale-words"), "milliards") == 1e9},
		{"currencies", get2(Texts("currencies"), "MDH") == "DH"},
		{"chat abbreviations", get2(Texts("chat-abbreviations"), "cb") == "combien"},
		{"ordered list", slices.Index(List("approximations"), "un peu plus de") < slices.Index(List("approximations"), "plus de")},
		{"zero set", !Set{}.Has("le") && Set{}.Len() == 0},
	}
	for _, tt := range tests {
		if !tt.got {
			t.Errorf("%s: false", tt.name)
		}
	}
}

func get2[V int | float64 | string](t Table[V], w string) V {
	v, _ := t.Get(w)
	return v
}

// TestReadOnly: what an accessor returns cannot change the list.
func TestReadOnly(t *testing.T) {
	l := List("approximations")
	l[0] = "changed"
	if List("approximations")[0] == "changed" {
		t.Error("List shares its slice")
	}
	s := Words("articles").Sorted()
	s[0] = "changed"
	if slices.Contains(Words("articles").Sorted(), "changed") {
		t.Error("Sorted shares its slice")
	}
}

func TestAccessorPanics(t *testing.T) {
	tests := []struct {
		name string
		call func()
	}{
		{"unknown list", func() { Words("no-such-list") }},
		{"valued list as words", func() { Words("months") }},
		{"words as a valued list", func() { Ints("articles") }},
		{"ints as floats", func() { Floats("months") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				err, ok := r.(error)
				if !ok || !errors.Is(err, ErrData) {
					t.Errorf("recovered %v, want an ErrData", r)
				}
			}()
			tt.call()
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
			_, err := parseAll(fsys)
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
	c, err := parseAll(fstest.MapFS{
		"data/a.txt": {Data: []byte(head + "@b\nde\n")},
		"data/b.txt": {Data: []byte("# form: lower\n# source: by hand\nl'\nété\njusqu’\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c["a"].entries, []string{"l", "ete", "jusqu", "de"}; !slices.Equal(got, want) {
		t.Errorf("entries %q, want %q", got, want)
	}
}

func BenchmarkParse(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := parseAll(dataFS); err != nil {
			b.Fatal(err)
		}
	}
}
