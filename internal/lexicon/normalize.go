package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxInputBytes bounds the input considered: no headword is anywhere near
// this long, so longer input cannot match and is not worth normalising.
const maxInputBytes = 128

var punctReplacer = strings.NewReplacer(
	"\u2019", "'", "\u2018", "'", "\u02bc", "'", "\u00b4", "'", "`", "'",
	"\u2010", "-", "\u2011", "-", "\u00a0", " ", "\u202f", " ",
)

// normalizeInput lowercases s, normalises it to NFC, maps typographic
// apostrophes and hyphens to ASCII, collapses white space and trims
// surrounding punctuation (except a leading '-', used by suffix headwords).
// It returns "" for input that cannot be a headword.
func normalizeInput(s string) string {
	if len(s) > maxInputBytes*2 {
		return ""
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = norm.NFC.String(strings.ToLower(punctReplacer.Replace(s)))
	s = strings.Join(strings.Fields(s), " ")
	trim := func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '-' || unicode.IsSymbol(r)
	}
	s = strings.TrimFunc(s, trim)
	s = strings.TrimRightFunc(s, func(r rune) bool { return r == '-' || trim(r) })
	if len(s) > maxInputBytes {
		return ""
	}
	return s
}

// foldAccents removes diacritics and expands the ligatures œ and æ, so that
// "Employe", "employé" and "employè" all fold to "employe".
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
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
				b.WriteRune(d)
			}
		}
	}
	return b.String()
}

// foldRune folds the accented letters of French (and a few neighbours)
// quickly; it returns "" for other runes.
func foldRune(r rune) string {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return "a"
	case 'ç':
		return "c"
	case 'è', 'é', 'ê', 'ë':
		return "e"
	case 'ì', 'í', 'î', 'ï':
		return "i"
	case 'ñ':
		return "n"
	case 'ò', 'ó', 'ô', 'õ', 'ö':
		return "o"
	case 'ù', 'ú', 'û', 'ü':
		return "u"
	case 'ý', 'ÿ':
		return "y"
	case 'œ':
		return "oe"
	case 'æ':
		return "ae"
	}
	return ""
}

// runes counts the runes of s.
func runes(s string) int { return utf8.RuneCountInString(s) }

// formSet accumulates unique candidate forms in order.
type formSet struct {
	seen  map[string]bool
	forms []string
}

func (f *formSet) add(s string) {
	if s == "" || f.seen[s] {
		return
	}
	if f.seen == nil {
		f.seen = make(map[string]bool, 64)
	}
	f.seen[s] = true
	f.forms = append(f.forms, s)
}

// tail returns s without its first element (nil when s is empty).
func tail(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s[1:]
}
