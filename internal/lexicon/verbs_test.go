package lexicon

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// smallVerbs returns a verbs file with one template, "parl:er", that only
// has an infinitive, a third person present, a present participle and a
// masculine past participle, and one verb using it.
func smallVerbs() string {
	cells := make([]string, verbCellCount)
	for i := range cells {
		cells[i] = defectiveCell
	}
	cells[0], cells[3], cells[46], cells[47] = "er", "e", "ant", "é"
	return "# test\nparl:er\t" + strings.Join(cells, "|") + "\nparler\tparl:er\n"
}

func TestInfinitives(t *testing.T) {
	l := lex(t)
	tests := []struct {
		form string
		want []string // exactly, in order
	}{
		// irregular verbs
		{"meurt", []string{"mourir"}},
		{"mourra", []string{"mourir"}},
		{"mort", []string{"mourir"}},
		{"morte", []string{"mourir"}},
		{"mortes", []string{"mourir"}},
		{"pris", []string{"prendre"}},
		{"prenions", []string{"prendre"}},
		{"né", []string{"naître"}},
		{"nées", []string{"naître"}},
		{"naquit", []string{"naître"}},
		{"fait", []string{"faire"}},
		{"fîmes", []string{"faire"}},
		{"vu", []string{"voir"}},
		{"verrons", []string{"voir"}},
		{"peut", []string{"pouvoir"}},
		{"puissent", []string{"pouvoir"}},
		{"irons", []string{"aller"}},
		{"sommes", []string{"être", "sommer"}}, // être has a template of its own
		{"fûmes", []string{"être"}},
		{"ayant", []string{"avoir"}},
		{"eues", []string{"avoir"}},
		{"suis", []string{"être", "suivre"}},
		{"aille", []string{"aller", "ailler"}},
		{"vit", []string{"vivre", "voir"}},
		{"faut", []string{"faillir", "falloir"}},
		// regular verbs
		{"redémarreront", []string{"redémarrer"}},
		{"travaillent", []string{"travailler"}},
		{"mangeons", []string{"manger"}},
		{"finissaient", []string{"finir"}},
		{"choisies", []string{"choisir"}},
		{"vendu", []string{"vendre"}},
		{"aimer", []string{"aimer"}}, // the infinitive is a form too
		// case, accents, elision
		{"Redémarreront", []string{"redémarrer"}},
		{"redemarreront", []string{"redémarrer"}},
		{"REDEMARRERONT", []string{"redémarrer"}},
		{"naitra", []string{"naître"}},
		{"nee", []string{"naître"}},
		{"peche", []string{"pécher", "pêcher"}},
		{"pêche", []string{"pêcher"}}, // exact beats accent-insensitive
		{"s'améliore", []string{"améliorer"}},
		{"s’améliore", []string{"améliorer"}},
		{"j'ai", []string{"avoir"}},
		{"entr'aimer", []string{"entr'aimer"}},
		// unknown
		{"", nil},
		{"qwxzv", nil},
		{"maison", nil},
		{"les", nil},
		{"redémarrerons-nous", nil},
		{"il meurt", nil},
		{strings.Repeat("a", 300), nil},
	}
	for _, tt := range tests {
		if got := l.Infinitives(tt.form); !slices.Equal(got, tt.want) {
			t.Errorf("Infinitives(%q) = %#v, want %#v", tt.form, got, tt.want)
		}
	}
}

func TestVerbForms(t *testing.T) {
	l := lex(t)
	tests := []struct {
		inf  string
		want []string // all present
		not  []string
	}{
		{"mourir", []string{"meurt", "mort", "morts", "morte", "mortes", "mourra", "mourant", "mourût"}, []string{"mouri", "mourit"}},
		{"naître", []string{"nais", "naît", "naquit", "né", "née", "nés", "nées", "naissant"}, []string{"naîtu"}},
		{"prendre", []string{"prend", "prennent", "pris", "prise", "prises", "prendra", "prît"}, []string{"prendu"}},
		{"faire", []string{"fait", "faites", "font", "fera", "fasse", "faisant", "fîmes"}, []string{"faisons-nous"}},
		{"voir", []string{"vois", "voit", "vu", "vue", "verra", "vît"}, []string{"voira"}},
		{"pouvoir", []string{"peux", "peut", "puis", "pu", "pourra", "puisse"}, nil},
		{"aller", []string{"vais", "va", "vont", "irai", "aille", "allé", "allées"}, nil},
		{"être", []string{"suis", "est", "sommes", "sont", "été", "fut", "soit", "étant"}, nil},
		{"avoir", []string{"ai", "a", "ont", "eu", "eue", "aurait", "ayant"}, nil},
		{"redémarrer", []string{"redémarreront", "redémarré", "redémarrées", "redémarrant"}, nil},
		{"finir", []string{"finissons", "fini", "finies", "finît"}, nil},
		{"Naitre", []string{"né", "naquit"}, nil}, // accents optional
		{"se lever", []string{"lève", "levé"}, nil},
		{"s'améliorer", []string{"améliore"}, nil},
		{"pecher", []string{"péché", "pêché"}, nil},
	}
	for _, tt := range tests {
		got := l.VerbForms(tt.inf)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("VerbForms(%q) = %v, want %q", tt.inf, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("VerbForms(%q) contains %q", tt.inf, w)
			}
		}
		if c := slices.Compact(slices.Sorted(slices.Values(got))); len(c) != len(got) {
			t.Errorf("VerbForms(%q) has duplicates: %v", tt.inf, got)
		}
	}
	// The order is the conjugation table's: infinitive first, past
	// participle (masculine singular, plural, feminine singular, plural)
	// last.
	got := l.VerbForms("mourir")
	if len(got) < 5 || got[0] != "mourir" || !slices.Equal(got[len(got)-4:], []string{"mort", "morts", "morte", "mortes"}) {
		t.Errorf("VerbForms(mourir) = %v: want mourir first and mort, morts, morte, mortes last", got)
	}
	if got := l.VerbForms("falloir"); !slices.Equal(got, []string{"falloir", "faut", "fallait", "faudra", "fallut", "faudrait", "faille", "fallût", "fallu"}) {
		t.Errorf("VerbForms(falloir) = %v", got)
	}
	for _, w := range []string{"", "qwxzv", "maison", "meurt", "mourir mourir", "se", "s'"} {
		if got := l.VerbForms(w); got != nil {
			t.Errorf("VerbForms(%q) = %v, want nil", w, got)
		}
	}
	a := l.VerbForms("aimer")
	a[0] = "MUTATED"
	if l.VerbForms("aimer")[0] != "aimer" {
		t.Error("VerbForms returns shared storage")
	}
}

func TestLemmasVerbs(t *testing.T) {
	l := lex(t)
	tests := []struct {
		word string
		want []string // exactly, in order
	}{
		// headwords: the word first, then irregular verbs only
		{"meurt", []string{"meurt", "mourir"}},
		{"mort", []string{"mort", "mourir"}},
		{"morte", []string{"morte", "mort", "mourir"}},
		{"pris", []string{"pris", "prendre"}},
		{"né", []string{"né", "naître"}},
		{"née", []string{"née", "né", "naître"}},
		{"fait", []string{"fait", "faire"}},
		{"vu", []string{"vu", "voir"}},
		{"employés", []string{"employés", "employé"}}, // -er verb: no employer
		{"marché", []string{"marché"}},
		{"plus", []string{"plus", "plu"}}, // function word: no plaire
		// not headwords
		{"morts", []string{"mort", "mourir"}},
		{"peut", []string{"pouvoir"}},
		{"redémarreront", []string{"redémarrer"}},
		{"redemarreront", []string{"redémarrer"}},
		{"vont", []string{"aller"}},
		{"sont", []string{"être"}},
		{"serait", []string{"être"}}, // verbiste known: no "serre" guessed from -ait
		{"travaillent", []string{"travailler"}},
	}
	for _, tt := range tests {
		if got := l.Lemmas(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("Lemmas(%q) = %#v, want %#v", tt.word, got, tt.want)
		}
	}
	if got := l.Expand("meurt"); len(got) == 0 || got[0] != "mourir" {
		t.Errorf("Expand(meurt) = %v, want mourir first", got)
	}
	if got := l.Synonyms("mortes"); !containsAny(got, "décéder", "périr", "trépasser") {
		t.Errorf("Synonyms(mortes) = %v, want synonyms of mourir", got)
	}
}

// TestVerbRoundTrip checks, for one verb of every template and a sample of
// the others, that each of its forms (as written, and without accents)
// analyses back to it.
func TestVerbRoundTrip(t *testing.T) {
	l := lex(t)
	d := l.verbs
	seen := map[uint16]bool{}
	var infs []string
	n := 0
	for inf := range d.verbs.all() {
		ti, _ := d.template(inf)
		if !seen[ti] || n%97 == 0 {
			seen[ti] = true
			infs = append(infs, inf)
		}
		n++
	}
	if len(seen) != len(d.tmpls) {
		t.Fatalf("%d templates used, %d parsed", len(seen), len(d.tmpls))
	}
	for _, inf := range infs {
		forms := l.VerbForms(inf)
		if !slices.Contains(forms, inf) {
			t.Errorf("VerbForms(%q) = %v, want the infinitive among them", inf, forms)
			continue
		}
		for _, f := range forms {
			if f == "" || f != strings.ToLower(f) || !norm.NFC.IsNormalString(f) {
				t.Errorf("VerbForms(%q) has form %q", inf, f)
			}
			if got := l.Infinitives(f); !slices.Contains(got, inf) {
				t.Errorf("Infinitives(%q) = %v, want %q", f, got, inf)
			}
			if folded := foldAccents(f); folded != f {
				if got := l.Infinitives(folded); !slices.Contains(got, inf) && !hasFoldedForm(l, got, f) {
					t.Errorf("Infinitives(%q) = %v, want %q", folded, got, inf)
				}
			}
		}
	}
}

// hasFoldedForm reports whether an exact analysis of the folded form of f
// explains why the accent-insensitive one of f was not needed.
func hasFoldedForm(l *Lexicon, infs []string, f string) bool {
	for _, inf := range infs {
		if slices.Contains(l.VerbForms(inf), foldAccents(f)) {
			return true
		}
	}
	return false
}

func TestEmbeddedVerbData(t *testing.T) {
	l := lex(t)
	if n := l.verbs.verbs.len(); n < 7000 {
		t.Errorf("%d verbs, want about 7,000", n)
	}
	if n := len(l.verbs.tmpls); n < 140 {
		t.Errorf("%d templates, want about 148", n)
	}
	for inf := range l.verbs.verbs.all() {
		if inf != strings.ToLower(inf) || !norm.NFC.IsNormalString(inf) || strings.ContainsAny(inf, " |,:") {
			t.Fatalf("bad infinitive %q", inf)
		}
	}
}

func TestSmallVerbData(t *testing.T) {
	good := "mot\tterme\n"
	l := &Lexicon{src: fsSource(testData(map[string]string{thesaurusFile: good, enFrFile: good, verbsFile: smallVerbs()}))}
	if got := l.VerbForms("parler"); !slices.Equal(got, []string{"parler", "parle", "parlant", "parlé"}) {
		t.Errorf("VerbForms(parler) = %v", got)
	}
	if got := l.Infinitives("parlé"); !slices.Equal(got, []string{"parler"}) {
		t.Errorf("Infinitives(parlé) = %v", got)
	}
	if got := l.Infinitives("parlons"); got != nil {
		t.Errorf("Infinitives(parlons) = %v, want nil (defective cell)", got)
	}
}

func TestBadVerbData(t *testing.T) {
	good := "mot\tterme\n"
	tmpl, _, _ := strings.Cut(strings.TrimPrefix(smallVerbs(), "# test\n"), "\n")
	tests := map[string]string{
		"missing":           "",
		"no verbs":          tmpl + "\n",
		"no tab":            tmpl + "\nparler parl:er\n",
		"unknown template":  tmpl + "\nparler\tchant:er\n",
		"wrong termination": tmpl + "\nfinir\tparl:er\n",
		"too few cells":     "parl:er\ter|e\nparler\tparl:er\n",
		"too many cells":    strings.Replace(tmpl, "\t", "\ter|", 1) + "\nparler\tparl:er\n",
		"duplicate":         tmpl + "\n" + tmpl + "\nparler\tparl:er\n",
		"duplicate verb":    tmpl + "\nparler\tparl:er\nparler\tparl:er\n",
		"verbs not sorted":  tmpl + "\nparler\tparl:er\naparler\tparl:er\n",
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			l := &Lexicon{src: fsSource(testData(map[string]string{thesaurusFile: good, enFrFile: good, verbsFile: text}))}
			if err := l.Load(); !errors.Is(err, ErrData) {
				t.Errorf("Load() = %v, want ErrData", err)
			}
			if l.Infinitives("parle") != nil || l.VerbForms("parler") != nil {
				t.Error("verb look-ups after a failed load must find nothing")
			}
		})
	}
}
