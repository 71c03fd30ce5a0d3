package knowledge

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// Reloads re-index only the documents that changed. A Store keeps one
// scorch index (a liveIndex) for its successive Bases: a reload removes
// the passages of the changed and removed documents and adds those of the
// changed and added ones in one batch, and the new Base pins the snapshot
// that batch produced; the previous Base keeps its own snapshot until it
// is closed, so the searches under way on it are not disturbed.
//
// Scorch keeps the terms of deleted passages in its dictionaries, and its
// BM25 statistics count them: every Base therefore searches with
// statistics of its own (the number of passages and of distinct terms per
// field, kept per document and summed), and expands fuzzy terms only to
// terms that some passage of the Base holds. The numbers of passages
// holding a term come from scorch's postings, which leave deleted passages
// out. Scores are thus those of an index built afresh from the same files.
//
// In-memory scorch never merges its segments (one per batch), and a
// segment whose passages are all deleted is dropped. A new index is
// built in a few batches (chunks of chunkPassages passages: a load's
// memory is bounded by a chunk's analysis, not the base's), a reload adds
// one (more if it indexes more than a chunk). Every maxBatches reloads, a
// reload also re-indexes the documents indexed since the index was
// built, which empties the small segments (it costs the documents that
// changed since, not the whole base). Once the passages deleted from the
// first load's segments reach a quarter of the live ones, a reload builds
// a new index from the documents (reusing the parsed documents, not their
// analysis).
const (
	maxBatches   = 16
	maxStaleFrac = 0.25
)

// liveIndex is a scorch index shared by the successive Bases of a Store.
type liveIndex struct {
	idx   bleve.Index
	refs  atomic.Int64 // the Bases pinning one of its snapshots
	seed  maphash.Seed // hashes the files' bytes
	chunk int          // the passages a load indexes per batch (chunkPassages; tests set less)

	// Used only under the Store's reload lock.
	head    *Base     // the Base whose passages the index holds: only it can be updated
	read    time.Time // when head's files were listed
	batches int       // reload batches applied since the index was built or its small segments emptied
	stale   int       // passages deleted from the first load's segments
}

func newLiveIndex() (*liveIndex, error) {
	// Scorch with no path keeps its segments in memory: much faster to build
	// than the upsidedown/gtreap index behind bleve.NewMemOnly.
	idx, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, map[string]interface{}{"unsafe_batch": true})
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	return &liveIndex{idx: idx, seed: maphash.MakeSeed(), chunk: chunkPassages}, nil
}

// discard closes an index no Base pins.
func (l *liveIndex) discard() { _ = l.idx.Close() }

// release drops a Base's hold; the last one closes the index.
func (l *liveIndex) release() {
	if l.refs.Add(-1) == 0 {
		l.discard()
	}
}

// docEntry is what a Base keeps of one document file besides the
// Document: what recognises an unchanged file, and what was read of it
// that a reload reuses. What its passages add to the statistics and the
// vocabulary is not kept (a quarter to a third of a loaded base's heap):
// a reload that removes or replaces the document analyses it again to
// take it out.
type docEntry struct {
	fileState
	batch    int    // the reload batch that indexed it (0: the first load, which built the index)
	id       string // the document's id
	passages int
	figures  *docFigures
	places   *docPlaces
	summary  *docSummaries
}

// fileState recognises a file that did not change.
type fileState struct {
	hash    uint64 // of the file's bytes (0: not hashed)
	size    int64  // the file's size and modification time when it was read
	modTime time.Time
}

// racyWindow: a file modified less than this before it was read is read
// again on the next reload, whatever its modification time (a file system
// may keep coarse times: an edit in the same tick would not show).
const racyWindow = 3 * time.Second

// build makes the Base of docs on live, from prev (nil: live is empty).
// reuse[i], when not nil, is prev's entry of docs[i], unchanged; the
// entries of prev that are not reused are taken out of the index and the
// documents without an entry are indexed. known[i], when not nil, is an
// entry of docs[i] read before, unchanged but indexed again: what was
// read of the document (its words, places, figures and summaries) is
// taken from it. files[i] (if files is not nil) is the state of docs[i]'s
// file.
func build(ctx context.Context, live *liveIndex, prev *Base, docs []Document, reuse, known []*docEntry, files []fileState) (*Base, error) {
	im := newMapping()
	b := &Base{docs: docs, byID: make(map[string]int, len(docs)), entries: make([]*docEntry, len(docs)),
		live: live, mapping: im, analyzer: im.AnalyzerNamed(fr.AnalyzerName)}
	if b.analyzer == nil {
		return nil, errors.New("french analyser not registered")
	}
	kept := map[*docEntry]bool{}
	var added []int // indexes in docs of the documents to index
	for i, d := range docs {
		b.byID[d.ID] = i
		if reuse != nil && reuse[i] != nil {
			b.entries[i] = reuse[i]
			kept[reuse[i]] = true
			continue
		}
		e := &docEntry{id: d.ID, passages: len(d.Passages), figures: &docFigures{}, summary: &docSummaries{}}
		if i < len(known) && known[i] != nil {
			k := known[i]
			e.figures, e.summary, e.places = k.figures, k.summary, k.places
		}
		if prev != nil {
			e.batch = live.batches + 1
		}
		if i < len(files) {
			e.fileState = files[i]
		}
		b.entries[i] = e
		added = append(added, i)
	}
	var removed []*docEntry
	var removedDocs []int // indexes in prev.docs
	if prev != nil {
		for i, e := range prev.entries {
			if !kept[e] {
				removed = append(removed, e)
				removedDocs = append(removedDocs, i)
			}
		}
	}

	// The statistics: prev's, less the removed documents', plus the
	// added ones'. The removed documents are analysed again for it.
	if prev != nil {
		b.df, b.titleDF, b.passages = maps.Clone(prev.df), maps.Clone(prev.titleDF), prev.passages
	} else {
		b.df, b.titleDF = map[string]int{}, map[string]int{}
	}
	workers := min(runtime.GOMAXPROCS(0), max(len(added), len(removed), 1))
	size := 0 // the bytes of text to analyse
	for _, i := range added {
		for _, p := range docs[i].Passages {
			size += len(p.Text)
		}
	}
	caches := make([]*termCache, workers)
	for w := range caches {
		c, err := newTermCache(b.analyzer)
		if err != nil {
			return nil, err
		}
		c.reserve(size / workers)
		caches[w] = c
	}
	oldWords := make([][]string, len(removed))
	if len(removed) > 0 {
		old, err := analyseDocs(ctx, caches, prev.docs, removedDocs, nil)
		if err != nil {
			return nil, err
		}
		for j, a := range old {
			b.passages -= removed[j].passages
			for k, t := range a.terms {
				decrement(b.df, t, a.counts[k])
			}
			for _, t := range a.titleIn {
				decrement(b.titleDF, t, 1)
			}
			oldWords[j] = a.words
		}
	}

	// The documents to index are analysed and indexed in chunks of about
	// chunkPassages passages (see indexChunks): GOMAXPROCS workers
	// analyse a chunk (each distinct token once per load, see termCache)
	// while the index builds the previous chunk's segment, and a chunk's
	// analysed fields are dropped once its segment exists. Then the
	// vocabulary is updated, reading the workers' analyses, while the
	// index builds the last segment.
	var prevVocab *vocabulary
	if prev != nil {
		prevVocab = &prev.vocab
	}
	var prep sync.WaitGroup
	defer prep.Wait()
	stale := 0
	for _, e := range removed {
		if e.batch == 0 {
			stale += e.passages
		}
	}
	newWords := make([][]string, len(added))
	counted := func(first int, texts []analysedDoc) {
		for j := range texts {
			a := &texts[j]
			b.passages += len(a.passages)
			for k, t := range a.terms {
				b.df[t] += a.counts[k]
			}
			for _, t := range a.titleIn {
				b.titleDF[t]++
			}
			newWords[first+j] = a.words
			a.terms, a.counts, a.titleIn, a.words = nil, nil, nil, nil
		}
	}
	batches, err := indexChunks(ctx, live, caches, docs, added, b.entries, removed, counted, func() error {
		vc, err := newTermCache(b.analyzer, caches...)
		if err != nil {
			return err
		}
		prep.Go(func() {
			b.vocab.update(prevVocab, oldWords, newWords, vc.termsOf)
			b.place, b.hasPlace = mainPlace(docs, b.entries)
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if prev != nil {
		live.batches += batches
		live.stale += stale
	}
	b.bm25 = &search.BM25Stats{DocCount: float64(b.passages),
		FieldCardinality: map[string]int{fieldText: len(b.df), fieldTitle: len(b.titleDF)}}

	sidx, err := live.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	if b.reader, err = sidx.Reader(); err != nil {
		return nil, fmt.Errorf("index snapshot: %w", err)
	}
	live.refs.Add(1)
	live.head = b
	return b, nil
}

func decrement(m map[string]int, k string, n int) {
	if m[k] -= n; m[k] <= 0 {
		delete(m, k)
	}
}

// analysedDoc is a document's fields, analysed for the index, and what
// its passages add to the statistics and the vocabulary. A load holds it
// until the chunk is indexed: a Base keeps none of it (a reload analyses
// a removed document again to take it out).
type analysedDoc struct {
	title    *textField   // indexed with each passage
	passages []*textField // passages[k]: the text of passage k+1
	terms    []string     // the distinct index terms of its passages (text field), in the order of their first use
	counts   []int        // counts[i]: its passages holding terms[i]
	titleIn  []string     // the distinct terms of its title (indexed with each passage); none without passages
	words    []string     // the distinct folded words of its passages, in the order of their first use
}

// analyseDoc analyses d for the index: its fields, terms and words.
func (c *termCache) analyseDoc(d Document) analysedDoc {
	var a analysedDoc
	c.text = append(c.text[:0], SearchForm(d.Title)...)
	a.title = c.field(fieldTitle, c.text, false)
	if len(d.Passages) > 0 {
		a.titleIn = make([]string, len(c.inField))
		for k, t := range c.inField {
			a.titleIn[k] = t.term
		}
		slices.Sort(a.titleIn)
	}
	a.passages = make([]*textField, len(d.Passages))
	c.startDoc()
	var terms []*termInfo // the document's distinct terms
	for k, p := range d.Passages {
		form := SearchForm(p.Text)
		c.text = append(c.text[:0], form...)
		// The words are those of the text as written ("80 000" gives
		// "80" and "000"), the index's terms those of its search form.
		same := form == p.Text
		a.passages[k] = c.field(fieldText, c.text, same)
		if !same {
			c.addText(p.Text)
		}
		for _, t := range c.inField {
			if t.doc != c.doc {
				t.doc, t.docN = c.doc, 0
				terms = append(terms, t)
			}
			t.docN++
		}
	}
	a.terms = make([]string, len(terms))
	a.counts = make([]int, len(terms))
	for k, t := range terms {
		a.terms[k], a.counts[k] = t.term, t.docN
	}
	a.words = c.docWords()
	return a
}

// chunkPassages is about the number of passages a load analyses and
// indexes at once: one batch, one segment of the index. A load holds the
// analysed fields of two chunks at most (the one being indexed, the next
// one being analysed), not those of the whole base; but in-memory scorch
// never merges its segments, and a search visits each one (see NOTE.md
// of internal/tools/loadbench, session 7, for the figures behind it).
const chunkPassages = 4096

// chunks cuts added (indexes in docs) into runs of whole documents of
// about the same number of passages, at most limit (unless a document has
// more): as many as the limit needs when the documents are short. It
// returns one chunk at least (empty when added is).
func chunks(docs []Document, added []int, limit int) [][]int {
	total := 0
	for _, i := range added {
		total += len(docs[i].Passages)
	}
	n := max(1, (total+limit-1)/limit)
	var out [][]int
	start, in, sum, k := 0, 0, 0, 1 // sum: the passages before added[j]; k: the next cut, at k*total/n
	for j, i := range added {
		p := len(docs[i].Passages)
		// Cut before a document that would pass the limit, or at the
		// document boundary nearest to the next cut.
		if cut := k * total / n; in > 0 && (in+p > limit || k < n && sum+p > cut && sum+p-cut > cut-sum) {
			out = append(out, added[start:j])
			start, in = j, 0
			for k < n && k*total/n < sum+p {
				k++
			}
		}
		in += p
		sum += p
	}
	return append(out, added[start:])
}

// indexChunks analyses the documents docs[i] of added (i in added), in
// one worker per term cache of caches, reads their places into their
// entries and indexes their passages on live, chunk by chunk (see
// chunkPassages): the workers analyse a chunk while the index builds the
// previous one's segment. The first batch also deletes the passages of
// removed. counted is given each chunk's analysis (first: the index in
// added of its first document) before it is indexed; once every document
// is analysed, analysed is called (the caches are read-only from then
// on), beside the last batch. It returns the number of batches. live.head
// is set to nil before the index is first changed: on error, the index
// holds prev's passages if it is still set.
func indexChunks(ctx context.Context, live *liveIndex, caches []*termCache, docs []Document, added []int, entries []*docEntry, removed []*docEntry,
	counted func(first int, texts []analysedDoc), analysed func() error) (int, error) {
	type job struct {
		added []int
		texts []analysedDoc
	}
	jobs := make(chan job)
	var indexErr error
	var failed atomic.Bool
	var indexer sync.WaitGroup
	indexer.Go(func() {
		del := removed
		for j := range jobs {
			if indexErr != nil {
				continue
			}
			if indexErr = indexChunk(live, docs, j.added, j.texts, del); indexErr != nil {
				failed.Store(true)
			}
			del = nil
		}
	})
	cs := chunks(docs, added, live.chunk)
	var err error
	first := 0 // the index in added of the chunk's first document
	for k, c := range cs {
		var texts []analysedDoc
		if texts, err = analyseDocs(ctx, caches, docs, c, entries); err != nil {
			break
		}
		counted(first, texts)
		first += len(c)
		if k == len(cs)-1 {
			if err = analysed(); err != nil {
				break
			}
		}
		if k == 0 {
			if err = ctx.Err(); err != nil {
				break
			}
			// From here on the index no longer holds prev's passages.
			live.head = nil
		}
		if failed.Load() {
			break
		}
		jobs <- job{c, texts}
	}
	close(jobs)
	indexer.Wait()
	if err == nil {
		err = indexErr
	}
	if err != nil {
		return 0, err
	}
	return len(cs), nil
}

// indexChunk indexes the passages of the documents docs[i] of added (i in
// added), whose analysed fields are texts (in the order of added), and
// deletes those of removed, in one batch.
func indexChunk(live *liveIndex, docs []Document, added []int, texts []analysedDoc, removed []*docEntry) error {
	batch := live.idx.NewBatch()
	for _, e := range removed {
		for n := 1; n <= e.passages; n++ {
			batch.Delete(passageID(e.id, n))
		}
	}
	for j, i := range added {
		d := docs[i]
		for k, p := range d.Passages {
			pd := passageDocument(passageID(d.ID, p.N), texts[j].passages[k], texts[j].title)
			if err := batch.IndexAdvanced(pd); err != nil {
				return fmt.Errorf("index %s: %w", p.ID(), err)
			}
		}
	}
	if batch.Size() == 0 {
		return nil
	}
	if err := live.idx.Batch(batch); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// analyseDocs analyses the documents docs[i] of added (i in added) for
// the index, in one worker per term cache of caches, and reads their
// places into their entries (entries[i]) unless read before. It returns
// the analysis of each (in the order of added). With no entries (nil),
// places are not read.
func analyseDocs(ctx context.Context, caches []*termCache, docs []Document, added []int, entries []*docEntry) ([]analysedDoc, error) {
	out := make([]analysedDoc, len(added))
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, c := range caches {
		wg.Go(func() {
			for {
				j := int(next.Add(1)) - 1
				if j >= len(added) || ctx.Err() != nil {
					return
				}
				d := docs[added[j]]
				out[j] = c.analyseDoc(d)
				if entries != nil {
					if e := entries[added[j]]; e.places == nil { // not read before (known)
						e.places = readPlaces(d)
					}
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// load builds the Base of the files of the source on prev's index,
// re-indexing only the files whose bytes changed (or a fresh index, see
// maxBatches). It returns prev itself when no file changed.
func (s *Store) load(ctx context.Context, prev *Base, opts Options) (*Base, error) {
	fsys, err := s.source()
	if err != nil {
		return nil, err
	}
	defer release(fsys)

	var live *liveIndex
	if prev != nil {
		prev.mu.RLock()
		closed := prev.closed
		prev.mu.RUnlock()
		if !closed && prev.live.head == prev {
			live = prev.live
		}
	}
	var seed maphash.Seed
	if live != nil {
		seed = live.seed
	} else {
		seed = maphash.MakeSeed()
	}
	old := map[string]*docEntry{} // by path
	if live != nil {
		for i, d := range prev.docs {
			old[d.Path] = prev.entries[i]
		}
	}
	// A file is unchanged when its size and modification time are those
	// it had when it was read, unless it was modified so shortly before
	// it was read that a change since may not show in its modification
	// time (racyWindow): such a file, and every other, is read and
	// recognised by the hash of its bytes.
	var since time.Time
	if live != nil {
		since = live.read.Add(-racyWindow)
	}
	started := time.Now()
	files := map[string]fileState{}
	reused := map[string]*docEntry{}
	docs, err := readDocuments(ctx, fsys, opts, docReader{
		unchanged: func(p string, info fs.FileInfo) (Document, bool) {
			e := old[p]
			if e == nil || e.size != info.Size() || !e.modTime.Equal(info.ModTime()) || !info.ModTime().Before(since) {
				return Document{}, false
			}
			reused[p] = e
			return prev.docs[prev.byID[e.id]], true
		},
		parse: func(p, ext string, info fs.FileInfo, raw []byte) (Document, error) {
			h := maphash.Bytes(seed, raw)
			if e := old[p]; e != nil && e.hash == h {
				// Touched, not changed (the Store's lock guards entries' file states).
				e.size, e.modTime = info.Size(), info.ModTime()
				reused[p] = e
				return prev.docs[prev.byID[e.id]], nil
			}
			files[p] = fileState{hash: h, size: info.Size(), modTime: info.ModTime()}
			return parseFile(p, ext, raw)
		},
	})
	if err != nil {
		return nil, err
	}
	states := make([]fileState, len(docs))
	for i, d := range docs {
		states[i] = files[d.Path]
	}
	var known []*docEntry // the entries of the unchanged files
	if live != nil {
		reuse := make([]*docEntry, len(docs))
		known = make([]*docEntry, len(docs))
		removed := len(prev.entries)
		for i, d := range docs {
			if e := reused[d.Path]; e != nil {
				reuse[i], known[i] = e, e
				removed--
			}
		}
		if removed == 0 && len(reused) == len(docs) {
			live.read = started
			return prev, nil // nothing changed
		}
		stale := 0 // passages this reload deletes from the first segment
		for _, e := range prev.entries {
			if e.batch == 0 {
				stale += e.passages
			}
		}
		for _, e := range reuse {
			if e != nil && e.batch == 0 {
				stale -= e.passages
			}
		}
		batches := live.batches
		if batches >= maxBatches {
			// Empty the small segments: index their documents again.
			for i, e := range reuse {
				if e != nil && e.batch > 0 {
					reuse[i] = nil
				}
			}
			live.batches = 0
		}
		if float64(live.stale+stale) <= maxStaleFrac*float64(prev.passages) {
			b, err := build(ctx, live, prev, docs, reuse, known, states)
			if err == nil {
				live.read = started
				return b, nil
			}
			if live.head == prev {
				live.batches = batches
				return nil, err // the index is untouched
			}
			// The index no longer holds prev's passages: index afresh.
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fresh, err := newLiveIndex()
	if err != nil {
		return nil, err
	}
	fresh.seed = seed
	if s.chunk > 0 {
		fresh.chunk = s.chunk
	}
	// What was read of the unchanged documents is kept.
	b, err := build(ctx, fresh, nil, docs, nil, known, states)
	if err != nil {
		fresh.discard()
		return nil, err
	}
	fresh.read = started
	return b, nil
}

// fuzzyQuery is bleve's fuzzy query (query.FuzzyQuery, fuzziness and
// prefix given) but only expands to terms that some passage of the Base
// holds: scorch's dictionaries keep the terms of deleted passages, and a
// candidate more changes the score (bleve scales a disjunction's score by
// the share of its clauses that match). The expansions are cached in the
// Base.
type fuzzyQuery struct {
	term      string
	field     string
	fuzziness int
	prefix    int
	boost     float64
	base      *Base
}

type fuzzyKey struct {
	term, field       string
	fuzziness, prefix int
}

// fuzzyTerms are the terms of the Base a fuzzy term expands to, with their
// edit distances.
type fuzzyTerms struct {
	terms     []string
	distances []uint8
}

// holds reports whether some passage of the Base holds term in field.
func (b *Base) holds(field, term string) bool {
	if field == fieldTitle {
		return b.titleDF[term] > 0
	}
	return b.df[term] > 0
}

// maxFuzzyCache bounds the fuzzy expansions a Base keeps.
const maxFuzzyCache = 4096

// Searcher mirrors searcher.NewFuzzySearcher.
func (q *fuzzyQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if q.fuzziness == 0 {
		return searcher.NewTermSearcher(ctx, r, q.term, q.field, q.boost, opts)
	}
	prefixTerm := q.term
	for i := range q.term {
		if i >= q.prefix {
			prefixTerm = q.term[:i]
			break
		}
	}
	key := fuzzyKey{q.term, q.field, q.fuzziness, q.prefix}
	var ft *fuzzyTerms
	if v, ok := q.base.fuzzy.Load(key); ok {
		ft = v.(*fuzzyTerms)
	} else {
		var err error
		if ft, err = q.expand(r, prefixTerm); err != nil {
			return nil, err
		}
		if q.base.fuzzyCount.Add(1) <= maxFuzzyCache {
			q.base.fuzzy.Store(key, ft)
		}
	}
	candidates, distances := ft.terms, ft.distances
	if len(candidates) == 0 || len(candidates) == 1 && candidates[0] == q.term {
		return searcher.NewTermSearcher(ctx, r, q.term, q.field, q.boost, opts)
	}
	return searcher.NewMultiTermSearcherBoosted(ctx, r, candidates, q.field, q.boost, distances, opts, true)
}

// expand lists the terms of r's dictionary within q's edit distance that
// some passage of the Base holds.
func (q *fuzzyQuery) expand(r index.IndexReader, prefixTerm string) (*fuzzyTerms, error) {
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil, errors.New("fuzzy search: the index cannot enumerate fuzzy terms")
	}
	dict, _, err := fr.FieldDictFuzzyAutomaton(q.field, q.term, q.fuzziness, prefixTerm)
	if err != nil {
		return nil, err
	}
	ft := &fuzzyTerms{}
	for {
		e, err := dict.Next()
		if err != nil {
			_ = dict.Close()
			return nil, err
		}
		if e == nil {
			break
		}
		if q.base.holds(q.field, e.Term) {
			ft.terms = append(ft.terms, e.Term)
			ft.distances = append(ft.distances, e.EditDistance)
		}
	}
	if err := dict.Close(); err != nil {
		return nil, err
	}
	return ft, nil
}
