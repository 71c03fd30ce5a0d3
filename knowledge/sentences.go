package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/french"
)

// abbreviations end with a period that does not end a sentence.
var abbreviations = french.Words("abbreviations")

// SplitSentences cuts a normalised paragraph into sentences. A sentence ends
// at ".", "!", "?" or "…" (with any closing quote or bracket) followed by a
// space and a capital letter, a digit or an opening quote; periods of
// abbreviations ("M.", "Mme.") and initials ("J. Dupont") and those inside
// numbers ("80.000") do not end one. Joining the result with single spaces
// gives the input back.
func SplitSentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		end := i + size
		for end < len(text) { // swallow repeated terminators and closing marks
			r2, s2 := utf8.DecodeRuneInString(text[end:])
			if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '…' || r2 == '»' || r2 == '"' || r2 == ')' || r2 == '\'' {
				end += s2
				continue
			}
			break
		}
		if strings.HasPrefix(text[end:], " »") { // French closing quote after a space
			end += len(" »")
		}
		if end >= len(text) || text[end] != ' ' {
			i = end
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[end+1:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '«' || next == '"' || next == '(' || next == '-' || next == '–' || next == '—') {
			i = end
			continue
		}
		if r == '.' && isAbbreviation(text[start:i]) {
			i = end
			continue
		}
		out = append(out, text[start:end])
		start = end + 1
		i = start
	}
	if rest := text[start:]; rest != "" {
		out = append(out, rest)
	}
	return out
}

// isAbbreviation reports whether the word before a period is an
// abbreviation or a single-letter initial.
func isAbbreviation(before string) bool {
	k := strings.LastIndexFunc(before, func(r rune) bool { return !unicode.IsLetter(r) && r != '°' })
	word := before
	if k >= 0 {
		_, size := utf8.DecodeRuneInString(before[k:])
		word = before[k+size:]
	}
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	return abbreviations.Has(strings.ToLower(word))
}
