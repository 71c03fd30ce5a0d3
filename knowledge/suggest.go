package knowledge

import (
	"maps"
	"math"
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
// indexed by their terms, whose reversed forms are sorted for suffix
// look-ups. It is built with the base, and a reload updates it with the
// words of the documents that changed: every part of it is in an order
// that does not depend on the documents' (sorted), so that an update
// gives what a build from scratch would.
type vocabulary struct {
	words   map[string]int         // folded word -> number of documents using it
	buckets map[bucketKey][]string // sorted
	sorted  []string               // the words in order, for prefix look-ups
	byTerm  map[string][]string    // index term -> the words analysed to it, sorted
	rterms  []string               // the terms of byTerm with their bytes reversed, sorted
}

type bucketKey struct {
	first rune
	n     int
}

func keyOf(w string) bucketKey {
	r, _ := utf8.DecodeRuneInString(w)
	return bucketKey{r, utf8.RuneCountInString(w)}
}

// wordChange lists the words leaving and entering one bucket or term.
type wordChange struct{ out, in []string }

// update makes v the vocabulary of prev (nil: none) less the words of the
// documents removed and plus those of the documents added (each list
// distinct words); terms analyses a word as the index does (update keeps
// none of the slices it returns, which it may reuse). prev is not
// modified: the maps and slices it shares with v are copied before they
// change.
func (v *vocabulary) update(prev *vocabulary, removed, added [][]string, terms func(string) []string) {
	if prev == nil {
		prev = &vocabulary{}
	}
	v.words = maps.Clone(prev.words)
	if v.words == nil {
		// Sized for the distinct words of the documents' (Heaps' law
		// fitted on the bench corpus: some 50·√(words)), so that it does
		// not grow word by word.
		total := 0
		for _, ws := range added {
			total += len(ws)
		}
		v.words = make(map[string]int, min(total, 50*int(math.Sqrt(float64(total)))))
	}
	gone := map[string]bool{}
	for _, ws := range removed {
		for _, w := range ws {
			if v.words[w]--; v.words[w] <= 0 {
				delete(v.words, w)
				gone[w] = true
			}
		}
	}
	var fresh []string
	for _, ws := range added {
		for _, w := range ws {
			if v.words[w]++; v.words[w] == 1 {
				if gone[w] {
					delete(gone, w) // removed and added back
				} else {
					fresh = append(fresh, w)
				}
			}
		}
	}
	out := slices.Sorted(maps.Keys(gone))
	slices.Sort(fresh)
	v.sorted = mergeSorted(prev.sorted, out, fresh)

	// The buckets and terms touched, with the words leaving and entering them.
	bChanges := map[bucketKey]*wordChange{}
	tChanges := make(map[string]*wordChange, len(out)+len(fresh))
	note := func(w string, in bool) {
		k := keyOf(w)
		c := bChanges[k]
		if c == nil {
			c = &wordChange{}
			bChanges[k] = c
		}
		c.add(w, in)
		ts := terms(w)
		slices.Sort(ts)
		for _, t := range slices.Compact(ts) {
			tc := tChanges[t]
			if tc == nil {
				tc = &wordChange{}
				tChanges[t] = tc
			}
			tc.add(w, in)
		}
	}
	for _, w := range out {
		note(w, false)
	}
	for _, w := range fresh {
		note(w, true)
	}
	v.buckets = maps.Clone(prev.buckets)
	if v.buckets == nil {
		v.buckets = map[bucketKey][]string{}
	}
	for k, c := range bChanges {
		if ws := mergeSorted(v.buckets[k], c.out, c.in); len(ws) > 0 {
			v.buckets[k] = ws
		} else {
			delete(v.buckets, k)
		}
	}
	v.byTerm = maps.Clone(prev.byTerm)
	if v.byTerm == nil {
		v.byTerm = make(map[string][]string, len(tChanges))
	}
	var termsOut, termsIn []string
	for t, c := range tChanges {
		old := v.byTerm[t]
		ws := mergeSorted(old, c.out, c.in)
		switch {
		case len(ws) > 0:
			v.byTerm[t] = ws
			if len(old) == 0 {
				termsIn = append(termsIn, reverse(t))
			}
		default:
			delete(v.byTerm, t)
			if len(old) > 0 {
				termsOut = append(termsOut, reverse(t))
			}
		}
	}
	v.rterms = mergeSorted(prev.rterms, termsOut, termsIn)
}

func (c *wordChange) add(w string, in bool) {
	if in {
		c.in = append(c.in, w)
	} else {
		c.out = append(c.out, w)
	}
}

// mergeSorted returns the sorted list a less out (all in a) plus in (none
// in a), in a new slice: a is not modified; out and in are sorted in place.
func mergeSorted(a, out, in []string) []string {
	slices.Sort(out)
	slices.Sort(in)
	res := make([]string, 0, len(a)-len(out)+len(in))
	for _, w := range a {
		if len(out) > 0 && out[0] == w {
			out = out[1:]
			continue
		}
		for len(in) > 0 && in[0] < w {
			res = append(res, in[0])
			in = in[1:]
		}
		res = append(res, w)
	}
	return append(res, in...)
}

// reverse returns s with its bytes in reverse order: a suffix of s is a
// prefix of reverse(s).
func reverse(s string) string {
	b := []byte(s)
	slices.Reverse(b)
	return string(b)
}

// Suggest returns the words of the knowledge base that word may be a typo
// of: one edit away (two for words of twelve letters or more), same first
// letter, accents and case ignored. A word the base uses as written gives
// nothing.
func (b *Base) Suggest(word string) []string {
	w := Fold(word)
	n := utf8.RuneCountInString(w)
	if n < 4 || b.vocab.words[w] > 0 {
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
// nothing, and so do prefixes shorter than two bytes. One word is
// returned per term: the first in order.
func (b *Base) Compounds(word string) []string {
	var out []string
	rterms := b.vocab.rterms
	for _, t := range b.Terms(word) {
		if utf8.RuneCountInString(t) < 5 {
			continue
		}
		rt := reverse(t)
		for i := sort.SearchStrings(rterms, rt); i < len(rterms) && strings.HasPrefix(rterms[i], rt); i++ {
			long := reverse(rterms[i])
			prefix := long[:len(long)-len(t)]
			if len(prefix) < 2 || negatingPrefixes.Has(prefix) {
				continue
			}
			out = append(out, b.vocab.byTerm[long][0])
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
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
	if utf8.RuneCountInString(w) < 5 || b.vocab.words[w] > 0 || strings.ContainsAny(w, " '-") {
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
	// The shared beginning, in runes, read without converting the words
	// (the answering layer calls this for many pairs per question).
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		ra, sa := utf8.DecodeRuneInString(a[i:])
		rb, sb := utf8.DecodeRuneInString(b[j:])
		if ra != rb {
			break
		}
		n, i, j = n+1, i+sa, j+sb
	}
	return n >= 6 && float64(n) >= 0.6*float64(min(utf8.RuneCountInString(a), utf8.RuneCountInString(b)))
}

// negatingPrefixes turn a word into its opposite or its absence.
var negatingPrefixes = french.Words("negating-prefixes")

// EditDistance is the Damerau-Levenshtein (optimal string alignment)
// distance between a and b, counted in runes.
func EditDistance(a, b string) int {
	// Words fit in buffers on the stack: the answering layer calls this
	// for many pairs of words per question.
	var bufA, bufB [32]rune
	var rows [3][33]int
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	var prev2, prev, cur []int
	if n := len(rb) + 1; n <= len(rows[0]) {
		prev2, prev, cur = rows[0][:n], rows[1][:n], rows[2][:n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
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

func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}
