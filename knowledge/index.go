package knowledge

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
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
//
// The index is a scorch index that the successive Bases of a Store share:
// a reload applies to it one batch (the passages of the documents that
// changed), and every Base searches the snapshot it pinned when it was
// built, with BM25 statistics of its own passages (see build).
type Base struct {
	docs     []Document
	byID     map[string]int
	entries  []*docEntry // entries[i] is what was read and indexed of docs[i]
	passages int
	live     *liveIndex
	reader   index.IndexReader // the snapshot of live this Base searches
	mapping  mapping.IndexMapping
	analyzer analysis.Analyzer
	df       map[string]int // indexed term -> number of passages holding it
	titleDF  map[string]int // title term -> number of documents with passages whose title holds it
	bm25     *search.BM25Stats

	// vocab (Suggest, Compounds, Family, Completions) is built at load
	// time, beside the index: every answer may need it, and it covers the
	// whole base. The figures are read per document, when an answer first
	// needs that document's (a how-many answer needs those of its few
	// passages' documents): no question pays for the whole base, and a load
	// does not pay for figures no answer asks for.
	vocab vocabulary
	// The place the documents name most (MainPlace), read at load time
	// from each document's names (a reload reuses those of the documents
	// that did not change).
	place    Place
	hasPlace bool
	allFigs  struct {
		once sync.Once
		all  []Figure
	}

	// fuzzy caches the expansions of fuzzy terms (fuzzyQuery): building
	// the Levenshtein automaton of a term costs more than the rest of a
	// search. At most maxFuzzyCache terms are kept.
	fuzzy      sync.Map // fuzzyKey -> *fuzzyTerms
	fuzzyCount atomic.Int64

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
	live, err := newLiveIndex()
	if err != nil {
		return nil, err
	}
	b, err := build(ctx, live, nil, docs, nil, nil, nil)
	if err != nil {
		live.discard()
		return nil, err
	}
	return b, nil
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
	err := b.reader.Close()
	b.live.release()
	if err != nil {
		return fmt.Errorf("close index snapshot: %w", err)
	}
	return nil
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
func (b *Base) PassageCount() int { return b.passages }

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
	n := float64(b.passages)
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
func (b *Base) SearchExpanded(ctx context.Context, query, extra string, k int) ([]Hit, error) {
	if k <= 0 {
		k = 5
	}
	q := b.query(query, extra)
	if q == nil {
		return nil, ErrEmptyQuery
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return nil, ErrClosed
	}
	hits, err := b.search(ctx, q, k)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return hits, nil
}

// query is the query of SearchExpanded, nil when q has no terms.
func (b *Base) query(q, extra string) query.Query {
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
				clauses = append(clauses, &fuzzyQuery{term: t, field: fieldText, fuzziness: fuzziness(t),
					prefix: 1, boost: fuzzyBoost * boost, base: b})
			}
		}
	}
	add(q, 1, true)
	if len(clauses) == 0 {
		return nil
	}
	// The added words are not matched approximately: they are words of
	// the lexicon, not typos, and each approximate match costs an automaton
	// (a third of a question's time on a one-article base, where most
	// synonyms are unknown).
	add(extra, extraBoost, false)
	return query.NewDisjunctionQuery(clauses)
}

// search runs q on the Base's snapshot with its own BM25 statistics and
// returns the k best passages, as bleve's SearchInContext would on an
// index holding these passages alone.
//
// Passages of equal (rounded) scores go by passage id, not by the index's
// internal order, which differs from one load to the next: bleve sums a
// passage's term scores in an order that depends on its numbering, and on
// its segment, so that equal scores may differ in their last bits. The
// collector ranks by those bits, so it is asked for more than k passages,
// as many as needed for every passage tied with the k-th to be among them;
// the rounded scores and the ids then decide.
func (b *Base) search(ctx context.Context, q query.Query, k int) ([]Hit, error) {
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey, search.GetScoringModelCallbackFn(bm25Model))
	ctx = context.WithValue(ctx, search.BM25StatsKey, b.bm25)
	var res search.DocumentMatchCollection
	for size := k + tieMargin; ; size *= 2 {
		var err error
		if res, err = b.collect(ctx, q, size); err != nil {
			return nil, err
		}
		if len(res) < size || k <= 0 || roundScore(res[len(res)-1].Score) != roundScore(res[k-1].Score) {
			break
		}
	}
	hits := make([]Hit, 0, len(res))
	for _, h := range res {
		d, n, ok := b.passageOf(h.ID)
		if !ok {
			return nil, fmt.Errorf("unknown passage id %q", h.ID)
		}
		hits = append(hits, Hit{Passage: b.docs[d].Passages[n-1], Title: b.docs[d].Title, Score: roundScore(h.Score)})
	}
	// Rounded, the scores of one passage are the same after every load.
	slices.SortStableFunc(hits, func(x, y Hit) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		return strings.Compare(x.Passage.ID(), y.Passage.ID())
	})
	return hits[:min(len(hits), max(k, 0))], nil
}

// tieMargin is the passages search collects beyond the k asked for, to
// see whether the k-th ties with the next (see search): if so, it
// collects again, twice as many.
const tieMargin = 1

// collect returns the size best passages for q, by their raw scores.
func (b *Base) collect(ctx context.Context, q query.Query, size int) (_ search.DocumentMatchCollection, err error) {
	ctx = search.ContextWithTermSearchersCounter(ctx)
	s, err := q.Searcher(ctx, b.reader, b.mapping, search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := s.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	coll := collector.NewTopNCollector(size, 0, search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
	if err := coll.Collect(ctx, s, b.reader); err != nil {
		return nil, err
	}
	return coll.Results(), nil
}

// roundScore keeps nine decimals of a retrieval score: enough to rank,
// too few to carry the summation order's last bit.
func roundScore(s float64) float64 { return math.Round(s*1e9) / 1e9 }

func bm25Model() string { return index.BM25Scoring }

// passageID is the index id of passage n of document doc.
func passageID(doc string, n int) string { return doc + "§" + strconv.Itoa(n) }

// passageOf finds the document (its index in b.docs) and the passage
// number of an index id.
func (b *Base) passageOf(id string) (doc, n int, ok bool) {
	i := strings.LastIndex(id, "§")
	if i < 0 {
		return 0, 0, false
	}
	doc, ok = b.byID[id[:i]]
	if !ok {
		return 0, 0, false
	}
	n, err := strconv.Atoi(id[i+len("§"):])
	if err != nil || n < 1 || n > len(b.docs[doc].Passages) {
		return 0, 0, false
	}
	return doc, n, true
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
