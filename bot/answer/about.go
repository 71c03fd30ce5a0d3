package answer

import (
	"slices"
	"sort"

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

// placeNouns name classes of places.
var placeNouns = french.Words("place-nouns")

// mainPlace answers "De quel pays parle l'article ?": the place the
// documents name most, counting the adjectives made from it ("Maroc",
// "marocaine"), since a name with such an adjective is a place. It quotes
// the first sentence that names it; nothing is found when no name has that
// mark of a place.
func (a *Answerer) mainPlace(base *knowledge.Base) result {
	// Read when the base was loaded (knowledge.Base.MainPlace).
	pl, ok := base.MainPlace()
	if !ok {
		return result{}
	}
	d, _ := base.Document(pl.Doc)
	p, _ := base.Passage(pl.Doc, pl.Passage)
	c := candidate{hit: knowledge.Hit{Passage: p, Title: d.Title}, index: pl.Sentence, text: p.Sentences[pl.Sentence], companion: -1}
	return result{found: true, confidence: 1, lead: pl.Name, hits: []knowledge.Hit{c.hit}, best: []candidate{c}}
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
		// Kept with the document: the next questions read it again.
		sents := slices.Clone(base.Summary(d.ID, n))
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
