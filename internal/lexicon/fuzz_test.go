package lexicon

import (
	"slices"
	"testing"
)

// FuzzLookup checks that no input makes a look-up panic or return empty
// words, and that Synonyms never returns the (normalised) input itself.
// Seeds live in testdata/fuzz/FuzzLookup.
func FuzzLookup(f *testing.F) {
	l := lex(f)
	f.Add("embaucher")
	f.Fuzz(func(t *testing.T, s string) {
		syn := l.Synonyms(s)
		if slices.Contains(syn, "") {
			t.Errorf("Synonyms(%q) contains an empty word", s)
		}
		if w := normalizeInput(s); w != "" && slices.Contains(syn, w) {
			t.Errorf("Synonyms(%q) contains the input", s)
		}
		for name, got := range map[string][]string{
			"Lemmas":          l.Lemmas(s),
			"Expand":          l.Expand(s),
			"Translate":       l.Translate(s),
			"TranslatePhrase": l.TranslatePhrase(s),
		} {
			if got != nil && len(got) == 0 || slices.Contains(got, "") {
				t.Errorf("%s(%q) = %#v: want nil or non-empty words", name, s, got)
			}
		}
		_ = l.IsEnglishWord(s)
		_ = l.IsFrenchWord(s)
	})
}
