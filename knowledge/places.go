package knowledge

import (
	"slices"

	"github.com/articlebot/articlebot/internal/french"
)

// The place the documents name most answers "De quel pays parle l'article
// ?". Reading it takes every sentence of the base, so it is read at load
// time: each document's names and adjectives of places once, when the
// document is indexed (a reload reuses those of the documents that did not
// change), and the base's place from them (MainPlace).

// Place is the place a base's documents name most (MainPlace).
type Place struct {
	Name     string // as first written, without an elided article: "Ouganda" for "l'Ouganda"
	Doc      string // the document, passage and sentence (0-based) that first name it
	Passage  int
	Sentence int
	Count    int // how often the documents name it or use an adjective made from it
}

// docPlaces is what one document tells of places: the names it uses and
// the words that may be adjectives made from a name.
type docPlaces struct {
	names    []placeName    // in the order of their first occurrence
	demonyms map[string]int // folded words that may be adjectives of places (demonymForm), with their occurrences
}

// placeName is a word of a document read as the name of a place: a name
// (Token.Name) of four letters or more that names no person, or a word
// that reads as one without its elided article ("l'Ouganda").
type placeName struct {
	word              string // its last folded word: "ouganda"
	shown             string // as first written: "Ouganda"
	passage, sentence int    // where it is first used
	count             int    // its occurrences
}

// readPlaces reads the names and adjectives of places of d.
func readPlaces(d Document) *docPlaces {
	out := &docPlaces{}
	at := map[string]int{} // word -> index in out.names
	var toks []Token
	for _, p := range d.Passages {
		for si, s := range p.Sentences {
			toks = toks[:0]
			for t := range Tokens(s) {
				toks = append(toks, t)
			}
			for k, t := range toks {
				w := lastWord(french.Fold(t.Folded))
				if demonymForm(w) {
					if out.demonyms == nil {
						out.demonyms = map[string]int{}
					}
					out.demonyms[w]++
				}
				if len(w) < 4 || !t.Name && !IsName(afterElision(t.Text), 1) || t.Name && namesPerson(toks, k) {
					continue
				}
				i, ok := at[w]
				if !ok {
					i = len(out.names)
					at[w] = i
					out.names = append(out.names, placeName{word: w, shown: afterElision(t.Clean), passage: p.N, sentence: si})
				}
				out.names[i].count++
			}
		}
	}
	out.names = slices.Clip(out.names)
	return out
}

// namesPerson reports whether name toks[k] names a person: a word of an
// office or relation stands near it ("la présidente, Marie Dupont").
// The answering layer marks its persons alike (bot/answer, tagSentence).
func namesPerson(toks []Token, k int) bool {
	for j := max(0, k-3); j < min(len(toks), k+3); j++ {
		if toks[j].Role && !toks[j].Name {
			return true
		}
	}
	return false
}

// mainPlace finds the place the documents of docs name most from their
// entries' places: the name most often used, counting the adjectives made
// from it ("Maroc", "marocaine"), among the names that have such an
// adjective somewhere in the base, since a name with one is a place; the
// first one named when two are named as often. ok is false when no name
// has an adjective.
func mainPlace(docs []Document, entries []*docEntry) (_ Place, ok bool) {
	type total struct {
		count int
		first *placeName
		doc   int
	}
	names := map[string]*total{}
	var order []string
	// The adjectives, by their first demonymStem bytes: the adjectives of
	// a name begin with them.
	byStart := map[string]map[string]int{}
	for i, e := range entries {
		for j := range e.places.names {
			n := &e.places.names[j]
			t := names[n.word]
			if t == nil {
				t = &total{first: n, doc: i}
				names[n.word] = t
				order = append(order, n.word)
			}
			t.count += n.count
		}
		for w, n := range e.places.demonyms {
			m := byStart[w[:demonymStem]]
			if m == nil {
				m = map[string]int{}
				byStart[w[:demonymStem]] = m
			}
			m[w] += n
		}
	}
	var best *total
	for _, w := range order {
		if len(w) < demonymStem {
			continue
		}
		t := names[w]
		marked := false
		for adj, n := range byStart[w[:demonymStem]] {
			if Demonym(adj, w) {
				marked = true
				t.count += n
			}
		}
		if marked && (best == nil || t.count > best.count) {
			best = t
		}
	}
	if best == nil {
		return Place{}, false
	}
	return Place{Name: best.first.shown, Doc: docs[best.doc].ID, Passage: best.first.passage, Sentence: best.first.sentence, Count: best.count}, true
}

// MainPlace returns the place the documents name most, counting the
// adjectives made from it ("Maroc", "marocaine"), since a name with such
// an adjective is a place: the first one named when two are named as
// often. ok is false when no name of the base has such an adjective. It
// was read when the base was loaded.
func (b *Base) MainPlace() (_ Place, ok bool) { return b.place, b.hasPlace }
