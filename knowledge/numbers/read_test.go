package numbers

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/shared"
)

// wantQ is the part of a Quantity a test case checks. Zero fields are
// checked too (a count has no unit, an exact number no approximation),
// except day/month/year which are checked only for dates and periods.
type wantQ struct {
	text         string
	kind         Kind
	value, max   float64
	unit, approx string
	day, month   int
	year         int
}

func checkQuantities(t *testing.T, input string, got []Quantity, want []wantQ) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("Read(%q) = %d quantities, want %d:\n%s", input, len(got), len(want), quantities(got))
		return
	}
	for i, w := range want {
		g := got[i]
		if g.Text != w.text || g.Kind != w.kind || !sameValue(g.Value, w.value) || !sameValue(g.Max, w.max) ||
			g.Unit != w.unit || g.Approx != w.approx {
			t.Errorf("Read(%q)[%d] = %v, want %v %v..%v %q %q (approx %q)", input, i, g, w.kind, w.value, w.max, w.text, w.unit, w.approx)
		}
		if (w.kind == Date || w.kind == Period || w.kind == Year) && (g.Day != w.day || g.Month != w.month || g.Year != w.year) {
			t.Errorf("Read(%q)[%d] = %v: day/month/year %d/%d/%d, want %d/%d/%d", input, i, g, g.Day, g.Month, g.Year, w.day, w.month, w.year)
		}
		if input[g.Start:g.End] != g.Text {
			t.Errorf("Read(%q)[%d]: offsets %d:%d give %q, not %q", input, i, g.Start, g.End, input[g.Start:g.End], g.Text)
		}
	}
}

func quantities(qs []Quantity) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString("\t" + q.String() + "\n")
	}
	return b.String()
}

func TestRead(t *testing.T) {
	c, p, m, y := Count, Percent, Money, Year
	tests := []struct {
		in   string
		want []wantQ
	}{
		// French ways of writing a count
		{"le secteur emploie près de 80.000 salariés", []wantQ{{text: "80.000", kind: c, value: 80000, approx: "près de"}}},
		{"80 000 salariés", []wantQ{{text: "80 000", kind: c, value: 80000}}},
		{"80\u00a0000 salariés", []wantQ{{text: "80\u00a0000", kind: c, value: 80000}}},
		{"80000 salariés", []wantQ{{text: "80000", kind: c, value: 80000}}},
		{"1 200 000 habitants", []wantQ{{text: "1 200 000", kind: c, value: 1200000}}},
		{"5.000.000 de visiteurs", []wantQ{{text: "5.000.000", kind: c, value: 5e6}}},
		{"80 mille emplois", []wantQ{{text: "80 mille", kind: c, value: 80000}}},
		{"1 200,50 unités", []wantQ{{text: "1 200,50", kind: c, value: 1200.5}}},
		{"0,125 point", []wantQ{{text: "0,125", kind: c, value: 0.125}}},
		// English
		{"more than 80,000 employees", []wantQ{{text: "80,000", kind: c, value: 80000, approx: "more than"}}},
		{"about 2.5 million people", []wantQ{{text: "2.5 million", kind: c, value: 2.5e6, approx: "about"}}},
		{"11 billion", []wantQ{{text: "11 billion", kind: c, value: 11e9}}},
		{"11bn", []wantQ{{text: "11bn", kind: c, value: 11e9}}},
		{"80k followers", []wantQ{{text: "80k", kind: c, value: 80000}}},
		// percentages
		{"5%", []wantQ{{text: "5%", kind: p, value: 5, unit: "%"}}},
		{"5 %", []wantQ{{text: "5 %", kind: p, value: 5, unit: "%"}}},
		{"5,5 %", []wantQ{{text: "5,5 %", kind: p, value: 5.5, unit: "%"}}},
		{"5 pour cent", []wantQ{{text: "5 pour cent", kind: p, value: 5, unit: "%"}}},
		{"cinq pour cent", []wantQ{{text: "cinq pour cent", kind: p, value: 5, unit: "%"}}},
		{"5 percent", []wantQ{{text: "5 percent", kind: p, value: 5, unit: "%"}}},
		{"contribue à plus de 5% de la croissance", []wantQ{{text: "5%", kind: p, value: 5, unit: "%", approx: "plus de"}}},
		{"adoptée dans près 40% à 50% des cas", []wantQ{{text: "40% à 50%", kind: p, value: 40, max: 50, unit: "%", approx: "près"}}},
		{"40 à 50 %", []wantQ{{text: "40 à 50 %", kind: p, value: 40, max: 50, unit: "%"}}},
		{"10-12 %", []wantQ{{text: "10-12 %", kind: p, value: 10, max: 12, unit: "%"}}},
		{"-5% puis +3 %", []wantQ{{text: "-5%", kind: p, value: -5, unit: "%"}, {text: "+3 %", kind: p, value: 3, unit: "%"}}},
		// ranges of counts
		{"entre 3 et 5 salariés", []wantQ{{text: "entre 3 et 5", kind: c, value: 3, max: 5}}},
		{"entre deux et trois ans", []wantQ{{text: "entre deux et trois ans", kind: Duration, value: 2, max: 3, unit: "an"}}},
		{"passé de 50% à 40%", []wantQ{{text: "50%", kind: p, value: 50, unit: "%"}, {text: "40%", kind: p, value: 40, unit: "%"}}},
		{"3 et 5", []wantQ{{text: "3", kind: c, value: 3}, {text: "5", kind: c, value: 5}}},
		// money
		{"avoisinant les 11 milliards de DH", []wantQ{{text: "11 milliards de DH", kind: m, value: 11e9, unit: "DH", approx: "avoisinant"}}},
		{"11 milliards de dirhams", []wantQ{{text: "11 milliards de dirhams", kind: m, value: 11e9, unit: "DH"}}},
		{"2,5 millions d'euros", []wantQ{{text: "2,5 millions d'euros", kind: m, value: 2.5e6, unit: "€"}}},
		{"de 3 à 5 millions de DH", []wantQ{{text: "3 à 5 millions de DH", kind: m, value: 3e6, max: 5e6, unit: "DH"}}},
		{"trois millions de dollars", []wantQ{{text: "trois millions de dollars", kind: m, value: 3e6, unit: "$"}}},
		{"11 billion dollars", []wantQ{{text: "11 billion dollars", kind: m, value: 11e9, unit: "$"}}},
		{"$5 billion", []wantQ{{text: "$5 billion", kind: m, value: 5e9, unit: "$"}}},
		{"€3,5", []wantQ{{text: "€3,5", kind: m, value: 3.5, unit: "€"}}},
		{"10 MDH", []wantQ{{text: "10 MDH", kind: m, value: 1e7, unit: "DH"}}},
		{"5M€", []wantQ{{text: "5M€", kind: m, value: 5e6, unit: "€"}}},
		{"3 Mds DH", []wantQ{{text: "3 Mds DH", kind: m, value: 3e9, unit: "DH"}}},
		{"11 Mds de DH", []wantQ{{text: "11 Mds de DH", kind: m, value: 11e9, unit: "DH"}}},
		{"Le secteur compte 3 M de salariés", []wantQ{{text: "3", kind: c, value: 3}}},
		{"Bilan 2020. 5. Autre", []wantQ{{text: "2020", kind: y, value: 2020, year: 2020}, {text: "5", kind: c, value: 5}}},
		{"100DH", []wantQ{{text: "100DH", kind: m, value: 100, unit: "DH"}}},
		{"50 euros", []wantQ{{text: "50 euros", kind: m, value: 50, unit: "€"}}},
		// dates
		{"une visioconférence le 23 avril sur l'impact", []wantQ{{text: "23 avril", kind: Date, value: 23, day: 23, month: 4}}},
		{"le 23 avril 2020", []wantQ{{text: "23 avril 2020", kind: Date, value: 23, day: 23, month: 4, year: 2020}}},
		{"le 1er mai", []wantQ{{text: "1er mai", kind: Date, value: 1, day: 1, month: 5}}},
		{"ce jeudi 23 avril", []wantQ{{text: "23 avril", kind: Date, value: 23, day: 23, month: 4}}},
		{"le 3 sept. 2020", []wantQ{{text: "3 sept. 2020", kind: Date, value: 3, day: 3, month: 9, year: 2020}}},
		{"April 23", []wantQ{{text: "April 23", kind: Date, value: 23, day: 23, month: 4}}},
		{"on April 23, 2020.", []wantQ{{text: "April 23, 2020", kind: Date, value: 23, day: 23, month: 4, year: 2020}}},
		{"23/04/2020", []wantQ{{text: "23/04/2020", kind: Date, value: 23, day: 23, month: 4, year: 2020}}},
		{"23.04.2020", []wantQ{{text: "23.04.2020", kind: Date, value: 23, day: 23, month: 4, year: 2020}}},
		{"2020-04-23", []wantQ{{text: "2020-04-23", kind: Date, value: 23, day: 23, month: 4, year: 2020}}},
		{"en avril 2020", []wantQ{{text: "avril 2020", kind: Date, month: 4, year: 2020}}},
		{"du 23 au 25 avril", []wantQ{{text: "23 au 25 avril", kind: Date, value: 23, max: 25, day: 23, month: 4}}},
		// years
		{"en 2020", []wantQ{{text: "2020", kind: y, value: 2020, year: 2020}}},
		{"2019-2020", []wantQ{{text: "2019-2020", kind: y, value: 2019, max: 2020, year: 2019}}},
		{"de 2019 à 2021", []wantQ{{text: "2019 à 2021", kind: y, value: 2019, max: 2021, year: 2019}}},
		{"à la mi-2020", []wantQ{{text: "2020", kind: y, value: 2020, year: 2020}}},
		// periods
		{"à la fin du troisième trimestre 2020", []wantQ{{text: "troisième trimestre 2020", kind: Period, value: 3, unit: "trimestre", year: 2020}}},
		{"T3 2020", []wantQ{{text: "T3 2020", kind: Period, value: 3, unit: "trimestre", year: 2020}}},
		{"Q3 2020", []wantQ{{text: "Q3 2020", kind: Period, value: 3, unit: "trimestre", year: 2020}}},
		{"S1 2021", []wantQ{{text: "S1 2021", kind: Period, value: 1, unit: "semestre", year: 2021}}},
		{"au premier semestre", []wantQ{{text: "premier semestre", kind: Period, value: 1, unit: "semestre"}}},
		{"au 3e trimestre", []wantQ{{text: "3e trimestre", kind: Period, value: 3, unit: "trimestre"}}},
		{"premier trimestre de 2021", []wantQ{{text: "premier trimestre de 2021", kind: Period, value: 1, unit: "trimestre", year: 2021}}},
		{"third quarter of 2020", []wantQ{{text: "third quarter of 2020", kind: Period, value: 3, unit: "trimestre", year: 2020}}},
		{"first half", []wantQ{{text: "first half", kind: Period, value: 1, unit: "semestre"}}},
		{"au deuxieme semestre 2020", []wantQ{{text: "deuxieme semestre 2020", kind: Period, value: 2, unit: "semestre", year: 2020}}},
		{"le cinquième trimestre", nil}, // a year has four
		{"le troisième semestre", nil},
		// numbers in words
		{"vingt", []wantQ{{text: "vingt", kind: c, value: 20}}},
		{"deux ou trois", []wantQ{{text: "deux", kind: c, value: 2}, {text: "trois", kind: c, value: 3}}},
		{"vingt-cinq", []wantQ{{text: "vingt-cinq", kind: c, value: 25}}},
		{"vingt et un", []wantQ{{text: "vingt et un", kind: c, value: 21}}},
		{"soixante-dix", []wantQ{{text: "soixante-dix", kind: c, value: 70}}},
		{"soixante et onze", []wantQ{{text: "soixante et onze", kind: c, value: 71}}},
		{"quatre-vingts", []wantQ{{text: "quatre-vingts", kind: c, value: 80}}},
		{"quatre-vingt-dix-neuf", []wantQ{{text: "quatre-vingt-dix-neuf", kind: c, value: 99}}},
		{"dix-sept", []wantQ{{text: "dix-sept", kind: c, value: 17}}},
		{"cent", []wantQ{{text: "cent", kind: c, value: 100}}},
		{"deux cents", []wantQ{{text: "deux cents", kind: c, value: 200}}},
		{"mille", []wantQ{{text: "mille", kind: c, value: 1000}}},
		{"mille deux cents", []wantQ{{text: "mille deux cents", kind: c, value: 1200}}},
		{"deux cent mille", []wantQ{{text: "deux cent mille", kind: c, value: 200000}}},
		{"un million de personnes", []wantQ{{text: "un million", kind: c, value: 1e6}}},
		{"une vingtaine de mesures", []wantQ{{text: "une vingtaine", kind: c, value: 20, approx: "environ"}}},
		{"près d'une centaine d'emplois", []wantQ{{text: "une centaine", kind: c, value: 100, approx: "près de"}}},
		{"neuf salariés sur dix", []wantQ{{text: "neuf", kind: c, value: 9}, {text: "dix", kind: c, value: 10}}},
		{"les neuf régions", []wantQ{{text: "neuf", kind: c, value: 9}}},
		// ordinals, times, measures, durations
		{"3e", []wantQ{{text: "3e", kind: Ordinal, value: 3}}},
		{"le 19e siècle", []wantQ{{text: "19e", kind: Ordinal, value: 19}}},
		{"10h30", []wantQ{{text: "10h30", kind: Time, value: 10.5, unit: "h"}}},
		{"à 14:00", []wantQ{{text: "14:00", kind: Time, value: 14, unit: "h"}}},
		{"à 9 h", []wantQ{{text: "9 h", kind: Time, value: 9, unit: "h"}}},
		{"12 km", []wantQ{{text: "12 km", kind: Measure, value: 12, unit: "km"}}},
		{"500 m²", []wantQ{{text: "500 m²", kind: Measure, value: 500, unit: "m²"}}},
		{"3 tonnes", []wantQ{{text: "3 tonnes", kind: Measure, value: 3, unit: "t"}}},
		{"25°C", []wantQ{{text: "25°C", kind: Measure, value: 25, unit: "°C"}}},
		{"3 ans", []wantQ{{text: "3 ans", kind: Duration, value: 3, unit: "an"}}},
		{"six mois", []wantQ{{text: "six mois", kind: Duration, value: 6, unit: "mois"}}},
		{"48 heures", []wantQ{{text: "48 heures", kind: Duration, value: 48, unit: "heure"}}},
		{"48h", []wantQ{{text: "48h", kind: Duration, value: 48, unit: "heure"}}},
		// approximations
		{"au moins 3", []wantQ{{text: "3", kind: c, value: 3, approx: "au moins"}}},
		{"jusqu'à 10", []wantQ{{text: "10", kind: c, value: 10, approx: "jusqu'à"}}},
		{"environ 7", []wantQ{{text: "7", kind: c, value: 7, approx: "environ"}}},
		{"quelque 300", []wantQ{{text: "300", kind: c, value: 300, approx: "quelque"}}},
		{"moins de 2", []wantQ{{text: "2", kind: c, value: 2, approx: "moins de"}}},
		{"plus d'1 million", []wantQ{{text: "1 million", kind: c, value: 1e6, approx: "plus de"}}},
		{"un peu plus de 30", []wantQ{{text: "30", kind: c, value: 30, approx: "un peu plus de"}}},
		{"de l'ordre de 12", []wantQ{{text: "12", kind: c, value: 12, approx: "de l'ordre de"}}},
		{"~40", []wantQ{{text: "40", kind: c, value: 40, approx: "environ"}}},
		{"quiprès de 20 mesures", []wantQ{{text: "20", kind: c, value: 20, approx: "près de"}}},
		{"auprès de 20 entreprises", []wantQ{{text: "20", kind: c, value: 20}}},
		{"après 20 ans", []wantQ{{text: "20 ans", kind: Duration, value: 20, unit: "an"}}},
		// not figures
		{"la charte de conformité sanitaire Covid-19", nil},
		{"COVID-19 et SARS-CoV-2", nil},
		{"l'AMRC", nil},
		{"appelez le 06 12 34 56 78", nil},
		{"ou le +212 5 22 33 44 55", nil},
		{"05.22.33.44.55", nil},
		{"0612345678", nil},
		{"voir §4 et § 5", nil},
		{"comme dit [1] et [2, 3]", nil},
		{"le n° 3 et le n°4", nil},
		{"un A320, la 5G, le H1N1, un MP3, la v1.2.3", nil},
		{"un appartement T3", nil},
		{"un bâtiment neuf", nil},
		{"pour cent", nil},
		{"des millions de personnes", nil},
		{"un ou une", nil},
		{"identifiant 1234567890123456789", nil},
		{"1. Le secteur\n2. L'export\n  3) La croissance", nil},
		{"la pandémie de Covid 19", nil},
		{"", nil},
	}
	for _, tt := range tests {
		checkQuantities(t, tt.in, Read(tt.in), tt.want)
	}
}

func TestReadOffsetsInContext(t *testing.T) {
	s := "Pour rappel, le secteur emploie près de 80.000 salariés. L'offshoring réalise un chiffre d'affaire à l'export avoisinant les 11 milliards de DH."
	qs := Read(s)
	if len(qs) != 2 {
		t.Fatalf("got %s", quantities(qs))
	}
	if got := s[qs[0].Start:qs[0].End]; got != "80.000" || qs[0].Start != strings.Index(s, "80.000") {
		t.Errorf("first at %d: %q", qs[0].Start, got)
	}
	if got := s[qs[1].Start:qs[1].End]; got != "11 milliards de DH" {
		t.Errorf("second: %q", got)
	}
}

func TestValues(t *testing.T) {
	got := Values("Près de 80.000 salariés, 40% à 50% des cas, le 23 avril 2020 et le troisième trimestre 2020.")
	want := []float64{80000, 40, 50, 23, 2020, 3, 2020}
	if len(got) != len(want) {
		t.Fatalf("Values = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Values = %v, want %v", got, want)
			break
		}
	}
}

func readOne(t *testing.T, s string) Quantity {
	t.Helper()
	qs := Read(s)
	if len(qs) != 1 {
		t.Fatalf("Read(%q) = %s, want one quantity", s, quantities(qs))
	}
	return qs[0]
}

func TestSame(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"80.000", "80 000", true},
		{"80.000", "80,000", true},
		{"80.000", "80 mille", true},
		{"80.000", "80k", true},
		{"80.000", "quatre-vingt mille", true},
		{"80.000", "8000", false},
		{"11 milliards de DH", "11 000 MDH", true},
		{"11 milliards de DH", "11 milliards de dirhams", true},
		{"11 milliards de DH", "11 milliards", true}, // the unit was left out
		{"11 milliards de DH", "11 milliards d'euros", false},
		{"11 milliards de DH", "11 millions de DH", false},
		{"5%", "5 pour cent", true},
		{"5%", "5,5 %", false},
		{"5%", "5 DH", false},
		{"40% à 50%", "40 à 50 %", true},
		{"40% à 50%", "40%", false},
		{"troisième trimestre 2020", "T3 2020", true},
		{"troisième trimestre 2020", "troisième trimestre", true},
		{"troisième trimestre 2020", "troisième semestre 2020", false},
		{"troisième trimestre 2020", "quatrième trimestre 2020", false},
		{"23 avril", "23 avril 2020", true},
		{"23 avril", "April 23", true},
		{"23 avril 2020", "23/04/2020", true},
		{"23 avril 2020", "23 avril 2021", false},
		{"23 avril", "24 avril", false},
		{"23 avril", "23", false},
		{"10h30", "10:30", true},
		{"3e", "3", false},
	}
	for _, tt := range tests {
		a, b := readOne(t, tt.a), readOne(t, tt.b)
		if got := Same(a, b); got != tt.same {
			t.Errorf("Same(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
		if got := Same(b, a); got != tt.same {
			t.Errorf("Same(%q, %q) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.same)
		}
	}
}

// TestReadPIAF checks the number reader on French text the team did
// not write: every gold answer of the PIAF sample that holds a number must
// overlap a quantity of the same value read in its context.
func TestReadPIAF(t *testing.T) {
	raw, err := os.ReadFile(sharedPath(t, "datasets", "piaf-small.squad.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Data []struct {
			Paragraphs []struct {
				Context string `json:"context"`
				QAs     []struct {
					Answers []struct {
						Text  string `json:"text"`
						Start int    `json:"answer_start"`
					} `json:"answers"`
				} `json:"qas"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, d := range f.Data {
		for _, p := range d.Paragraphs {
			ctx := p.Context
			qs := Read(ctx)
			checkInvariants(t, ctx, qs)
			for _, qa := range p.QAs {
				for _, a := range qa.Answers {
					want := Values(a.Text)
					if len(want) == 0 {
						continue
					}
					// answer_start counts characters (runes) in SQuAD.
					start := len(string([]rune(ctx)[:a.Start]))
					end := start + len(a.Text)
					found := false
					for _, q := range qs {
						if q.Start < end && start < q.End && (sameValue(q.Value, want[0]) || float64(q.Year) == want[0]) {
							found = true
						}
					}
					if !found {
						t.Errorf("PIAF answer %q (value %v) not read in %q: %s", a.Text, want[0], ctx[max(0, start-40):min(len(ctx), end+40)], quantities(qs))
					}
					checked++
				}
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d PIAF answers with numbers checked", checked)
	}
}

// checkInvariants verifies what every result of Read must satisfy.
func checkInvariants(t *testing.T, text string, qs []Quantity) {
	t.Helper()
	prevEnd := 0
	for _, q := range qs {
		if q.Start < prevEnd || q.Start >= q.End || q.End > len(text) {
			t.Fatalf("bad offsets %d:%d (previous end %d, length %d) for %v in %q", q.Start, q.End, prevEnd, len(text), q, text)
		}
		if text[q.Start:q.End] != q.Text {
			t.Fatalf("Text %q != text[%d:%d] %q in %q", q.Text, q.Start, q.End, text[q.Start:q.End], text)
		}
		if !utf8.ValidString(q.Text) && utf8.ValidString(text) {
			t.Fatalf("Text %q cuts a character in %q", q.Text, text)
		}
		if math.IsNaN(q.Value) || math.IsInf(q.Value, 0) || math.IsNaN(q.Max) || math.IsInf(q.Max, 0) {
			t.Fatalf("value %v..%v of %q", q.Value, q.Max, q.Text)
		}
		if q.Kind < Count || q.Kind > Time {
			t.Fatalf("kind %v of %q", q.Kind, q.Text)
		}
		prevEnd = q.End
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"Le secteur emploie près de 80.000 salariés",
		"avoisinant les 11 milliards de DH, et contribue à plus de 5% de la croissance",
		"adoptée dans près 40% à 50% des cas",
		"quiprès de 20 mesures ont été mises en place, le 23 avril 2020",
		"à la fin du troisième trimestre 2020, T3 2020, entre 3 et 5",
		"quatre-vingt-dix-neuf, vingt et un, deux cent mille, une vingtaine de",
		"Covid-19, §4, [1], 06 12 34 56 78, +212 5 22 33 44 55",
		"$5 billion, 5M€, 10 MDH, 80,000, April 23, 2020, 10h30, 23/04/2020",
		"du 23 au 25 avril, 2019-2020, -5%, 25°C, 500 m²",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		qs := Read(text)
		checkInvariants(t, text, qs)
		_ = Values(text)
		for _, fig := range Figures(text) { // the figure extractor reads the same sentences
			if text[fig.Start:fig.End] != fig.Text {
				t.Fatalf("figure %q at %d:%d in %q", fig.Text, fig.Start, fig.End, text)
			}
		}
	})
}

// sharedPath is ../shared/<elem...> beside the repository root, or skips.
func sharedPath(t testing.TB, elem ...string) string { return shared.TestPath(t, elem...) }

// articleParagraphs are the paragraphs of the article as received.
func articleParagraphs(b *testing.B) []string {
	raw, err := os.ReadFile(sharedPath(b, "article", "centres-d-appels-offshoring.txt"))
	if err != nil {
		b.Fatal(err)
	}
	return strings.Split(string(raw), "\n\n")
}

func BenchmarkRead(b *testing.B) {
	texts := articleParagraphs(b)
	b.ResetTimer()
	for b.Loop() {
		for _, s := range texts {
			Read(s)
		}
	}
}
