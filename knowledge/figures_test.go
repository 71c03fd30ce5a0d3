package knowledge

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/knowledge/numbers"
)

// wantFigure describes one expected figure; empty strings are not checked.
type wantFigure struct {
	text    string // Quantity.Text
	kind    numbers.Kind
	value   float64
	max     float64
	approx  string
	what    []string // substrings of What
	label   []string // substrings of Label()
	period  string
	passage int
}

func findFigure(figs []Figure, text string) (Figure, bool) {
	for _, f := range figs {
		if f.Text == text {
			return f, true
		}
	}
	return Figure{}, false
}

func checkFigures(t *testing.T, doc Document, figs []Figure, want []wantFigure) {
	t.Helper()
	for _, w := range want {
		f, ok := findFigure(figs, w.text)
		if !ok {
			t.Errorf("%s: no figure %q in\n%s", doc.ID, w.text, describeFigures(figs))
			continue
		}
		if f.Kind != w.kind || !closeTo(f.Value, w.value) || !closeTo(f.Max, w.max) || f.Approx != w.approx {
			t.Errorf("%s: figure %v, want %v %v..%v approx %q", doc.ID, f.Quantity, w.kind, w.value, w.max, w.approx)
		}
		for _, s := range w.what {
			if !strings.Contains(f.What, s) {
				t.Errorf("%s: figure %q: What = %q, want it to contain %q", doc.ID, f.Text, f.What, s)
			}
		}
		for _, s := range w.label {
			if !strings.Contains(f.Label(), s) {
				t.Errorf("%s: figure %q: Label = %q, want it to contain %q", doc.ID, f.Text, f.Label(), s)
			}
		}
		if w.period != "" && f.Period != w.period {
			t.Errorf("%s: figure %q: Period = %q, want %q", doc.ID, f.Text, f.Period, w.period)
		}
		if w.passage != 0 && f.Passage != w.passage {
			t.Errorf("%s: figure %q in §%d, want §%d", doc.ID, f.Text, f.Passage, w.passage)
		}
	}
	// Every figure points back into its passage and sentence.
	for _, f := range figs {
		if f.Doc != doc.ID || f.Passage < 1 || f.Passage > len(doc.Passages) {
			t.Errorf("figure %q: doc %q §%d", f.Text, f.Doc, f.Passage)
			continue
		}
		p := doc.Passages[f.Passage-1]
		if p.Text[f.Start:f.End] != f.Text {
			t.Errorf("figure %q: passage text at %d:%d is %q", f.Text, f.Start, f.End, p.Text[f.Start:f.End])
		}
		if !strings.Contains(f.Sentence, f.Text) || !containsString(p.Sentences, f.Sentence) {
			t.Errorf("figure %q: sentence %q is not a sentence of §%d holding it", f.Text, f.Sentence, f.Passage)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func describeFigures(figs []Figure) string {
	var b strings.Builder
	for _, f := range figs {
		b.WriteString("\t§" + itoa(f.Passage) + " " + f.Quantity.String() + " — " + f.Label() + " [" + f.Period + "]\n")
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

// closeTo reports whether two values are equal but for rounding.
func closeTo(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

func TestExtractFiguresDefaultKB(t *testing.T) {
	b := kbDefault(t)
	doc := b.Documents()[0]
	figs := ExtractFigures(doc)
	checkFigures(t, doc, figs, []wantFigure{
		{text: "23 avril", kind: numbers.Date, value: 23, what: []string{"visioconférence"}, label: []string{"AMRC"}, period: "23 avril", passage: 2},
		{text: "20", kind: numbers.Count, value: 20, approx: "près de", what: []string{"mesures"}, label: []string{"charte de conformité sanitaire"}, passage: 2},
		{text: "troisième trimestre 2020", kind: numbers.Period, value: 3, what: []string{"activité rentable"}, period: "troisième trimestre 2020", passage: 3},
		{text: "80.000", kind: numbers.Count, value: 80000, approx: "près de", what: []string{"salariés"}, label: []string{"secteur"}, passage: 4},
		{text: "11 milliards de DH", kind: numbers.Money, value: 11e9, approx: "avoisinant", what: []string{"chiffre d'affaire", "export"}, label: []string{"offshoring"}, passage: 4},
		{text: "5%", kind: numbers.Percent, value: 5, approx: "plus de", what: []string{"croissance du PIB du royaume"}, passage: 4},
		{text: "40% à 50%", kind: numbers.Percent, value: 40, max: 50, approx: "près", what: []string{"télétravail", "cas"}, passage: 4},
	})
	// Nothing else: not "Covid-19", not the boilerplate linked articles
	// ("Plus de 40 entreprises certifiées", "417 infractions").
	if len(figs) != 7 {
		t.Errorf("%d figures, want 7:\n%s", len(figs), describeFigures(figs))
	}
	for _, f := range figs {
		if f.Value == 417 || (f.Value == 40 && f.Kind == numbers.Count) || f.Value == 19 ||
			strings.Contains(f.Sentence, "infractions") || strings.Contains(f.Sentence, "Masques") {
			t.Errorf("figure from boilerplate or a name: %v in %q", f.Quantity, f.Sentence)
		}
	}
	if got := b.Figures(); !reflect.DeepEqual(got, figs) {
		t.Errorf("Base.Figures differs from ExtractFigures:\n%s", describeFigures(got))
	}
	var byPassage []Figure
	for _, p := range doc.Passages {
		byPassage = append(byPassage, PassageFigures(p)...)
	}
	if !reflect.DeepEqual(byPassage, figs) {
		t.Errorf("PassageFigures of each passage differ from ExtractFigures:\n%s", describeFigures(byPassage))
	}
}

// TestExtractFiguresSynthetic checks the extraction on two news items
// written for the tests, with other figures and other wording.
func TestExtractFiguresSynthetic(t *testing.T) {
	b, err := LoadDir(t.Context(), "testdata/figures", Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string][]wantFigure{
		"tourisme-2023": {
			{text: "14,5 millions", kind: numbers.Count, value: 14.5e6, what: []string{"touristes"}, label: []string{"Maroc"}, period: "2023", passage: 1},
			{text: "34%", kind: numbers.Percent, value: 34, what: []string{"hausse"}, period: "2022", passage: 1},
			{text: "105 milliards de dirhams", kind: numbers.Money, value: 105e9, approx: "près de", what: []string{"recettes touristiques"}, passage: 2},
			{text: "23%", kind: numbers.Percent, value: 23, what: []string{"nuitées"}, passage: 2},
			{text: "12 mars 2024", kind: numbers.Date, value: 12, what: []string{"conférence"}, label: []string{"ministère"}, passage: 3},
			{text: "200.000", kind: numbers.Count, value: 200000, what: []string{"emplois"}, period: "2030", passage: 3},
			{text: "26 millions", kind: numbers.Count, value: 26e6, what: []string{"visiteurs"}, passage: 3},
			{text: "70%", kind: numbers.Percent, value: 70, approx: "environ", what: []string{"arrivées"}, label: []string{"transport aérien"}, passage: 4},
		},
		"automobile-export": {
			{text: "premier semestre 2023", kind: numbers.Period, value: 1, what: []string{"exportations"}, passage: 1},
			{text: "70 milliards de DH", kind: numbers.Money, value: 70e9, what: []string{"exportations du secteur automobile"}, period: "premier semestre 2023", passage: 1},
			{text: "27%", kind: numbers.Percent, value: 27, what: []string{"progression"}, passage: 1},
			{text: "12 000", kind: numbers.Count, value: 12000, approx: "plus de", what: []string{"personnes"}, label: []string{"usine de Tanger"}, passage: 2},
			{text: "250.000", kind: numbers.Count, value: 250000, approx: "quelque", what: []string{"véhicules"}, passage: 2},
			{text: "65%", kind: numbers.Percent, value: 65, what: []string{"taux d'intégration"}, passage: 2},
			{text: "5 juin", kind: numbers.Date, value: 5, what: []string{"réunion"}, passage: 3},
			{text: "Entre 40 et 45", kind: numbers.Count, value: 40, max: 45, what: []string{"usines de sous-traitance"}, period: "2025", passage: 3},
			{text: "1,2 milliard d'euros", kind: numbers.Money, value: 1.2e9, what: []string{"investissement"}, passage: 3},
		},
	}
	for id, want := range tests {
		doc, ok := b.Document(id)
		if !ok {
			t.Fatalf("no document %q", id)
		}
		figs := ExtractFigures(doc)
		checkFigures(t, doc, figs, want)
		for _, f := range figs {
			// "Lire aussi" and "Article suivant" titles are not content.
			for _, bad := range []string{"sièges", "logements", "GW"} {
				if strings.Contains(f.Sentence, bad) {
					t.Errorf("%s: figure %q from boilerplate %q", id, f.Text, f.Sentence)
				}
			}
		}
	}
}

func BenchmarkExtractFigures(b *testing.B) {
	doc := kbDefault(b).Documents()[0]
	b.ResetTimer()
	for b.Loop() {
		ExtractFigures(doc)
	}
}
