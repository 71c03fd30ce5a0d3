package answer

import (
	"context"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/knowledge/numbers"
)

func TestNameIn(t *testing.T) {
	tests := []struct {
		s, question, want string
	}{
		{"Selon Othmane Serraj, président de cette association, tout va bien.", "qui est le président ?", "Othmane Serraj"},
		{"D'après son biographe, Abraham von Frankenberg, il vécut.", "qui est le biographe ?", "Abraham von Frankenberg"},
		{"L'association (AMRC) a organisé une visioconférence.", "qui a organisé la visioconférence ?", "AMRC"},
		{"L'Association marocaine de la relation client (AMRC) a parlé.", "qui est l'association marocaine de la relation client ?", ""},
		{"Le Maroc a besoin de devises.", "qui a besoin de devises ?", ""}, // one capitalised word: not shown alone
		{"Selon Othmane Serraj, la charte compte 20 mesures.", "qui est Othmane Serraj ?", ""},
		{"Le chiffre d'affaires avoisine les 11 milliards de DH pour Intelcia Group.", "qui réalise ce chiffre ?", "Intelcia Group"}, // a currency is no name
		{"Les parcs produisent 300 MW en 2020.", "qui produit le plus ?", ""},
	}
	a := newDefault(t)
	base := a.kb.Base()
	for _, tt := range tests {
		slots, _, _ := a.slots(base, Analyze(tt.question), nil)
		if got := nameIn(tt.s, slots, nil); got != tt.want {
			t.Errorf("nameIn(%q) for %q = %q, want %q", tt.s, tt.question, got, tt.want)
		}
	}
}

func TestFigureSpan(t *testing.T) {
	b, err := knowledge.LoadDefault(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"80.000": "près de 80.000 salariés",
		"5%":     "plus de 5% de la croissance du PIB du royaume",
		"20":     "près de 20 mesures",
	}
	for _, f := range b.Figures() {
		w, ok := want[f.Text]
		if !ok {
			continue
		}
		got := figureSpan(f.Sentence, f.Figure)
		if got != w {
			t.Errorf("figureSpan(%s) = %q, want %q", f.Text, got, w)
		}
		if !strings.Contains(f.Sentence, got) {
			t.Errorf("%q is not quoted from its sentence", got)
		}
		delete(want, f.Text)
	}
	if len(want) > 0 {
		t.Errorf("figures not found: %v", want)
	}
}

// TestFigureSpanReadsAsPhrase: a figure whose counted noun is not beside
// it is shown alone, never glued to words from elsewhere.
func TestFigureSpanReadsAsPhrase(t *testing.T) {
	s := "Dans la région de Meknès, la production a chuté de 33% en un an."
	f := numbers.Figure{Quantity: numbers.Quantity{Text: "33%"}, What: "production"}
	if got := figureSpan(s, f); got != "33%" {
		t.Errorf("figureSpan = %q, want %q", got, "33%")
	}
}

// TestShareQuestionsWantPercent: a question on a share asks for a
// percentage wherever its share word stands.
func TestShareQuestionsWantPercent(t *testing.T) {
	for _, q := range []string{"Quelle part de la croissance du PIB vient de l'offshoring ?",
		"combien représente l'offshoring en pourcentage du PIB ?", "What share of GDP growth comes from offshoring?"} {
		if got := Analyze(q); got.Kind != KindQuantity || got.Unit != UnitPercent {
			t.Errorf("%q: kind %s, unit %q; want a quantity in %q", q, got.Kind, got.Unit, UnitPercent)
		}
	}
}
