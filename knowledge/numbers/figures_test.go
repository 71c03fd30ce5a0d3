package numbers

import (
	"strings"
	"testing"
)

// TestFigures reads the key figures of single sentences: each quantity
// with what it counts, its setting and its date or period, and offsets in
// the sentence.
func TestFigures(t *testing.T) {
	type want struct {
		text, what, context, period string
		kind                        Kind
		value, max                  float64
		approx                      string
	}
	tests := []struct {
		sentence string
		want     []want
	}{
		{"Le Maroc a accueilli 14,5 millions de touristes en 2023, soit une hausse de 34% par rapport à 2022.", []want{
			{text: "14,5 millions", kind: Count, value: 14.5e6, what: "touristes", context: "Maroc", period: "2023"},
			{text: "2023", kind: Year, value: 2023, what: "touristes", context: "Maroc", period: "2023"},
			{text: "34%", kind: Percent, value: 34, what: "hausse", context: "Maroc", period: "2022"},
			{text: "2022", kind: Year, value: 2022, what: "hausse", context: "Maroc", period: "2022"},
		}},
		{"L'usine de Tanger emploie plus de 12 000 personnes et a produit quelque 250.000 véhicules l'an dernier.", []want{
			{text: "12 000", kind: Count, value: 12000, approx: "plus de", what: "personnes", context: "usine de Tanger"},
			{text: "250.000", kind: Count, value: 250000, approx: "quelque", what: "véhicules", context: "usine de Tanger"},
		}},
		{"Une réunion avec les équipementiers s'est tenue le 5 juin à Kénitra.", []want{
			{text: "5 juin", kind: Date, value: 5, what: "réunion", period: "5 juin"},
		}},
		{"Entre 40 et 45 nouvelles usines de sous-traitance devraient ouvrir d'ici 2025, pour un investissement de 1,2 milliard d'euros.", []want{
			{text: "Entre 40 et 45", kind: Count, value: 40, max: 45, what: "nouvelles usines de sous-traitance", period: "2025"},
			{text: "2025", kind: Year, value: 2025, what: "nouvelles usines de sous-traitance", period: "2025"},
			{text: "1,2 milliard d'euros", kind: Money, value: 1.2e9, what: "investissement", period: "2025"},
		}},
		{"Pour rappel, le secteur emploie près de 80.000 salariés, principalement des jeunes diplômés.", []want{
			{text: "80.000", kind: Count, value: 80000, approx: "près de", what: "salariés", context: "secteur"},
		}},
		// What comes before the number when nothing follows it.
		{"L'entreprise réalise un chiffre d'affaires avoisinant les 3 milliards de DH.", []want{
			{text: "3 milliards de DH", kind: Money, value: 3e9, approx: "avoisinant", what: "chiffre d'affaires", context: "entreprise"},
		}},
		// A period dates the event before it.
		{"La coopérative vise un retour à l'équilibre à la fin du deuxième trimestre 2024.", []want{
			{text: "deuxième trimestre 2024", kind: Period, value: 2, what: "retour à l'équilibre", context: "coopérative", period: "deuxième trimestre 2024"},
		}},
		// A generic noun is completed with the subject of the clause.
		{"Le télétravail a été adopté dans 30% des cas.", []want{
			{text: "30%", kind: Percent, value: 30, what: "télétravail (des cas)", context: "télétravail"},
		}},
		{"Aucun chiffre ici.", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := Figures(tt.sentence)
		if len(got) != len(tt.want) {
			t.Errorf("Figures(%q) = %d figures, want %d: %v", tt.sentence, len(got), len(tt.want), got)
			continue
		}
		for i, w := range tt.want {
			f := got[i]
			if f.Text != w.text || f.Kind != w.kind || !sameValue(f.Value, w.value) || !sameValue(f.Max, w.max) || f.Approx != w.approx {
				t.Errorf("Figures(%q)[%d] = %v, want %v %v..%v %q (approx %q)", tt.sentence, i, f.Quantity, w.kind, w.value, w.max, w.text, w.approx)
			}
			if f.What != w.what || f.Context != w.context || f.Period != w.period {
				t.Errorf("Figures(%q)[%d] %q: What %q, Context %q, Period %q; want %q, %q, %q",
					tt.sentence, i, f.Text, f.What, f.Context, f.Period, w.what, w.context, w.period)
			}
			if f.Sentence != tt.sentence || tt.sentence[f.Start:f.End] != f.Text {
				t.Errorf("Figures(%q)[%d] %q: sentence %q, offsets %d:%d", tt.sentence, i, f.Text, f.Sentence, f.Start, f.End)
			}
		}
	}
}

func TestFigureLabel(t *testing.T) {
	tests := []struct {
		f    Figure
		want string
	}{
		{Figure{What: "salariés", Context: "secteur"}, "salariés (secteur)"},
		{Figure{What: "salariés"}, "salariés"},
		{Figure{Context: "secteur"}, "secteur"},
		{Figure{What: "télétravail (des cas)", Context: "télétravail"}, "télétravail (des cas)"},
	}
	for _, tt := range tests {
		if got := tt.f.Label(); got != tt.want {
			t.Errorf("Label(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func BenchmarkFigures(b *testing.B) {
	sentences := strings.Split(strings.Join(articleParagraphs(b), " "), ". ")
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sentences {
			Figures(s)
		}
	}
}
