package answer

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/french"
	"github.com/articlebot/articlebot/knowledge"
)

// Questions on the document itself ("De quoi parle l'article ?", "What is
// the article about?", "résume l'article") ask for its gist: no sentence of
// the article holds the words "parle" or "article", so the ranking cannot
// answer them. They are answered with the document's summary.

// documentWords name the document, topicWords what it is about; with
// question words and function words only, a question asks for the gist.
var (
	documentWords = french.Words("document-words")
	topicWords    = french.Words("topic-words")
	summaryVerbs  = french.Words("summary-verbs")
)

// aboutWhat reads a question on the document: named reports that it names
// the document (or asks for a summary) and says nothing else but, maybe,
// a class of places ("De quel pays parle l'article ?"), returned as class.
func aboutWhat(text string) (named bool, class string) {
	for _, w := range words(fold(text)) {
		switch {
		case documentWords.Has(w) || summaryVerbs.Has(w):
			named = true
		case topicWords.Has(w):
		case placeNouns.Has(w) && class == "":
			class = w
		default:
			return false, ""
		}
	}
	return named, class
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

// placeNouns name classes of places.
var placeNouns = french.Words("place-nouns")

// mainPlace answers "De quel pays parle l'article ?": the place the
// documents name most, counting the adjectives made from it ("Maroc",
// "marocaine"), since a name with such an adjective is a place. It quotes
// the first sentence that names it; nothing is found when no name has that
// mark of a place.
func (a *Answerer) mainPlace(base *knowledge.Base) result {
	// Every sentence of the base is read: once per base.
	return kept(a.cacheFor(base), "place\x00", func() result { return a.findPlace(base) })
}

func (a *Answerer) findPlace(base *knowledge.Base) result {
	type place struct {
		shown  string // as written: "Maroc"
		count  int
		marked bool
		first  candidate
	}
	places := map[string]*place{}
	var order, adjectives []string
	cache := a.cacheFor(base)
	for _, d := range base.Documents() {
		for _, p := range d.Passages {
			for i, sent := range cache.tags(p) {
				fields := strings.Fields(p.Sentences[i])
				for k, t := range sent.words {
					w := lastWord(t.folded)
					adjectives = append(adjectives, w) // "marocaine", or a noun: "Ougandais"
					if t.person || len(w) < 4 || k >= len(fields) || !t.name && !isName(afterElision(fields[k]), 1) {
						continue // "l'Ouganda" is a name too
					}
					pl := places[w]
					if pl == nil {
						shown := afterElision(strings.Trim(fields[k], "«»\"'(),.;:!?"))
						pl = &place{shown: shown, first: candidate{hit: knowledge.Hit{Passage: p, Title: d.Title}, index: i, text: p.Sentences[i], companion: -1}}
						places[w] = pl
						order = append(order, w)
					}
					pl.count++
				}
			}
		}
	}
	// Every adjective counts once per occurrence. A demonym of w begins
	// with w less at most two letters, and with five letters at least:
	// the adjectives are looked up by their first five bytes, not all
	// compared with every name (which was quadratic in the base's size).
	byStart := map[string]map[string]int{}
	for _, adj := range adjectives {
		if len(adj) < demonymStem {
			continue
		}
		m := byStart[adj[:demonymStem]]
		if m == nil {
			m = map[string]int{}
			byStart[adj[:demonymStem]] = m
		}
		m[adj]++
	}
	var best *place
	for _, w := range order {
		pl := places[w]
		if len(w) >= demonymStem {
			for adj, n := range byStart[w[:demonymStem]] {
				if demonym(adj, w) {
					pl.marked = true
					pl.count += n
				}
			}
		}
		if pl.marked && (best == nil || pl.count > best.count) {
			best = pl
		}
	}
	if best == nil {
		return result{}
	}
	return result{found: true, confidence: 1, lead: best.shown, hits: []knowledge.Hit{best.first.hit}, best: []candidate{best.first}}
}

// gistSentences is how many sentences of one document's summary are quoted.
const gistSentences = 3

// gist answers a question on what the knowledge base is about: the
// summary of its document, or the most central sentence of each of its
// first documents.
func (a *Answerer) gist(base *knowledge.Base) result {
	docs := base.Documents()
	n := gistSentences
	if len(docs) > 1 {
		n = 1
		if len(docs) > a.opts.TopK {
			docs = docs[:a.opts.TopK]
		}
	}
	var res result
	for _, d := range docs {
		byN := map[int]knowledge.Passage{}
		for _, p := range d.Passages {
			byN[p.N] = p
		}
		sents := knowledge.Summarize(d, n)
		sort.SliceStable(sents, func(i, j int) bool {
			return sents[i].Passage < sents[j].Passage || sents[i].Passage == sents[j].Passage && sents[i].Index < sents[j].Index
		})
		for _, s := range sents {
			h := knowledge.Hit{Passage: byN[s.Passage], Title: d.Title, Score: s.Score}
			res.hits = append(res.hits, h)
			res.best = append(res.best, candidate{hit: h, index: s.Index, text: s.Text, companion: -1})
		}
	}
	res.found = len(res.best) > 0
	if res.found {
		res.confidence = 1
	}
	return res
}
