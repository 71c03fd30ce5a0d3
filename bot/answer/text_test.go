package answer

import (
	"slices"
	"strings"
	"testing"
)

// TestTokenNames checks which words read as names: a capital that starts
// the sentence or a quotation says nothing of a name.
func TestTokenNames(t *testing.T) {
	a := newDefault(t)
	base := a.kb.Base()
	tests := []struct {
		sentence string
		want     []string // folded names
	}{
		{"Selon Othmane Serraj, président de cette association.", []string{"othmane", "serraj"}},
		{"« Malgré cette période de crise, nous avons tenu », souligne le président.", nil},
		{"Il a dit : « Nous avons tenu » à Casablanca.", []string{"casablanca"}},
		{"\"Nous avons tenu\", dit Youssef Chraibi.", []string{"youssef", "chraibi"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range a.analyzeSentence(base, tt.sentence).words {
			if tk.name {
				got = append(got, tk.folded)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: names %q, want %q", tt.sentence, got, tt.want)
		}
	}
}

// TestFixedLocutions: a word of a fixed locution ("temps" in "ces
// derniers temps") is no match for a question's word, in a sentence or in
// the question itself; the same word used for itself still is.
func TestFixedLocutions(t *testing.T) {
	a := newDefault(t)
	base := a.kb.Base()
	tests := []struct {
		question, sentence string
		word               string // folded
		found              bool
	}{
		{"Quel temps fera-t-il demain ?", "La baisse d'activité remarquée ces derniers temps, selon lui.", "temps", false},
		{"Quel temps fera-t-il demain ?", "Le temps de travail a baissé.", "temps", true},
		{"Où est la place du marché ?", "Vingt mesures ont été mises en place cette année.", "place", false},
		{"Où est la place du marché ?", "La place du marché est fermée.", "place", true},
		{"Qu'est-ce qui a baissé ces derniers temps ?", "Le temps de travail a baissé.", "temps", false}, // the question's own locution
	}
	for _, tt := range tests {
		q := a.analyze(base, Analyze(tt.question), nil)
		sn := see(q.slots, a.analyzeSentence(base, tt.sentence).words)
		found := false
		for i, w := range sn.words {
			if w.folded == tt.word || strings.Trim(w.folded, ",.") == tt.word {
				found = found || sn.held[i]
			}
		}
		if found != tt.found {
			t.Errorf("%q in %q: found %v, want %v", tt.word, tt.sentence, found, tt.found)
		}
	}
	if got := inLocutions([]string{"de", "temps", "en", "temps,", "il", "pleut"}); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Errorf("inLocutions = %v, want the first four words", got)
	}
}
