package answer

import (
	"slices"
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
