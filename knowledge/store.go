package knowledge

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"sync"
	"sync/atomic"
)

// ErrNotLoaded is returned by a Store that has no knowledge base yet.
var ErrNotLoaded = errors.New("knowledge base not loaded")

// Source produces a fresh file tree to load on every (re)load. A tree from
// DirSource holds the directory open: load it with Source.Load or
// Source.ReadDocuments, which release it.
type Source func() (fs.FS, error)

// Store serves searches from the current Base and replaces it atomically on
// Reload: a new Base is built and validated beside the live one and only
// then swapped in, so searches never see a half-built index and a broken
// knowledge base leaves the previous one serving.
type Store struct {
	source Source
	opts   Options
	cur    atomic.Pointer[Base]
	mu     sync.Mutex // serialises reloads
	chunk  int        // the passages per batch of a new index (0: chunkPassages); tests set less
}

// NewStore returns a Store that loads from source. Call Reload to load it.
func NewStore(source Source, opts Options) *Store {
	return &Store{source: source, opts: opts}
}

// FSSource always loads the same tree (the embedded default, tests).
func FSSource(fsys fs.FS) Source { return func() (fs.FS, error) { return fsys, nil } }

// Base returns the live knowledge base, or nil before the first load.
func (s *Store) Base() *Base { return s.cur.Load() }

// Search searches the live knowledge base.
func (s *Store) Search(ctx context.Context, q string, k int) ([]Hit, error) {
	for {
		b := s.cur.Load()
		if b == nil {
			return nil, ErrNotLoaded
		}
		hits, err := b.Search(ctx, q, k)
		if errors.Is(err, ErrClosed) {
			continue // replaced between Load and Search: use the new one
		}
		return hits, err
	}
}

// Reload builds a new Base from the source and swaps it in. Only the
// files whose bytes changed are read anew and re-indexed (see build); when
// none did, the Base stays as it is. On error the
// previous Base keeps serving and the error says why (a *LoadError lists
// every refused file; "reload: " starts it unless nothing was loaded yet). The Diff tells what changed.
func (s *Store) Reload(ctx context.Context) (Diff, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var skipped []string
	opts := s.opts
	opts.Skipped = func(p string) {
		skipped = append(skipped, p)
		if s.opts.Skipped != nil {
			s.opts.Skipped(p)
		}
	}
	prev := s.cur.Load()
	next, err := s.load(ctx, prev, opts)
	if err != nil {
		if prev == nil {
			return Diff{}, err // the first load: nothing is reloaded
		}
		return Diff{}, fmt.Errorf("reload: %w", err)
	}
	if next != prev {
		s.cur.Store(next)
	}
	if prev != nil && prev != next {
		// Close waits for the searches under way on the old index.
		go prev.Close()
	}
	d := Compare(prev, next)
	d.Skipped = skipped
	return d, nil
}

// Diff says what a reload changed.
type Diff struct {
	DocsAdded, DocsRemoved, DocsChanged             []string
	PassagesAdded, PassagesRemoved, PassagesChanged int
	Documents, Passages                             int // totals after the reload
	// Skipped are the files of the source that are not documents (see
	// Options.Skipped), in path order; print them with DisplayPath.
	Skipped []string
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool {
	return len(d.DocsAdded)+len(d.DocsRemoved)+len(d.DocsChanged) == 0
}

// Compare tells what changed from prev (nil: nothing loaded) to next.
func Compare(prev, next *Base) Diff {
	d := Diff{Documents: len(next.docs), Passages: next.passages}
	old := map[string]Document{}
	if prev != nil {
		for _, doc := range prev.docs {
			old[doc.ID] = doc
		}
	}
	for _, doc := range next.docs {
		o, ok := old[doc.ID]
		delete(old, doc.ID)
		if !ok {
			d.DocsAdded = append(d.DocsAdded, doc.ID)
			d.PassagesAdded += len(doc.Passages)
			continue
		}
		added, removed, changed := comparePassages(o.Passages, doc.Passages)
		if added+removed+changed > 0 || o.Title != doc.Title || o.Source != doc.Source || o.Date != doc.Date {
			d.DocsChanged = append(d.DocsChanged, doc.ID)
		}
		d.PassagesAdded += added
		d.PassagesRemoved += removed
		d.PassagesChanged += changed
	}
	for id, doc := range old {
		d.DocsRemoved = append(d.DocsRemoved, id)
		d.PassagesRemoved += len(doc.Passages)
	}
	sort.Strings(d.DocsRemoved)
	return d
}

// comparePassages counts passages by position: same §n with other text is
// changed, extra ones are added or removed.
func comparePassages(a, b []Passage) (added, removed, changed int) {
	n := min(len(a), len(b))
	for i := range n {
		if a[i].Text != b[i].Text {
			changed++
		}
	}
	if len(b) > n {
		added = len(b) - n
	}
	if len(a) > n {
		removed = len(a) - n
	}
	return added, removed, changed
}
