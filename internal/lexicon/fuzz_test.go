package lexicon

import (
	"slices"
	"testing"
)

// FuzzLookup checks that no input makes a look-up panic or return empty
// words, that Synonyms never returns the (normalised) input itself, and
// that the infinitives found for the input conjugate to it.
// Seeds live in testdata/fuzz/FuzzLookup.
func FuzzLookup(f *testing.F) {
	l := lex(f)
	f.Add("embaucher")
	f.Add("redemarreront")
	f.Add("s'améliore")
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
			"Infinitives":     l.Infinitives(s),
			"VerbForms":       l.VerbForms(s),
		} {
			if got != nil && len(got) == 0 || slices.Contains(got, "") {
				t.Errorf("%s(%q) = %#v: want nil or non-empty words", name, s, got)
			}
		}
		// Every infinitive found has a form equal to the input (or to the
		// input without an elided pronoun), accents aside.
		w := normalizeInput(s)
		for _, inf := range l.Infinitives(s) {
			forms := l.VerbForms(inf)
			ok := false
			for _, f := range forms {
				f = foldAccents(f)
				if f == foldAccents(w) || f == foldAccents(stripElision(w)) {
					ok = true
					break
				}
			}
			if !ok {
				t.Errorf("Infinitives(%q) has %q, whose forms %v do not include the input", s, inf, forms)
			}
		}
		_ = l.IsEnglishWord(s)
		_ = l.IsFrenchWord(s)
	})
}
