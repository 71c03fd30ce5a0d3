package knowledge

import (
	"math/rand/v2"
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

// TestEditDistance compares EditDistance with the textbook optimal string
// alignment distance on words short enough for its stack buffers and on
// longer ones.
func TestEditDistance(t *testing.T) {
	osa := func(a, b string) int {
		ra, rb := []rune(a), []rune(b)
		d := make([][]int, len(ra)+1)
		for i := range d {
			d[i] = make([]int, len(rb)+1)
			d[i][0] = i
		}
		for j := range d[0] {
			d[0][j] = j
		}
		for i := 1; i <= len(ra); i++ {
			for j := 1; j <= len(rb); j++ {
				cost := 1
				if ra[i-1] == rb[j-1] {
					cost = 0
				}
				d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
				if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
					d[i][j] = min(d[i][j], d[i-2][j-2]+1)
				}
			}
		}
		return d[len(ra)][len(rb)]
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"salariés", "salaries", 1}, {"secteur", "secetur", 1}, {"ca", "abc", 3}, {"", "été", 3}} {
		if got := EditDistance(c.a, c.b); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []rune("abcéèeç")
	word := func() string {
		n := rng.IntN(40)
		if rng.IntN(2) == 0 {
			n = rng.IntN(8)
		}
		r := make([]rune, n)
		for i := range r {
			r[i] = letters[rng.IntN(len(letters))]
		}
		return string(r)
	}
	for range 3000 {
		a, b := word(), word()
		if got, want := EditDistance(a, b), osa(a, b); got != want {
			t.Fatalf("EditDistance(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}

// TestSameFamilyRunes: SameFamily counts the shared beginning in runes, as
// a reading of the words as []rune does, invalid bytes included.
func TestSameFamilyRunes(t *testing.T) {
	ref := func(a, b string) bool {
		ra, rb := []rune(a), []rune(b)
		n := 0
		for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
			n++
		}
		return n >= 6 && float64(n) >= 0.6*float64(min(len(ra), len(rb)))
	}
	words := []string{"contribution", "contribue", "rentable", "rentabilité", "rentabilite", "économie", "économique",
		"présidé", "président", "presidente", "œuvrer", "œuvres", "abcdef", "abcdefghijklmnop", "abcdé", "",
		"rent\xffable", "rent\xffabilité", "rentab\xef\xbf\xbdlité", "rentab\xfflité", "marocaine", "maroc"}
	same := 0
	for _, a := range words {
		for _, b := range words {
			want := ref(a, b)
			if got := SameFamily(a, b); got != want {
				t.Errorf("SameFamily(%q, %q) = %v, want %v", a, b, got, want)
			}
			if want {
				same++
			}
		}
	}
	if same < len(words)+6 {
		t.Fatalf("only %d pairs of one family: the test checks too little", same)
	}
}
