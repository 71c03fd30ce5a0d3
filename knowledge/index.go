package knowledge

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

const (
	fieldText  = "text"
	fieldTitle = "title" // the document's title, indexed with each of its passages
	fuzzyBoost = 0.6
	// titleBoost weighs a word of the query found in the document's title
	// against one found in the passage: the best of 0, 0.3, 0.6 and 1 for
	// recall@5 on PIAF's dev part (0.839, 0.862, 0.859, 0.848).
	titleBoost = 0.3
	// extraBoost weighs the words added to a query (synonyms, translations,
	// other forms of its words) against the query's own. They only break
	// ties: the thesaurus is broad ("langue" brings "péninsule"), and on
	// PIAF's dev part recall@5 of the searched passages was 0.817 at 0.3,
	// 0.854 at 0.1, 0.861 at 0.03 and 0.860 without them (every third
	// question). A question whose own words are all unknown (English
	// asked of French) is searched through them alone, so the weight does
	// not matter there.
	extraBoost = 0.02
)

// Errors of Search.
var (
	ErrEmptyQuery = errors.New("empty query")
	// ErrClosed: the base was replaced by a reload and closed; search the
	// Store's current base instead.
	ErrClosed = errors.New("knowledge base closed")
)

// Base is an immutable, searchable knowledge base: its documents, their
// passages and a full-text index with French analysis (elision, case and
// accent folding, stop words, light stemming) and BM25 ranking.
type Base struct {
	docs     []Document
	byID     map[string]int
	passages []Passage // the bleve document id of passages[i] is strconv.Itoa(i)
	titles   []string  // titles[i] is the title of passages[i]'s document
	index    bleve.Index
	analyzer analysis.Analyzer
	df       map[string]int // indexed term -> number of passages holding it

	// vocab (Suggest, Compounds, Family, Completions) is built at load
	// time, beside the index: every answer may need it, and it covers the
	// whole base. The figures are read per document, when an answer first
	// needs that document's (a how-many answer needs those of its few
	// passages' documents): no question pays for the whole base, and a load
	// does not pay for figures no answer asks for.
	vocab   vocabulary
	figures []docFigures // figures[i] are those of docs[i]
	allFigs struct {
		once sync.Once
		all  []Figure
	}

	mu     sync.RWMutex // searches hold it shared; Close exclusively
	closed bool
}

func newMapping() *mapping.IndexMappingImpl {
	field := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = fr.AnalyzerName
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldText, field())
	doc.AddFieldMappingsAt(fieldTitle, field())
	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = fr.AnalyzerName
	im.ScoringModel = "bm25"
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// Build indexes documents into a new Base.
func Build(ctx context.Context, docs []Document) (*Base, error) {
	if len(docs) == 0 {
		return nil, ErrNoDocuments
	}
	im := newMapping()
	// Scorch with no path keeps its segments in memory: much faster to build
	// than the upsidedown/gtreap index behind bleve.NewMemOnly.
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, map[string]interface{}{"unsafe_batch": true})
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	b := &Base{docs: docs, byID: make(map[string]int, len(docs)), index: idx,
		analyzer: im.AnalyzerNamed(fr.AnalyzerName)}
	if b.analyzer == nil {
		_ = idx.Close()
		return nil, errors.New("french analyser not registered")
	}
	// The vocabulary is built while the index is.
	b.figures = make([]docFigures, len(docs))
	var prep sync.WaitGroup
	prep.Go(func() { b.vocab.build(b) })
	defer prep.Wait()
	batch := idx.NewBatch()
	for di, d := range docs {
		if err := ctx.Err(); err != nil {
			_ = idx.Close()
			return nil, err
		}
		b.byID[d.ID] = di
		title := analyzedField(fieldTitle, SearchForm(d.Title), b.analyzer)
		for _, p := range d.Passages {
			id := strconv.Itoa(len(b.passages))
			b.passages = append(b.passages, p)
			b.titles = append(b.titles, d.Title)
			if err := batch.IndexAdvanced(passageDocument(id, SearchForm(p.Text), title, b.analyzer)); err != nil {
				_ = idx.Close()
				return nil, fmt.Errorf("index %s: %w", p.ID(), err)
			}
		}
	}
	if err := idx.Batch(batch); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("index: %w", err)
	}
	if err := b.loadDictionary(); err != nil {
		_ = idx.Close()
		return nil, err
	}
	return b, nil
}

func (b *Base) loadDictionary() error {
	dict, err := b.index.FieldDict(fieldText)
	if err != nil {
		return fmt.Errorf("read index dictionary: %w", err)
	}
	defer dict.Close()
	b.df = make(map[string]int)
	for {
		e, err := dict.Next()
		if err != nil {
			return fmt.Errorf("read index dictionary: %w", err)
		}
		if e == nil {
			return nil
		}
		b.df[e.Term] = int(e.Count)
	}
}

// Close releases the index once the searches under way have finished.
// Searches after Close fail with ErrClosed; the other methods keep working.
func (b *Base) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	return b.index.Close()
}

// Documents returns the documents, in path order. Callers must not modify them.
func (b *Base) Documents() []Document { return b.docs }

// Document returns the document with that id.
func (b *Base) Document(id string) (Document, bool) {
	i, ok := b.byID[id]
	if !ok {
		return Document{}, false
	}
	return b.docs[i], true
}

// Passage returns passage n (1-based) of document id.
func (b *Base) Passage(id string, n int) (Passage, bool) {
	d, ok := b.Document(id)
	if !ok || n < 1 || n > len(d.Passages) {
		return Passage{}, false
	}
	return d.Passages[n-1], true
}

// PassageCount is the number of passages in the base.
func (b *Base) PassageCount() int { return len(b.passages) }

// Terms analyses text the way the index does (number forms, elision, case
// and accent folding, stop words, light stemming) and returns its terms in
// order, repeats included.
func (b *Base) Terms(text string) []string {
	tokens := b.analyzer.Analyze([]byte(SearchForm(Normalize(text))))
	out := make([]string, 0, len(tokens))
	for _, t := range tokens {
		out = append(out, string(t.Term))
	}
	return out
}

// IDF is the BM25 inverse document frequency of an analysed term over the
// passages; unknown terms get the highest value.
func (b *Base) IDF(term string) float64 {
	n := float64(len(b.passages))
	df := float64(b.df[term])
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// Known reports whether an analysed term occurs in some passage.
func (b *Base) Known(term string) bool { return b.df[term] > 0 }

// Search returns at most k passages relevant to query, best first, scored
// by BM25 over the passage and, at a discount, its document's title. Query
// words missing from the index are matched approximately (one or two
// edits, for typos).
func (b *Base) Search(ctx context.Context, q string, k int) ([]Hit, error) {
	return b.SearchExpanded(ctx, q, "", k)
}

// SearchExpanded is Search with further words (synonyms, translations,
// other forms of the query's words) that count less than the query's own.
func (b *Base) SearchExpanded(ctx context.Context, q, extra string, k int) ([]Hit, error) {
	if k <= 0 {
		k = 5
	}
	var clauses []query.Query
	seen := map[string]bool{}
	add := func(text string, boost float64, fuzzy bool) {
		for _, t := range b.Terms(text) {
			if seen[t] {
				continue
			}
			seen[t] = true
			clauses = append(clauses, termQuery(t, fieldText, boost), termQuery(t, fieldTitle, boost*titleBoost))
			if fuzzy && !b.Known(t) && utf8.RuneCountInString(t) >= 4 {
				fq := query.NewFuzzyQuery(t)
				fq.SetField(fieldText)
				fq.SetFuzziness(fuzziness(t))
				fq.SetPrefix(1)
				fq.SetBoost(fuzzyBoost * boost)
				clauses = append(clauses, fq)
			}
		}
	}
	add(q, 1, true)
	if len(clauses) == 0 {
		return nil, ErrEmptyQuery
	}
	// The added words are not matched approximately: they are words of
	// the lexicon, not typos, and each approximate match costs an automaton
	// (a third of a question's time on a one-article base, where most
	// synonyms are unknown).
	add(extra, extraBoost, false)
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(clauses), k, 0, false)
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return nil, ErrClosed
	}
	res, err := b.index.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		i, err := strconv.Atoi(h.ID)
		if err != nil || i < 0 || i >= len(b.passages) {
			return nil, fmt.Errorf("search: unknown passage id %q", h.ID)
		}
		hits = append(hits, Hit{Passage: b.passages[i], Title: b.titles[i], Score: h.Score})
	}
	return hits, nil
}

func termQuery(t, field string, boost float64) query.Query {
	q := query.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func fuzziness(t string) int {
	if utf8.RuneCountInString(t) >= 8 {
		return 2
	}
	return 1
}
