package knowledge

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// typographyOf maps the characters that vary between sources to one form,
// so that quoting, searching and comparing agree: curly apostrophes become
// straight ones, every kind of no-break or thin space becomes a plain
// space, and invisible characters disappear. It returns r's replacement,
// and whether r has one ("\r\n" and "\r" become "\n" and "\t" a space:
// see replaceTypography).
func typographyOf(r rune) (string, bool) {
	switch r {
	case '\u2019', // right single quotation mark
		'\u2018', // left single quotation mark
		'\u02bc', // modifier letter apostrophe
		'\u00b4': // acute accent used as apostrophe
		return "'", true
	case '\u00a0', // no-break space
		'\u202f', // narrow no-break space
		'\u2007', // figure space
		'\u2009', // thin space
		'\u200a', // hair space
		'\u2002', // en space
		'\u2003', // em space
		'\t':
		return " ", true
	case '\u200b', // zero width space
		'\u200c', // zero width non-joiner
		'\u200d', // zero width joiner
		'\u2060', // word joiner
		'\ufeff', // byte order mark
		'\u00ad': // soft hyphen
		return "", true
	}
	return "", false
}

// typographyLead are the first bytes of the characters replaceTypography
// replaces.
var typographyLead = [256]bool{'\r': true, '\t': true, 0xc2: true, 0xca: true, 0xe2: true, 0xef: true}

// replaceTypography replaces the characters typographyOf maps, "\r\n"
// and "\r" by "\n", in one pass over s; s itself when it has none (most
// text).
func replaceTypography(s string) string {
	var b []byte
	last := 0 // s[last:] is not copied yet
	for i := 0; i < len(s); {
		c := s[i]
		if !typographyLead[c] {
			i++
			continue
		}
		var rep string
		n := 1
		if c == '\r' {
			rep = "\n"
			if i+1 < len(s) && s[i+1] == '\n' {
				n = 2
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			var ok bool
			if rep, ok = typographyOf(r); !ok {
				i++
				continue
			}
			n = size
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(append(b, s[last:i]...), rep...)
		i += n
		last = i
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

// collapseSpaces replaces every run of two spaces or more by one space.
func collapseSpaces(s string) string {
	i := strings.Index(s, "  ")
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s)-1)
	for i >= 0 {
		b = append(b, s[:i+1]...)
		j := i + 2
		for j < len(s) && s[j] == ' ' {
			j++
		}
		s = s[j:]
		i = strings.Index(s, "  ")
	}
	return string(append(b, s...))
}

// Normalize returns text in the form the knowledge base stores and quotes:
// Unicode NFC, straight apostrophes, plain spaces (no-break and thin spaces
// included), no zero-width characters, runs of spaces collapsed. Line breaks
// are kept.
func Normalize(text string) string {
	s := norm.NFC.String(text)
	return collapseSpaces(replaceTypography(s))
}

// groupedNumber matches numbers written with thousands separators, French
// style ("80.000", "80 000", "1 200 000"): one to three digits then groups
// of exactly three. SearchForm finds them with groupedNumbers, which the
// tests compare with it.
var groupedNumber = regexp.MustCompile(`\b\d{1,3}(?:[ .]\d{3})+\b`)

// SearchForm rewrites normalised text so that the French forms of one number
// index as the same term: "80.000", "80 000" and "80000" all become
// "80000". Percent signs need nothing: the tokenizer keeps "5" from both
// "5%" and "5 %".
func SearchForm(text string) string {
	if !hasSeparatedDigits(text) {
		return text // nothing groupedNumber can match: most passages
	}
	var b []byte
	last := 0 // text[last:] is not copied yet
	for i := 0; i < len(text); {
		end := groupedNumberAt(text, i)
		if end < 0 {
			i++
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(text))
		}
		b = append(b, text[last:i]...)
		for j := i; j < end; j++ {
			if c := text[j]; c != ' ' && c != '.' {
				b = append(b, c)
			}
		}
		last, i = end, end
	}
	if b == nil {
		return text
	}
	return string(append(b, text[last:]...))
}

// groupedNumberAt returns the end of groupedNumber's match at text[i:] (as
// the regular expression's leftmost-first search tries it: three leading
// digits before two, before one, and then as many groups as end at a word
// boundary), or -1.
func groupedNumberAt(text string, i int) int {
	if !isDigit(text[i]) || i > 0 && isWordByte(text[i-1]) {
		return -1
	}
	for k := 3; k >= 1; k-- {
		if i+k > len(text) || !allDigits(text[i:i+k]) {
			continue
		}
		// The groups that follow, the last one whose end is a boundary.
		end := -1
		for j := i + k; j+4 <= len(text) && (text[j] == ' ' || text[j] == '.') && allDigits(text[j+1:j+4]); j += 4 {
			if j+4 == len(text) || !isWordByte(text[j+4]) {
				end = j + 4
			}
		}
		if end >= 0 {
			return end
		}
	}
	return -1
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isWordByte is an ASCII word character, as \b reads them.
func isWordByte(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// hasSeparatedDigits reports whether text has a digit, a space or a period,
// then a digit: what every match of groupedNumber holds.
func hasSeparatedDigits(text string) bool {
	for i := 0; i+2 < len(text); i++ {
		if c := text[i+1]; (c == ' ' || c == '.') && isDigit(text[i]) && isDigit(text[i+2]) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
