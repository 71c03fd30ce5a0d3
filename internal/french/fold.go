package french

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s, removes its accents and expands the ligatures œ and
// æ: "Salariés" gives "salaries", "Sœur" gives "soeur".
func Fold(s string) string { return fold(s, true) }

// FoldAccents removes the accents of s and expands its ligatures, keeping
// its case: "Employé" gives "Employe".
func FoldAccents(s string) string { return fold(s, false) }

func fold(s string, lower bool) string {
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || lower && 'A' <= c && c <= 'Z' {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if lower {
			r = unicode.ToLower(r)
		}
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if f := foldRune(r); f != "" {
			b.WriteString(f)
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				if lower {
					d = unicode.ToLower(d)
				}
				b.WriteRune(d)
			}
		}
	}
	return b.String()
}

// foldRune folds the accented letters of French (and a few neighbours)
// without decomposing them; it returns "" for other runes.
func foldRune(r rune) string {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return "a"
	case 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å':
		return "A"
	case 'ç':
		return "c"
	case 'Ç':
		return "C"
	case 'è', 'é', 'ê', 'ë':
		return "e"
	case 'È', 'É', 'Ê', 'Ë':
		return "E"
	case 'ì', 'í', 'î', 'ï':
		return "i"
	case 'Ì', 'Í', 'Î', 'Ï':
		return "I"
	case 'ñ':
		return "n"
	case 'ò', 'ó', 'ô', 'õ', 'ö':
		return "o"
	case 'Ò', 'Ó', 'Ô', 'Õ', 'Ö':
		return "O"
	case 'ù', 'ú', 'û', 'ü':
		return "u"
	case 'Ù', 'Ú', 'Û', 'Ü':
		return "U"
	case 'ý', 'ÿ':
		return "y"
	case 'œ':
		return "oe"
	case 'Œ':
		return "Oe"
	case 'æ':
		return "ae"
	case 'Æ':
		return "Ae"
	}
	return ""
}
