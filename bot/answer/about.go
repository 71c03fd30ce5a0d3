package answer

import (
	"sort"

	"github.com/articlebot/articlebot/knowledge"
)

// Questions on the document itself ("De quoi parle l'article ?", "What is
// the article about?", "résume l'article") ask for its gist: no sentence of
// the article holds the words "parle" or "article", so the ranking cannot
// answer them. They are answered with the document's summary.

// documentWords name the document, topicWords what it is about; with
// question words and function words only, a question asks for the gist.
var (
	documentWords = set("article", "articles", "texte", "document", "papier", "text", "piece", "story")
	topicWords    = set("parle", "parlent", "traite", "traitent", "evoque", "aborde", "raconte", "explique", "dit",
		"sujet", "theme", "propos", "resume", "resumer", "resumes", "resumez", "summary", "summarize", "summarise",
		"about", "main", "points", "idee", "idees", "principale", "principales", "essentiel", "gist", "topic", "say",
		"says", "de", "quoi", "what", "is", "the", "this", "cet", "cette", "ce", "l", "le", "la", "les", "du", "un",
		"une", "en", "bref", "quel", "quelle", "est", "c", "qu", "dans", "of", "in", "me", "moi", "nous", "please",
		"stp", "svp", "s", "il", "te", "tu", "peux", "pourrais", "can", "you", "could", "give", "donne", "fais",
		"faire", "quels", "quelles", "sont", "are", "its", "it", "to")
	summaryVerbs = set("resume", "resumer", "resumez", "summarize", "summarise", "summary")
)

// aboutDocument reports whether text asks what the document is about: it
// names the document (or asks for a summary) and says nothing else.
func aboutDocument(text string) bool {
	ws := words(fold(text))
	named := false
	for _, w := range ws {
		switch {
		case documentWords[w] || summaryVerbs[w]:
			named = true
		case topicWords[w]:
		default:
			return false
		}
	}
	return named
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
