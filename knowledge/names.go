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

// tokenTrim is the punctuation a token's Clean form is without.
const tokenTrim = "«»\"'(),.;:!?"

var (
	roleNouns   = french.Words("role-nouns")
	personNouns = french.Words("person-nouns")
)

// Tokens yields the tokens of sentence s, in order.
func Tokens(s string) iter.Seq[Token] {
	return func(yield func(Token) bool) {
		// opens: the next word starts the sentence or a quotation ("«
		// Malgré cette période… »"), where a capital says nothing of a name.
		opens := true
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				i += n
				continue
			}
			j := i
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) {
					break
				}
				j += n
			}
			f := s[i:j]
			clean := strings.Trim(f, tokenTrim)
			first := opens || strings.HasPrefix(f, "«") || strings.HasPrefix(f, "\"")
			opens = clean == "" && (strings.HasSuffix(f, "«") || f == "\"")
			folded := Fold(clean)
			last := lastWord(folded)
			t := Token{Start: i, Text: f, Clean: clean, Folded: folded, Last: last,
				Name: isName(clean, first), Role: roleNouns.Has(last) || personNouns.Has(last)}
			if !yield(t) {
				return
			}
			i = j
		}
	}
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
	if !unicode.IsUpper(r) || strings.ContainsAny(w, "0123456789") {
		return false
	}
	return !first || IsAllCaps(w)
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
	if j := strings.IndexAny(w, "'’"); j > 0 && j <= 3 {
		_, n := utf8.DecodeRuneInString(w[j:])
		return w[j+n:]
	}
	return w
}
