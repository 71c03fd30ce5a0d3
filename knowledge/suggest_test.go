package knowledge

import (
	"slices"
	"testing"
)

func TestSuggestAndCompounds(t *testing.T) {
	b := loadDefault(t)
	tests := []struct {
		word      string
		suggest   []string // typos of words of the article
		compounds []string // words of the article with a prefix before word
	}{
		{"salaries", nil, nil},                    // a word of the article, as written
		{"salaris", []string{"salaries"}, nil},    // one letter missing
		{"confinement", nil, nil},                 // "déconfinement" is its opposite, not a compound
		{"travail", nil, []string{"teletravail"}}, // télé-travail
		{"conférence", nil, []string{"visioconference"}},
		{"demarreront", nil, []string{"redemarreront"}}, // re-démarrer
		{"travailler", nil, []string{"teletravail"}},    // through the index term
		{"démarrer", nil, nil},                          // the light stemmer keeps verb endings: "redémarreront" is not found
		{"mesures", nil, nil},
		{"tel", nil, nil}, // too short for either
	}
	for _, tt := range tests {
		if got := b.Suggest(tt.word); !slices.Equal(got, tt.suggest) {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.suggest)
		}
		if got := b.Compounds(tt.word); !slices.Equal(got, tt.compounds) {
			t.Errorf("Compounds(%q) = %q, want %q", tt.word, got, tt.compounds)
		}
	}
	for word, want := range map[string][]string{"visio": {"visioconference"}, "teletr": {"teletravail"}, "salaries": nil, "tel": nil} {
		if got := b.Completions(word); !slices.Equal(got, want) {
			t.Errorf("Completions(%q) = %q, want %q", word, got, want)
		}
	}
}
