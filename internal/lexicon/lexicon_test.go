package lexicon

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// shared parses the embedded data once for the whole test binary; every
// test only reads it.
var shared = sync.OnceValues(New)

func lex(t testing.TB) *Lexicon {
	t.Helper()
	l, err := shared()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return l
}

// containsAny reports whether got contains at least one of want.
func containsAny(got []string, want ...string) bool {
	for _, w := range want {
		if slices.Contains(got, w) {
			return true
		}
	}
	return false
}

func TestSynonyms(t *testing.T) {
	l := lex(t)
	tests := []struct {
		word string
		want []string // at least one of these must be returned
	}{
		{"embaucher", []string{"recruter"}},
		{"Embaucher", []string{"recruter"}},
		{"bosser", []string{"travailler"}},
		{"monnaie", []string{"devise"}},
		{"employés", []string{"salarié"}},
		{"employe", []string{"salarié"}},              // accent omitted
		{"travaillent", []string{"bosser"}},           // via travailler
		{"emploie", []string{"embaucher"}},            // via employer
		{"dirige", []string{"gouverner", "conduire"}}, // via diriger
		{"redémarrera", []string{"repartir"}},         // via redémarrer
		{"redemarrera", []string{"repartir"}},         // idem, no accent
		{"recrutement", []string{"enrôlement"}},       //
		{"bénéfices", []string{"profit", "gain"}},
		{"rentable", []string{"lucratif", "profitable"}},
		{"l'embauche", []string{"engagement"}}, // elision
		{"l’embauche", []string{"engagement"}}, // typographic apostrophe
		{"directrice", []string{"gérant", "patron"}},
		{"mangeons", []string{"dévorer"}},
		{"finissent", []string{"terminer"}},
		{"achète", []string{"acquérir", "acquis"}},
		{"oeuvre", []string{"ouvrage"}},         // ligature typed as "oe"
		{"E\u0301conomie", []string{"épargne"}}, // NFD input
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			got := l.Synonyms(tt.word)
			if !containsAny(got, tt.want...) {
				t.Errorf("Synonyms(%q) = %v, want one of %v", tt.word, got, tt.want)
			}
			if w := normalizeInput(tt.word); slices.Contains(got, w) {
				t.Errorf("Synonyms(%q) contains the word itself", tt.word)
			}
			if c := slices.Compact(slices.Sorted(slices.Values(got))); len(c) != len(got) {
				t.Errorf("Synonyms(%q) has duplicates: %v", tt.word, got)
			}
		})
	}
}

func TestLemmas(t *testing.T) {
	l := lex(t)
	tests := []struct {
		word string
		want []string // all must be present
		not  []string // none may be present
	}{
		{"travaillent", []string{"travailler"}, nil},
		{"emploie", []string{"employer", "emploi"}, nil},
		{"employés", []string{"employés", "employé"}, []string{"employer"}}, // headword: no verb guesses
		{"dirige", []string{"diriger"}, nil},
		{"redémarrera", []string{"redémarrer"}, nil},
		{"travaux", []string{"travail"}, nil},
		{"finissent", []string{"finir"}, nil},
		{"vendra", []string{"vendre"}, nil},
		{"l'embauche", []string{"embauche"}, []string{"embauché"}},
		{"salariées", []string{"salarié"}, nil},
	}
	for _, tt := range tests {
		got := l.Lemmas(tt.word)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Lemmas(%q) = %v, want %q", tt.word, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("Lemmas(%q) = %v, must not contain %q", tt.word, got, w)
			}
		}
	}
	if got := l.Lemmas("travaillent"); len(got) == 0 || got[0] != "travailler" {
		t.Errorf("Lemmas(travaillent)[0] = %v, want travailler first", got)
	}
}

func TestExpand(t *testing.T) {
	l := lex(t)
	got := l.Expand("travaillent")
	if len(got) == 0 || got[0] != "travailler" || !slices.Contains(got, "bosser") {
		t.Errorf("Expand(travaillent) = %v, want travailler first then its synonyms", got)
	}
}

func TestTranslate(t *testing.T) {
	l := lex(t)
	tests := []struct {
		word string
		want []string // at least one
	}{
		{"employees", []string{"employé"}},
		{"Employee", []string{"employé"}},
		{"employee's", []string{"employé"}},
		{"workers'", []string{"ouvrier"}},
		{"sector", []string{"secteur"}},
		{"growth", []string{"croissance", "accroissement"}},
		{"measures", []string{"mesure"}},
		{"companies", []string{"compagnie"}},
		{"hiring", []string{"embaucher"}},
		{"hired", []string{"embaucher"}},
		{"worked", []string{"travailler"}},
		{"grew", []string{"croître", "grandir", "pousser", "cultiver", "devenir"}},
		{"How", []string{"comment"}},
	}
	for _, tt := range tests {
		if got := l.Translate(tt.word); !containsAny(got, tt.want...) {
			t.Errorf("Translate(%q) = %v, want one of %v", tt.word, got, tt.want)
		}
	}
	// An irregular form must not also be read as a regular plural.
	if got := l.Translate("does"); slices.Contains(got, "biche") {
		t.Errorf("Translate(does) = %v, contains the translation of doe", got)
	}
}

func TestTranslatePhrase(t *testing.T) {
	l := lex(t)
	tests := []struct {
		phrase string
		want   string
	}{
		{"how many", "combien"},
		{"How  much", "combien"},
		{"a lot of", "beaucoup"},
		{"sector", "secteur"},
	}
	for _, tt := range tests {
		if got := l.TranslatePhrase(tt.phrase); !slices.Contains(got, tt.want) {
			t.Errorf("TranslatePhrase(%q) = %v, want %q", tt.phrase, got, tt.want)
		}
	}
}

func TestIsEnglishWord(t *testing.T) {
	l := lex(t)
	tests := []struct {
		word string
		want bool
	}{
		{"employees", true},
		{"sector", true},
		{"How", true},
		{"does", true},
		{"travaillent", false},
		{"salariés", false},
		{"personnes", false},
		{"les", false},
		{"", false},
		{"qwxzv", false},
	}
	for _, tt := range tests {
		if got := l.IsEnglishWord(tt.word); got != tt.want {
			t.Errorf("IsEnglishWord(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
	if !l.IsFrenchWord("travaillent") || l.IsFrenchWord("qwxzv") {
		t.Errorf("IsFrenchWord: want travaillent true, qwxzv false")
	}
}

func TestUnknownAndWeirdInput(t *testing.T) {
	l := lex(t)
	inputs := []string{"", " ", "qwxzv", "zzzzzzzzzz", "!!!", "'", "l'", "qu'", "\xff\xfe", "123", "0 -", "zzq -- ", strings.Repeat("a", 1000), "\u0301", "-"}
	for _, in := range inputs {
		if got := l.Synonyms(in); got != nil {
			t.Errorf("Synonyms(%q) = %v, want nil", in, got)
		}
		if got := l.Lemmas(in); got != nil {
			t.Errorf("Lemmas(%q) = %v, want nil", in, got)
		}
		if got := l.Translate(in); got != nil {
			t.Errorf("Translate(%q) = %v, want nil", in, got)
		}
		if got := l.TranslatePhrase(in); got != nil {
			t.Errorf("TranslatePhrase(%q) = %v, want nil", in, got)
		}
		if l.IsEnglishWord(in) {
			t.Errorf("IsEnglishWord(%q) = true", in)
		}
	}
	var nilLex *Lexicon
	if nilLex.Synonyms("embaucher") != nil || nilLex.Translate("sector") != nil || nilLex.IsEnglishWord("sector") {
		t.Error("nil *Lexicon must find nothing")
	}
}

func TestResultsAreFresh(t *testing.T) {
	l := lex(t)
	a := l.Synonyms("embaucher")
	if len(a) == 0 {
		t.Fatal("Synonyms(embaucher) is empty")
	}
	a[0] = "MUTATED"
	if b := l.Synonyms("embaucher"); b[0] == "MUTATED" {
		t.Error("Synonyms returns shared storage")
	}
	tr := l.Translate("sector")
	tr[0] = "MUTATED"
	if l.Translate("sector")[0] == "MUTATED" {
		t.Error("Translate returns shared storage")
	}
}

func TestLazyConcurrent(t *testing.T) {
	l := Lazy()
	var wg sync.WaitGroup
	results := make([][]string, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = l.Synonyms("bosser")
		}()
	}
	wg.Wait()
	for i, r := range results {
		if !slices.Contains(r, "travailler") {
			t.Errorf("goroutine %d: Synonyms(bosser) = %v", i, r)
		}
	}
	if err := l.Load(); err != nil {
		t.Errorf("Load: %v", err)
	}
}

// testData returns a data tree of the given files (name: text), with
// empty derived tables unless given.
func testData(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{thesFoldFile: {Data: []byte("# none\n")}, verbsFoldFile: {Data: []byte("# none\n")}}
	for name, text := range files {
		if text == "" {
			delete(fsys, name) // missing
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func TestBadData(t *testing.T) {
	good := "# comment\nmot\tterme|vocable\n"
	// The thesaurus names synonyms by the base-36 number of their entry.
	goodThes := "# comment\nmot\t1|2\nterme\t0\nvocable\t0\n"
	tests := []struct {
		name string
		fs   fstest.MapFS
	}{
		{"missing file", testData(map[string]string{thesaurusFile: goodThes, verbsFile: smallVerbs()})},
		{"missing derived table", testData(map[string]string{thesaurusFile: goodThes, enFrFile: good, verbsFile: smallVerbs(), thesFoldFile: ""})},
		{"no tab", testData(map[string]string{thesaurusFile: "mot terme\n", enFrFile: good, verbsFile: smallVerbs()})},
		{"empty value", testData(map[string]string{thesaurusFile: "mot\t\n", enFrFile: good, verbsFile: smallVerbs()})},
		{"empty", testData(map[string]string{thesaurusFile: "# only a comment\n", enFrFile: good, verbsFile: smallVerbs()})},
		{"not sorted", testData(map[string]string{thesaurusFile: "mot\tterme\nabri\tasile\n", enFrFile: good, verbsFile: smallVerbs()})},
		{"duplicate", testData(map[string]string{thesaurusFile: goodThes, enFrFile: "word\tmot\nword\tterme\n", verbsFile: smallVerbs()})},
		{"derived table not sorted", testData(map[string]string{thesaurusFile: goodThes, enFrFile: good, verbsFile: smallVerbs(), thesFoldFile: "eleve\télève\nabime\tabîmé\n"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Lexicon{src: fsSource(tt.fs)}
			if err := l.Load(); !errors.Is(err, ErrData) {
				t.Errorf("Load() = %v, want ErrData", err)
			}
			if got := l.Synonyms("mot"); got != nil {
				t.Errorf("Synonyms after failed load = %v, want nil", got)
			}
		})
	}
	l := &Lexicon{src: fsSource(testData(map[string]string{thesaurusFile: goodThes, enFrFile: "word\tmot\n", verbsFile: smallVerbs()}))}
	if got := l.Synonyms("mot"); !slices.Equal(got, []string{"terme", "vocable"}) {
		t.Errorf("Synonyms(mot) from small data = %v", got)
	}
	if got := l.Translate("words"); !slices.Equal(got, []string{"mot"}) {
		t.Errorf("Translate(words) from small data = %v", got)
	}
	// A number that names no entry, or is no number, is passed over.
	l = &Lexicon{src: fsSource(testData(map[string]string{thesaurusFile: "mot\t1|9999|é\nterme\t0\n", enFrFile: good, verbsFile: smallVerbs()}))}
	if got := l.Synonyms("mot"); !slices.Equal(got, []string{"terme"}) {
		t.Errorf("Synonyms(mot) with bad numbers = %v, want [terme]", got)
	}
}

// TestEmbeddedDataClean checks the invariants genlexicon promises.
func TestEmbeddedDataClean(t *testing.T) {
	l := lex(t)
	for name, m := range map[string]*table{"thesaurus": &l.thes, "en-fr": &l.enFr} {
		if m.len() < 5000 {
			t.Errorf("%s: only %d entries", name, m.len())
		}
		for head, joined := range m.all() {
			words := strings.Split(joined, "|")
			if head != strings.ToLower(head) || !norm.NFC.IsNormalString(head) || !utf8.ValidString(head) {
				t.Fatalf("%s: headword %q not lowercase NFC", name, head)
			}
			if len(words) > 25 {
				t.Fatalf("%s: %q has %d words, cap is 25", name, head, len(words))
			}
			if slices.Contains(words, "") {
				t.Fatalf("%s: %q has an empty word: %q", name, head, joined)
			}
			if c := slices.Compact(slices.Sorted(slices.Values(words))); len(c) != len(words) {
				t.Fatalf("%s: %q has duplicate words: %q", name, head, joined)
			}
		}
	}
}

// TestDerivedTablesUpToDate checks that the tables go generate derives
// (internal/tools/genlexicon -derive) match the data they come from: each
// folded form lists, in order, every key that folds to it, and nothing else.
func TestDerivedTablesUpToDate(t *testing.T) {
	l := lex(t)
	tests := []struct {
		name    string
		keys    *table
		derived *table
	}{
		{thesFoldFile, &l.thes, &l.thesFold},
		{verbsFoldFile, &l.verbs.verbs, &l.verbs.verbsFold},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := map[string][]string{}
			for k := range tt.keys.all() {
				if f := foldAccents(k); f != k {
					want[f] = append(want[f], k)
				}
			}
			if tt.derived.len() != len(want) {
				t.Errorf("%d entries, want %d: run go generate ./internal/lexicon", tt.derived.len(), len(want))
			}
			for f, joined := range tt.derived.all() {
				if got := slices.Collect(words(joined)); !slices.Equal(got, want[f]) {
					t.Fatalf("%q: %v, want %v: run go generate ./internal/lexicon", f, got, want[f])
				}
			}
		})
	}
}

func TestTable(t *testing.T) {
	tab, err := newTable("test", "# comment\nabri\tasile\nmot\tterme|vocable\nmots croisés\tgrille\nzèbre\tanimal")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		key, want string
		ok        bool
	}{
		{"abri", "asile", true},
		{"mot", "terme|vocable", true},
		{"mots croisés", "grille", true},
		{"zèbre", "animal", true}, // last line, no newline
		{"", "", false},
		{"a", "", false},
		{"mots", "", false},
		{"zzz", "", false},
		{"abri\tasile", "", false},
	}
	for _, tt := range tests {
		if got, ok := tab.get(tt.key); got != tt.want || ok != tt.ok {
			t.Errorf("get(%q) = %q, %t; want %q, %t", tt.key, got, ok, tt.want, tt.ok)
		}
	}
	if tab.len() != 4 {
		t.Errorf("len = %d, want 4", tab.len())
	}
}

// TestEmbeddedIndexes checks the generated line indexes of the embedded
// tables against a scan of their text, which also checks the keys are in
// order (the binary search relies on it).
func TestEmbeddedIndexes(t *testing.T) {
	for _, name := range []string{thesaurusFile, thesFoldFile, enFrFile, verbsFile, verbsFoldFile} {
		t.Run(name, func(t *testing.T) {
			text, idx, err := embedded(name)
			if err != nil {
				t.Fatal(err)
			}
			indexed, err := openIndexed(name, text, idx)
			if err != nil {
				t.Fatalf("%v: run go generate ./internal/lexicon", err)
			}
			body, first := skipComments(text)
			if name == verbsFile {
				for strings.Contains(strings.SplitN(body, "\t", 2)[0], ":") { // template lines
					_, body, _ = strings.Cut(body, "\n")
					first++
				}
			}
			scanned, err := newTableAt(name, body, first)
			if err != nil {
				t.Fatal(err)
			}
			if indexed.len() != scanned.len() {
				t.Fatalf("index has %d lines, the text %d: run go generate ./internal/lexicon", indexed.len(), scanned.len())
			}
			for i := range scanned.len() {
				k1, v1 := indexed.line(i)
				k2, v2 := scanned.line(i)
				if k1 != k2 || v1 != v2 {
					t.Fatalf("line %d: index gives %q, the text %q: run go generate ./internal/lexicon", i, k1, k2)
				}
			}
		})
	}
}

func TestBadIndex(t *testing.T) {
	text := "# c\nabri\tasile\nmot\tterme\n"
	le := func(offs ...int) string {
		var b []byte
		for _, o := range offs {
			b = append(b, byte(o), byte(o>>8), byte(o>>16), byte(o>>24))
		}
		return string(b)
	}
	tests := []struct {
		name string
		idx  string
		ok   bool
	}{
		{"good", le(4, 15), true},
		{"truncated", le(4, 15)[:7], false},
		{"decreasing", le(15, 4), false},
		{"past the end", le(4, 15, 99), false},
	}
	for _, tt := range tests {
		tab, err := openIndexed("test", text, tt.idx)
		if (err == nil) != tt.ok || err != nil && !errors.Is(err, ErrData) {
			t.Errorf("%s: err = %v, want ok %t", tt.name, err, tt.ok)
		}
		if err == nil {
			if v, _ := tab.get("mot"); v != "terme" {
				t.Errorf("%s: get(mot) = %q", tt.name, v)
			}
		}
	}
}
