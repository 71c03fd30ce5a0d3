package knowledge

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/french"
)

// The words of a sentence as both the knowledge base and the answering
// layer read them: split at spaces, with the names and the words that name
// people marked. The answering layer builds its analysis of a sentence on
// these tokens, and the base reads the places its documents name with them
// at load time (places.go), so both read a sentence alike.

// Token is one word of a sentence as written between spaces.
type Token struct {
	Start  int    // byte offset of the token in its sentence
	Text   string // as written: "(l'Ouganda),"
	Clean  string // without the punctuation around it: "l'Ouganda"
	Folded string // Clean folded (Fold): "l'ouganda"
	Last   string // the last word of Folded (Words): "ouganda"
	// Name: a capitalised word that neither starts the sentence nor opens
	// a quotation, or an acronym (IsName).
	Name bool
	// Role: its last word names a person by office or relation
	// ("président", "fils", "étranger").
	Role bool
}

// peopleNouns name people by their office ("président") or by what they
// are to others ("fils", "étranger"): folded.
var peopleNouns = french.Union(french.Words("role-nouns"), french.Words("person-nouns"))

// Tokens yields the tokens of sentence s, in order.
func Tokens(s string) iter.Seq[Token] {
	return func(yield func(Token) bool) {
		for f := range fields(s) {
			folded := Fold(f.clean)
			last := lastWord(folded)
			t := Token{Start: f.start, Text: f.text, Clean: f.clean, Folded: folded, Last: last,
				Name: isName(f.clean, f.first), Role: peopleNouns.Has(last)}
			if !yield(t) {
				return
			}
		}
	}
}

// field is a token as written (Token without what is read of its words).
type field struct {
	start       int
	text, clean string
	first       bool // it starts the sentence or a quotation: a capital says nothing of a name
}

// fields yields the tokens of s as written.
func fields(s string) iter.Seq[field] {
	return func(yield func(field) bool) {
		// opens: the next word starts the sentence or a quotation ("«
		// Malgré cette période… »").
		opens := true
		for i := 0; i < len(s); {
			if n := spaceAt(s, i); n > 0 {
				i += n
				continue
			}
			j := i
			for j < len(s) {
				if c := s[j]; c < utf8.RuneSelf {
					if asciiSpace[c] {
						break
					}
					j++
					continue
				}
				if spaceAt(s, j) > 0 {
					break
				}
				_, n := utf8.DecodeRuneInString(s[j:])
				j += n
			}
			f := s[i:j]
			clean := trimPunct(f)
			first := opens || strings.HasPrefix(f, "«") || strings.HasPrefix(f, "\"")
			opens = clean == "" && (strings.HasSuffix(f, "«") || f == "\"")
			if !yield(field{start: i, text: f, clean: clean, first: first}) {
				return
			}
			i = j
		}
	}
}

// asciiSpace are the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// spaceAt is the length of the space (unicode.IsSpace) at s[i], or 0.
func spaceAt(s string, i int) int {
	if c := s[i]; c < utf8.RuneSelf {
		if asciiSpace[c] {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if unicode.IsSpace(r) {
		return n
	}
	return 0
}

// trimPunct is strings.Trim(f, "«»\"'(),.;:!?"): f without the punctuation around it.
func trimPunct(f string) string {
	for len(f) > 0 {
		r, n := utf8.DecodeRuneInString(f)
		if !isTrimmed(r) {
			break
		}
		f = f[n:]
	}
	for len(f) > 0 {
		r, n := utf8.DecodeLastRuneInString(f)
		if !isTrimmed(r) {
			break
		}
		f = f[:len(f)-n]
	}
	return f
}

func isTrimmed(r rune) bool {
	switch r {
	case '«', '»', '"', '\'', '(', ')', ',', '.', ';', ':', '!', '?':
		return true
	}
	return false
}

// lastWord is the last of Words(s), or "" when s has none.
func lastWord(s string) string {
	start, end := -1, -1
	in := false
	for i, r := range s {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case letter && !in:
			start, in = i, true
		case !letter && in:
			end, in = i, false
		}
	}
	if in {
		end = len(s)
	}
	if start < 0 {
		return ""
	}
	return s[start:end]
}

// IsName reports whether word w, the i-th of its sentence (from 0), names a
// person, a place or an organisation: an acronym, or a capitalised word
// that does not start the sentence.
func IsName(w string, i int) bool { return isName(w, i == 0) }

func isName(w string, first bool) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || hasDigit(w) {
		return false
	}
	return !first || IsAllCaps(w)
}

// hasDigit reports whether s holds an ASCII digit.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// IsAllCaps reports whether w is two or more letters, all capitals: an
// acronym such as "OMS" (numbers' isAcronym also takes digits: "G20").
func IsAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// demonymSuffixes make the adjective of a place: "marocaine", "ougandais".
var demonymSuffixes = french.List("demonym-suffixes")

// demonymEnds are the last bytes of demonymSuffixes.
var demonymEnds = func() (ends [256]bool) {
	for _, suf := range demonymSuffixes {
		ends[suf[len(suf)-1]] = true
	}
	return ends
}()

// demonymStem is the shortest stem a demonym shares with its place name.
const demonymStem = 5

// Demonym reports whether folded word adj is the adjective of place name
// ("marocaine" of "maroc", "algerienne" of "algerie"): both begin with the
// same stem of five bytes at least, and adj ends with an ending that makes
// the adjective of a place that name does not end with.
func Demonym(adj, name string) bool {
	// The stem begins both: most pairs of words part at once.
	if len(adj) < demonymStem || len(name) < demonymStem || adj[:demonymStem] != name[:demonymStem] {
		return false
	}
	for _, suf := range demonymSuffixes {
		stem, ok := strings.CutSuffix(adj, suf)
		if !ok || len(stem) < demonymStem {
			continue
		}
		if rest, ok := strings.CutPrefix(name, stem); ok && len(rest) <= 2 && !strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

// demonymForm reports whether folded word w may be the adjective of some
// place (Demonym(w, name) for some name): it ends with an ending that
// makes one, after a stem of demonymStem bytes at least.
func demonymForm(w string) bool {
	if len(w) <= demonymStem || !demonymEnds[w[len(w)-1]] {
		return false
	}
	for _, suf := range demonymSuffixes {
		if len(w)-len(suf) >= demonymStem && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// afterElision is w without an elided article or preposition: "Ouganda"
// for "l'Ouganda".
func afterElision(w string) string {
	if j := elision(w); j > 0 {
		return w[j:]
	}
	return w
}

// elision is the end of the elided article or preposition that begins w
// ("l'", "jusqu’"): the first apostrophe of w, if it is its second to
// fourth byte, and 0 otherwise.
func elision(w string) int {
	for j := 0; j <= 3 && j < len(w); j++ {
		switch {
		case w[j] == '\'':
			if j == 0 {
				return 0
			}
			return j + 1
		case strings.HasPrefix(w[j:], "’"):
			if j == 0 {
				return 0
			}
			return j + len("’")
		}
	}
	return 0
}
