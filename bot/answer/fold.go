package answer

import "github.com/articlebot/articlebot/knowledge"

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
	return knowledge.EditDistance(w, c) <= 1
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
