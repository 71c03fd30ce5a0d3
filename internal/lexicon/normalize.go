package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/french"

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
func foldAccents(s string) string { return french.FoldAccents(s) }

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
