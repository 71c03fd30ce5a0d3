// Words and their folding: the small helpers every stage of the pipeline
// uses, whatever it reads (a question, a sentence, a title).

package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/knowledge"
)

// fold lowercases s and removes its accents, for matching question words
// typed without them ("deja", "a quelle date").
func fold(s string) string { return knowledge.Fold(s) }

// words splits folded text into words: letters and digits, apostrophes and
// hyphens cut words ("l'amrc" gives "l", "amrc").
func words(s string) []string { return knowledge.Words(s) }

// near reports whether word w is cue c or one typo away from it (words of
// five letters or more).
func near(w, c string) bool {
	if w == c {
		return true
	}
	if len([]rune(c)) < 5 || abs(len(w)-len(c)) > 1 {
		return false
	}
	return withinOneEdit(w, c)
}

// withinOneEdit reports whether a and b are at most one edit apart (a
// letter changed, added, removed, or two neighbours swapped): the
// Damerau-Levenshtein distance knowledge.EditDistance is at most 1,
// without computing it.
func withinOneEdit(a, b string) bool {
	if ascii(a) && ascii(b) {
		return withinOneEditASCII(a, b) // folded words mostly are: no runes to decode
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if i == len(rb) {
		return true // equal, or one letter added at the end
	}
	if len(ra) > len(rb) {
		return slices.Equal(ra[i+1:], rb[i:]) // one letter added
	}
	if slices.Equal(ra[i+1:], rb[i+1:]) {
		return true // one letter changed
	}
	return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && slices.Equal(ra[i+2:], rb[i+2:]) // two swapped
}

// withinOneEditASCII is withinOneEdit of two ASCII words, read by bytes.
func withinOneEditASCII(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(b) {
		return true // equal, or one letter added at the end
	}
	if len(a) > len(b) {
		return a[i+1:] == b[i:] // one letter added
	}
	if a[i+1:] == b[i+1:] {
		return true // one letter changed
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // two swapped
}

// ascii reports whether s is all ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// lastWord is the last folded word of w: "objectif" for "l'objectif".
func lastWord(w string) string {
	ws := words(fold(w))
	if len(ws) == 0 {
		return ""
	}
	return ws[len(ws)-1]
}

// firstWord is the first folded word of s: "qu" for "qu'il".
func firstWord(s string) string {
	if ws := words(fold(s)); len(ws) > 0 {
		return ws[0]
	}
	return ""
}

var numberRE = regexp.MustCompile(`\d+(?:[.,]\d+)?`)

// alternatives is the regular expression matching any of the words of
// lists, as written.
func alternatives(lists ...[]string) string {
	var alts []string
	for _, ws := range lists {
		for _, w := range ws {
			alts = append(alts, regexp.QuoteMeta(w))
		}
	}
	return strings.Join(alts, "|")
}

// isAllCaps reports whether w is two or more letters, all capitals: an
// acronym such as "OMS" (knowledge.IsAllCaps).
func isAllCaps(w string) bool { return knowledge.IsAllCaps(w) }

// startsWithDigit tells a figure ("80.000", "5%") from a name holding
// digits ("Covid-19").
func startsWithDigit(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsDigit(r)
}
