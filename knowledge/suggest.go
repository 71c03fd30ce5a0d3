package knowledge

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/french"
)

// Fold lowercases s, removes its accents and expands its ligatures:
// "Salariés" gives "salaries", "sœur" gives "soeur" (french.Fold).
func Fold(s string) string { return french.Fold(s) }

// Words splits text into words of letters and digits.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// vocabulary is the set of folded words of a base, bucketed by first
// letter and length for typo look-ups, sorted for prefix look-ups, and
// indexed by the terms they end with. It is built with the base.
type vocabulary struct {
	words     map[string]bool
	buckets   map[bucketKey][]string
	sorted    []string            // the words in order, for prefix look-ups
	compounds map[string][]string // term -> words whose term is it with a prefix
}

type bucketKey struct {
	first rune
	n     int
}

// build gathers the words of b's documents (b.passages is not filled yet
// when it runs: it reads the documents).
func (v *vocabulary) build(b *Base) {
	v.words = map[string]bool{}
	v.buckets = map[bucketKey][]string{}
	for p := range allPassages(b.docs) {
		for _, w := range Words(Fold(p.Text)) {
			if v.words[w] {
				continue
			}
			v.words[w] = true
			r, _ := utf8.DecodeRuneInString(w)
			k := bucketKey{r, utf8.RuneCountInString(w)}
			v.buckets[k] = append(v.buckets[k], w)
		}
	}
	v.sort()
	v.buildCompounds(b)
}

// allPassages yields the passages of docs in order.
func allPassages(docs []Document) func(func(Passage) bool) {
	return func(yield func(Passage) bool) {
		for _, d := range docs {
			for _, p := range d.Passages {
				if !yield(p) {
					return
				}
			}
		}
	}
}

// Suggest returns the words of the knowledge base that word may be a typo
// of: one edit away (two for words of twelve letters or more), same first
// letter, accents and case ignored. A word the base uses as written gives
// nothing.
func (b *Base) Suggest(word string) []string {
	w := Fold(word)
	n := utf8.RuneCountInString(w)
	if n < 4 || b.vocab.words[w] {
		return nil
	}
	maxDist := 1
	if n >= 12 { // two typos only in long words: "protection" is not "production"
		maxDist = 2
	}
	first, _ := utf8.DecodeRuneInString(w)
	var out []string
	for l := n - maxDist; l <= n+maxDist; l++ {
		for _, cand := range b.vocab.buckets[bucketKey{first, l}] {
			// A prefix more or less is another word, not a typo:
			// "confinement" is not "déconfinement".
			if EditDistance(w, cand) <= maxDist && !strings.HasSuffix(cand, w) && !strings.HasSuffix(w, cand) {
				out = append(out, cand)
			}
		}
	}
	return out
}

// Compounds returns words of the knowledge base whose index term is that
// of word with a prefix before it: "travail" gives "télétravail",
// "conférence" gives "visioconférence", "démarrer" gives "redémarreront".
// Negating prefixes make another word and are left out: "confinement"
// does not give "déconfinement". Terms shorter than five letters give
// nothing. One word is returned per term.
func (b *Base) Compounds(word string) []string {
	var out []string
	for _, t := range b.Terms(word) {
		out = append(out, b.vocab.compounds[t]...)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func (v *vocabulary) sort() {
	for w := range v.words {
		v.sorted = append(v.sorted, w)
	}
	sort.Strings(v.sorted)
}

// buildCompounds indexes every term of the vocabulary under the terms it
// ends with (five letters or more, after a prefix of two or more that does
// not negate).
func (v *vocabulary) buildCompounds(b *Base) {
	byTerm := map[string]string{} // term -> the first word, in order, that has it
	for w := range v.words {
		for _, t := range b.Terms(w) {
			if old, ok := byTerm[t]; !ok || w < old {
				byTerm[t] = w
			}
		}
	}
	v.compounds = map[string][]string{}
	for t, w := range byTerm {
		for i := range t {
			if i < 2 || utf8.RuneCountInString(t[i:]) < 5 {
				continue
			}
			if negatingPrefixes.Has(t[:i]) {
				continue
			}
			v.compounds[t[i:]] = append(v.compounds[t[i:]], w)
		}
	}
}

// Family returns the words of the knowledge base that look derived from
// the same root as word: a shared beginning of six letters or more that
// covers most of the shorter word ("présidé" gives "président",
// "rentabilité" gives "rentable"). The word itself is left out.
func (b *Base) Family(word string) []string {
	w := Fold(word)
	rw := []rune(w)
	if len(rw) < 6 || strings.ContainsAny(w, " '-") {
		return nil
	}
	stem := string(rw[:6])
	var out []string
	for i := sort.SearchStrings(b.vocab.sorted, stem); i < len(b.vocab.sorted) && strings.HasPrefix(b.vocab.sorted[i], stem); i++ {
		if c := b.vocab.sorted[i]; c != w && SameFamily(c, w) {
			out = append(out, c)
		}
	}
	return out
}

// Completions returns the words of the knowledge base that word is the
// beginning of, as chat abbreviates them: "visio" gives "visioconference".
// Words shorter than five letters give nothing, and so does a word of the
// base.
func (b *Base) Completions(word string) []string {
	w := Fold(word)
	if utf8.RuneCountInString(w) < 5 || b.vocab.words[w] || strings.ContainsAny(w, " '-") {
		return nil
	}
	var out []string
	for i := sort.SearchStrings(b.vocab.sorted, w); i < len(b.vocab.sorted) && strings.HasPrefix(b.vocab.sorted[i], w); i++ {
		if c := b.vocab.sorted[i]; len(c) >= len(w)+3 {
			out = append(out, c)
		}
	}
	return out
}

// SameFamily reports whether two folded words look derived from one root:
// a shared beginning of six letters or more covering most of the shorter
// word ("contribution" and "contribue", "rentable" and "rentabilité").
func SameFamily(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n >= 6 && float64(n) >= 0.6*float64(min(len(ra), len(rb)))
}

// negatingPrefixes turn a word into its opposite or its absence.
var negatingPrefixes = french.Words("negating-prefixes")

// EditDistance is the Damerau-Levenshtein (optimal string alignment)
// distance between a and b, counted in runes.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
