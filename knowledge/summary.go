package knowledge

import (
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/articlebot/articlebot/internal/french"
	"github.com/articlebot/articlebot/knowledge/numbers"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/registry"
)

// SummarySentence is one sentence chosen by Summarize.
type SummarySentence struct {
	Passage int     // passage number §n
	Index   int     // position of the sentence in its passage, 0-based
	Text    string  // the sentence, exactly as in Passage.Sentences
	Score   float64 // centrality, higher is more central
}

const (
	textRankDamping = 0.85
	// figureBonus multiplies the centrality of a sentence that states a
	// figure (a count, percentage, amount, measure or duration).
	figureBonus = 1.15
	// titleWeight is the share of the random jump of TextRank that goes to
	// sentences like the title.
	titleWeight = 0.5
	// mmrLambda weighs centrality against redundancy when choosing.
	mmrLambda = 0.7
	// minSummaryWords is the length under which a sentence is never chosen.
	minSummaryWords = 5
)

// Summarize returns the n most central sentences of doc, in document order:
// an extractive summary. Centrality is TextRank over the cosine similarity
// of the sentences' TF-IDF vectors, with words analysed by the French
// analyser of the index (elision, stop words, light stemming) and accents
// folded. Sentences that state a figure get a slight bonus; sentences of
// fewer than five words and web boilerplate ("Lire aussi", "Article
// suivant") are never chosen. It returns every eligible sentence when there
// are n or fewer, and nil when n <= 0.
func Summarize(doc Document, n int) []SummarySentence {
	if n <= 0 {
		return nil
	}
	an := summaryAnalyzer()
	var cands []SummarySentence
	var terms []map[string]float64
	for _, p := range doc.Passages {
		for i, s := range p.Sentences {
			if len(strings.Fields(s)) < minSummaryWords || readAlso.MatchString(s) || prevNextLine.MatchString(s) {
				continue
			}
			tf := sentenceTerms(an, s)
			if len(tf) == 0 {
				continue
			}
			cands = append(cands, SummarySentence{Passage: p.N, Index: i, Text: s})
			terms = append(terms, tf)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	titleTerms := sentenceTerms(an, doc.Title)
	vecs := tfidf(append(terms, titleTerms))
	title := vecs[len(vecs)-1]
	vecs = vecs[:len(vecs)-1]
	prior := make([]float64, len(vecs))
	for i, v := range vecs {
		prior[i] = cosine(v, title)
	}
	scores := textRank(vecs, prior)
	top := 0.0
	for i := range cands {
		cands[i].Score = scores[i]
		if statesFigure(cands[i].Text) {
			cands[i].Score *= figureBonus
		}
		top = math.Max(top, cands[i].Score)
	}
	chosen := selectDiverse(cands, vecs, n, top)
	sort.Ints(chosen)
	out := make([]SummarySentence, 0, n)
	for _, i := range chosen {
		out = append(out, cands[i])
	}
	return out
}

// docSummaries are the summaries of one document (Base.Summary), by their
// number of sentences.
type docSummaries struct {
	mu  sync.Mutex
	byN map[int][]SummarySentence
}

// Summary returns Summarize of document id in n sentences (nil when it does
// not exist), computed the first time it is asked for and kept with the
// document: a reload keeps it for a document that did not change. A
// summary is read from the whole document (TextRank over its sentences),
// so it is not computed at load time for every document. Callers must not
// modify the slice.
func (b *Base) Summary(id string, n int) []SummarySentence {
	i, ok := b.byID[id]
	if !ok {
		return nil
	}
	s := b.entries[i].summary
	s.mu.Lock()
	defer s.mu.Unlock()
	if out, ok := s.byN[n]; ok {
		return out
	}
	out := Summarize(b.docs[i], n)
	if s.byN == nil {
		s.byN = map[int][]SummarySentence{}
	}
	s.byN[n] = out
	return out
}

// selectDiverse picks n sentences by maximal marginal relevance: each
// next one maximises its normalised centrality minus its similarity to the
// sentences already chosen, so that near-repeats give way to other
// content.
func selectDiverse(cands []SummarySentence, vecs []map[string]float64, n int, top float64) []int {
	if n > len(cands) {
		n = len(cands)
	}
	if top <= 0 {
		top = 1
	}
	chosen := make([]int, 0, n)
	used := make([]bool, len(cands))
	for len(chosen) < n {
		best, bestVal := -1, math.Inf(-1)
		for i := range cands {
			if used[i] {
				continue
			}
			redundancy := 0.0
			for _, j := range chosen {
				redundancy = math.Max(redundancy, cosine(vecs[i], vecs[j]))
			}
			v := mmrLambda*cands[i].Score/top - (1-mmrLambda)*redundancy
			if v > bestVal {
				best, bestVal = i, v
			}
		}
		used[best] = true
		chosen = append(chosen, best)
	}
	return chosen
}

func cosine(a, b map[string]float64) float64 {
	if len(b) < len(a) {
		a, b = b, a
	}
	s := 0.0
	for w, x := range a {
		s += x * b[w]
	}
	return s
}

func summaryAnalyzer() analysis.Analyzer {
	an, err := registry.NewCache().AnalyzerNamed(fr.AnalyzerName)
	if err != nil { // cannot happen: the package registers it
		return nil
	}
	return an
}

// sentenceTerms returns the log-scaled term frequencies of a sentence.
func sentenceTerms(an analysis.Analyzer, s string) map[string]float64 {
	var words []string
	if an != nil {
		for _, t := range an.Analyze([]byte(SearchForm(Normalize(s)))) {
			words = append(words, string(t.Term))
		}
	} else {
		words = strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	counts := map[string]float64{}
	for _, w := range words {
		w = french.FoldAccents(w)
		if len([]rune(w)) < 2 {
			continue
		}
		counts[w]++
	}
	for w, c := range counts {
		counts[w] = 1 + math.Log(c)
	}
	return counts
}

// tfidf weighs the term frequencies by inverse sentence frequency and
// normalises each vector to unit length.
func tfidf(terms []map[string]float64) []map[string]float64 {
	df := map[string]int{}
	for _, tf := range terms {
		for w := range tf {
			df[w]++
		}
	}
	n := float64(len(terms))
	out := make([]map[string]float64, len(terms))
	for i, tf := range terms {
		v := make(map[string]float64, len(tf))
		norm2 := 0.0
		for w, f := range tf {
			x := f * math.Log(1+n/float64(df[w]))
			v[w] = x
			norm2 += x * x
		}
		if norm2 > 0 {
			k := 1 / math.Sqrt(norm2)
			for w := range v {
				v[w] *= k
			}
		}
		out[i] = v
	}
	return out
}

// textRank ranks unit vectors by weighted PageRank over their cosine
// similarities. The random jump lands on a sentence with a probability that
// grows with prior (its similarity to the title): topic-biased PageRank.
func textRank(vecs []map[string]float64, prior []float64) []float64 {
	n := len(vecs)
	sim := make([][]float64, n)
	out := make([]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			s := cosine(vecs[i], vecs[j])
			sim[i][j], sim[j][i] = s, s
		}
		for j := 0; j < n; j++ {
			out[i] += sim[i][j]
		}
	}
	jump := make([]float64, n)
	total := 0.0
	for _, p := range prior {
		total += p
	}
	for i := range jump {
		jump[i] = 1 / float64(n)
		if total > 0 {
			jump[i] = (1-titleWeight)/float64(n) + titleWeight*prior[i]/total
		}
	}
	rank := make([]float64, n)
	for i := range rank {
		rank[i] = 1 / float64(n)
	}
	next := make([]float64, n)
	for iter := 0; iter < 100; iter++ {
		delta := 0.0
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < n; j++ {
				if out[j] > 0 {
					s += sim[j][i] / out[j] * rank[j]
				}
			}
			next[i] = (1-textRankDamping)*jump[i] + textRankDamping*s
			delta += math.Abs(next[i] - rank[i])
		}
		rank, next = next, rank
		if delta < 1e-10 {
			break
		}
	}
	return rank
}

// statesFigure reports whether a sentence gives a count, percentage,
// amount, measure or duration.
func statesFigure(s string) bool {
	for _, q := range numbers.Read(s) {
		switch q.Kind {
		case numbers.Count, numbers.Percent, numbers.Money, numbers.Measure, numbers.Duration:
			if !q.Spelled || q.Value >= 10 {
				return true
			}
		}
	}
	return false
}
