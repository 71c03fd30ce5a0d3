package main

import (
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/articlebot/articlebot/knowledge"
)

// vocabulary is what knowledge builds beside its index for Suggest,
// Compounds, Family and Completions (knowledge's unexported vocabulary,
// built from scratch by vocabulary.update): the folded words of the base
// with the number of documents using each, bucketed by first letter and
// length, sorted, indexed by their terms, and the reversed terms sorted.
// knowledge does not export it, so the FTS5 side builds the same
// structures the same way here, to pay the same work.
type vocabulary struct {
	words   map[string]int
	buckets map[bucketKey][]string
	sorted  []string
	byTerm  map[string][]string
	rterms  []string
}

type bucketKey struct {
	first rune
	n     int
}

// buildVocabulary builds the vocabulary of docs; terms analyses a word as
// the index does.
func buildVocabulary(docs []knowledge.Document, terms func(string) []string) *vocabulary {
	v := &vocabulary{words: map[string]int{}, buckets: map[bucketKey][]string{}, byTerm: map[string][]string{}}
	seen := map[string]bool{}
	for _, d := range docs {
		clear(seen)
		var ws []string // the document's distinct folded words (knowledge's docWords)
		for _, p := range d.Passages {
			for _, w := range knowledge.Words(knowledge.Fold(p.Text)) {
				if !seen[w] {
					seen[w] = true
					ws = append(ws, w)
				}
			}
		}
		slices.Sort(ws)
		for _, w := range ws {
			v.words[w]++
		}
	}
	v.sorted = slices.Sorted(maps.Keys(v.words))
	for _, w := range v.sorted {
		r, _ := utf8.DecodeRuneInString(w)
		k := bucketKey{r, utf8.RuneCountInString(w)}
		v.buckets[k] = append(v.buckets[k], w)
		ts := terms(w)
		slices.Sort(ts)
		for _, t := range slices.Compact(ts) {
			v.byTerm[t] = append(v.byTerm[t], w)
		}
	}
	v.rterms = make([]string, 0, len(v.byTerm))
	for t := range v.byTerm {
		v.rterms = append(v.rterms, reverse(t))
	}
	slices.Sort(v.rterms)
	return v
}

func reverse(s string) string {
	b := []byte(s)
	slices.Reverse(b)
	return string(b)
}
