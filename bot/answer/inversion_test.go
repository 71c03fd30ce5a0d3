package answer

import (
	"regexp"
	"testing"
)

// TestInvertedVerb: invertedVerb matches what the regexp it replaces
// matched, and gives the same verb.
func TestInvertedVerb(t *testing.T) {
	re := regexp.MustCompile(`(?i)^([\p{L}]+)-(?:t-)?(?:il|elle|ils|elles|on)$`)
	for _, w := range []string{
		"ont-elles", "a-t-il", "peut-on", "A-T-IL", "Est-Elle", "sont-ils", "ilſ", "a-t-ilſ", "va-t-on",
		"a-t-", "a-t", "-il", "a--il", "a-t-t-il", "peut-être", "a-t-il-", "a1-il", "été-il", "ͅ-il",
		"est-ce", "dit-elle", "veut-elles", "est-on", "e-t-elle", "a-il", "", "il", "t-il", "l'a-t-il",
	} {
		v, ok := invertedVerb(w)
		m := re.FindStringSubmatch(w)
		if ok != (m != nil) || ok && v != m[1] {
			t.Errorf("invertedVerb(%q) = %q, %v; the regexp: %q", w, v, ok, m)
		}
	}
}
