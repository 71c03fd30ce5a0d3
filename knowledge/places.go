package knowledge

import (
	"slices"
	"strings"
	"unicode/utf8"
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
// (Token.Name) of demonymStem bytes or more that names no person, or a
// word that reads as one without its elided article ("l'Ouganda").
type placeName struct {
	word              string // its last folded word: "ouganda"
	shown             string // as first written: "Ouganda"
	passage, sentence int    // where it is first used
	count             int    // its occurrences
}

// readPlaces reads the names and adjectives of places of d. It reads the
// tokens of its sentences as the answering layer does (Tokens), but folds
// only the words that can be names or adjectives of places, and looks up
// the words of people only beside names.
func readPlaces(d Document) *docPlaces {
	out := &docPlaces{}
	at := map[string]int{}             // word -> index in out.names
	toks := make([]placeToken, 0, 128) // a sentence's, reused
	for _, p := range d.Passages {
		for si, s := range p.Sentences {
			toks = toks[:0]
			for f := range fields(s) {
				toks = append(toks, placeToken{field: f, name: isName(f.clean, f.first)})
			}
			for k := range toks {
				t := &toks[k]
				// A word of fewer than seven letters is no adjective of a
				// place, nor a name of four when it has fewer than four
				// bytes; in ASCII, its folded form has as many bytes.
				short := len(t.clean) < 4 && isASCII(t.clean)
				// A name as written, first word of its sentence included,
				// or after an elided article ("l'Ouganda").
				asName := !t.name && isName(afterElision(t.text), false)
				if short || !t.name && !asName && (len(t.clean) < 7 && isASCII(t.clean) || !mayEndDemonym(t.clean)) {
					continue
				}
				// The answering layer's last word of the token's folded
				// form (lastWord(t.folded) in bot/answer).
				w := lastFoldedWord(t.clean)
				if demonymForm(w) {
					if out.demonyms == nil {
						out.demonyms = map[string]int{}
					}
					out.demonyms[w]++
				}
				// The answering layer counted names of four bytes, but only a
				// name of demonymStem bytes can have an adjective: the
				// others are never the place.
				if len(w) < demonymStem || !t.name && !asName || t.name && namesPerson(toks, k) {
					continue
				}
				i, ok := at[w]
				if !ok {
					i = len(out.names)
					at[w] = i
					out.names = append(out.names, placeName{word: w, shown: afterElision(t.clean), passage: p.N, sentence: si})
				}
				out.names[i].count++
			}
		}
	}
	out.names = slices.Clip(out.names)
	return out
}

// placeToken is a token as readPlaces reads it.
type placeToken struct {
	field
	name bool // Token.Name
	role int8 // Token.Role, once read: 1 true, -1 false
}

// namesPerson reports whether name toks[k] names a person: a word of an
// office or relation stands near it ("la présidente, Marie Dupont").
// The answering layer marks its persons alike (bot/answer, tagSentence).
func namesPerson(toks []placeToken, k int) bool {
	for j := max(0, k-3); j < min(len(toks), k+3); j++ {
		t := &toks[j]
		if t.name {
			continue
		}
		if t.role == 0 {
			t.role = -1
			if peopleNouns.Has(lastWordFolded(t.clean)) {
				t.role = 1
			}
		}
		if t.role > 0 {
			return true
		}
	}
	return false
}

// mayEndDemonym reports whether the last word of clean, folded, may end
// like an adjective of a place: false when its last letter or digit is an
// ASCII character that ends no demonym suffix. (Folding keeps letters and
// digits so, and other characters neither: it only drops combining marks.)
func mayEndDemonym(clean string) bool {
	for i := len(clean) - 1; i >= 0; i-- {
		c := clean[i]
		if c >= utf8.RuneSelf {
			return true // the last word may end with an accented letter: fold it
		}
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			return demonymEnds[c]
		}
		if 'A' <= c && c <= 'Z' {
			return demonymEnds[c+'a'-'A']
		}
	}
	return false
}

// lastWordFolded is lastWord(Fold(clean)), without folding more than its
// last word when clean is ASCII (folding ASCII only lowers its case).
func lastWordFolded(clean string) string {
	if isASCII(clean) {
		return strings.ToLower(lastWord(clean))
	}
	return lastWord(Fold(clean))
}

// lastFoldedWord is the last word of clean folded as the answering layer
// folds it: lastWord(Fold(clean)), or, when folding that again changes
// it, of that.
func lastFoldedWord(clean string) string {
	if isASCII(clean) {
		return strings.ToLower(lastWord(clean))
	}
	folded := Fold(clean)
	w := lastWord(folded)
	if f := Fold(folded); f != folded {
		w = lastWord(f)
	}
	return w
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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
