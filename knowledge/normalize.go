package knowledge

import (
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// typography maps the characters that vary between sources to one form, so
// that quoting, searching and comparing agree: curly apostrophes become
// straight ones, every kind of no-break or thin space becomes a plain space,
// and invisible characters disappear.
var typography = strings.NewReplacer(
	"\u2019", "'", // right single quotation mark
	"\u2018", "'", // left single quotation mark
	"\u02bc", "'", // modifier letter apostrophe
	"\u00b4", "'", // acute accent used as apostrophe
	"\u00a0", " ", // no-break space
	"\u202f", " ", // narrow no-break space
	"\u2007", " ", // figure space
	"\u2009", " ", // thin space
	"\u200a", " ", // hair space
	"\u2002", " ", // en space
	"\u2003", " ", // em space
	"\u200b", "", // zero width space
	"\u200c", "", // zero width non-joiner
	"\u200d", "", // zero width joiner
	"\u2060", "", // word joiner
	"\ufeff", "", // byte order mark
	"\u00ad", "", // soft hyphen
	"\r\n", "\n",
	"\r", "\n",
	"\t", " ",
)

var spaces = regexp.MustCompile(` {2,}`)

// Normalize returns text in the form the knowledge base stores and quotes:
// Unicode NFC, straight apostrophes, plain spaces (no-break and thin spaces
// included), no zero-width characters, runs of spaces collapsed. Line breaks
// are kept.
func Normalize(text string) string {
	s := norm.NFC.String(text)
	s = typography.Replace(s)
	if strings.Contains(s, "  ") {
		s = spaces.ReplaceAllString(s, " ")
	}
	return s
}

// groupedNumber matches numbers written with thousands separators, French
// style ("80.000", "80 000", "1 200 000"): one to three digits then groups
// of exactly three.
var digitSeparators = strings.NewReplacer(" ", "", ".", "")

var groupedNumber = regexp.MustCompile(`\b\d{1,3}(?:[ .]\d{3})+\b`)

// SearchForm rewrites normalised text so that the French forms of one number
// index as the same term: "80.000", "80 000" and "80000" all become
// "80000". Percent signs need nothing: the tokenizer keeps "5" from both
// "5%" and "5 %".
func SearchForm(text string) string {
	if !hasSeparatedDigits(text) {
		return text // nothing groupedNumber can match: most passages
	}
	return groupedNumber.ReplaceAllStringFunc(text, func(m string) string {
		return digitSeparators.Replace(m)
	})
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
