package knowledge

import (
	"context"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// incrementalQueries are searched after every reload: words of the
// manual pages, typos (fuzzy expansion), words only the edited documents
// hold, and words of removed documents.
var incrementalQueries = []struct{ q, extra string }{
	{"afficher la taille des fichiers d'un répertoire", ""},
	{"processus terminé comptabilité", "noyau"},
	{"Comment changer le mot de passe ?", "utilisateur compte"},
	{"fichers repertoir", ""}, // typos
	{"zorglubisation", ""},
	{"zorglubisaton du noyau", ""}, // a typo of words some versions hold
	{"zorglob", ""},                // a typo of zorglub, and of zorglab while it is there
	{"partition disque", "partitions"},
	{"mémoire partagée", ""},
	{"Quelle option affiche l'aide ?", ""},
	{"signal interruption", "signaux"},
	{"dégivrage", ""},
	{"comptabilité", ""},
}

// incrementalWords are asked of the vocabulary after every reload.
var incrementalWords = []string{"fichers", "zorglubisaton", "zorglob", "comptabilite", "partition", "processus", "visio",
	"repertoir", "travail", "signal", "dégivrage", "fonctionnement", "mémoire", "installation"}

// TestIncrementalReload edits, adds, renames and removes documents of a
// knowledge directory and, after every reload, compares the Store's base
// (updated incrementally) with a base loaded afresh from the same files:
// the same documents, hits, scores, term statistics and vocabulary.
//
// It runs twice: with the index built in one segment, and with the first
// load indexed in chunks of 100 passages (about 20 segments, and reloads
// that re-index the small segments or build afresh in several batches).
func TestIncrementalReload(t *testing.T) {
	t.Run("one segment", func(t *testing.T) { testIncrementalReload(t, 0) })
	t.Run("chunks of 100 passages", func(t *testing.T) { testIncrementalReload(t, 100) })
}

func testIncrementalReload(t *testing.T, chunk int) {
	ctx := context.Background()
	dir := t.TempDir()
	corpus := manpagesFS(t)
	names := make([]string, 0, len(corpus))
	for name := range corpus {
		names = append(names, name)
	}
	sort.Strings(names)
	names = names[:60]
	for _, name := range names {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, name, string(corpus[name].Data))
		// Files older than the racy window are recognised by their size
		// and modification time, without being read.
		old := time.Now().Add(-time.Hour)
		if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	s := NewStore(DirSource(dir), Options{})
	s.chunk = chunk
	if _, err := s.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	// The first load's layout: one segment, or one per chunk.
	segs, passages := len(s.Base().reader.(*scorch.IndexSnapshot).Segments()), s.Base().PassageCount()
	if chunk == 0 && segs != 1 || chunk > 0 && segs < passages/chunk {
		t.Fatalf("the first load made %d segments of %d passages (chunks of %d)", segs, passages, chunk)
	}
	file := func(i int) string { return names[i] }
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	steps := []struct {
		name     string
		edit     func()
		wantDocs int // documents changed, added or removed
		refused  bool
	}{
		{"paragraphs added", func() {
			writeFile(t, dir, file(3), read(file(3))+"\nLa zorglubisation du noyau est un dégivrage des processus par le zorglub.\n")
			writeFile(t, dir, file(2), read(file(2))+"\nLe zorglab du disque.\n")
		}, 2, false},
		{"a paragraph rewritten", func() {
			writeFile(t, dir, file(4), strings.Replace(read(file(4)), "fichier", "dossier", 3))
		}, 1, false},
		{"a document added", func() {
			writeFile(t, dir, "nouveau.md", "---\ntitle: Zorglubisation des partitions\n---\n\nLe zorglab des partitions de disque précède le dégivrage.\n\nUn second paragraphe sur la mémoire partagée.\n")
		}, 1, false},
		{"a document removed", func() {
			if err := os.Remove(filepath.Join(dir, file(5))); err != nil {
				t.Fatal(err)
			}
		}, 1, false},
		{"a paragraph removed", func() {
			writeFile(t, dir, file(2), strings.Replace(read(file(2)), "\nLe zorglab du disque.\n", "", 1))
		}, 1, false},
		{"the new document removed", func() {
			if err := os.Remove(filepath.Join(dir, "nouveau.md")); err != nil {
				t.Fatal(err)
			}
		}, 1, false},
		{"nothing changed", func() {}, 0, false},
		{"a file touched", func() {
			now := time.Now()
			if err := os.Chtimes(filepath.Join(dir, file(20)), now, now); err != nil {
				t.Fatal(err)
			}
		}, 0, false},
		{"a title changed", func() {
			writeFile(t, dir, file(7), strings.Replace(read(file(7)), "title: \"", "title: \"Zorglubisation : ", 1))
		}, 1, false},
		{"a broken file refused", func() {
			writeFile(t, dir, "casse.md", "\xff\xfe")
		}, 0, true},
		{"the broken file mended", func() {
			writeFile(t, dir, "casse.md", "Le dégivrage du congélateur.\n")
		}, 1, false},
		{"a document renamed", func() {
			if err := os.Rename(filepath.Join(dir, file(8)), filepath.Join(dir, "renomme.md")); err != nil {
				t.Fatal(err)
			}
		}, 2, false},
		{"a document emptied: refused", func() {
			writeFile(t, dir, file(9), "---\ntitle: Vide\n---\n")
		}, 0, true},
		{"a document shortened", func() {
			writeFile(t, dir, file(9), "---\ntitle: Presque vide\n---\n\nUne ligne.\n")
		}, 1, false},
		{"the new words removed", func() {
			writeFile(t, dir, file(3), strings.Replace(read(file(3)), "La zorglubisation du noyau est un dégivrage des processus par le zorglub.\n", "", 1))
		}, 1, false},
		{"a document moved to another directory (same id: the Diff sees no change)", func() {
			if err := os.Rename(filepath.Join(dir, file(12)), filepath.Join(dir, filepath.Base(file(12)))); err != nil {
				t.Fatal(err)
			}
		}, 0, false},
		{"two documents swapped", func() {
			a, b := read(file(10)), read(file(11))
			writeFile(t, dir, file(10), b)
			writeFile(t, dir, file(11), a)
		}, 2, false},
	}
	// Enough small edits to pass maxBatches: the index is rebuilt.
	for i := range maxBatches + 2 {
		n := 13 + i
		steps = append(steps, struct {
			name     string
			edit     func()
			wantDocs int
			refused  bool
		}{fmt.Sprintf("edit %d", i), func() {
			writeFile(t, dir, file(n), read(file(n))+fmt.Sprintf("\nLa partition numéro %d du disque.\n", i))
		}, 1, false})
	}
	for _, st := range steps {
		before := s.Base()
		st.edit()
		d, err := s.Reload(ctx)
		if st.refused {
			if err == nil || s.Base() != before {
				t.Fatalf("%s: reload not refused (%v)", st.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := len(d.DocsAdded) + len(d.DocsRemoved) + len(d.DocsChanged); got != st.wantDocs {
			t.Errorf("%s: %d documents changed, want %d (%+v)", st.name, got, st.wantDocs, d)
		}
		fresh, err := LoadDir(ctx, dir, Options{})
		if err != nil {
			t.Fatalf("%s: fresh load: %v", st.name, err)
		}
		compareBases(t, st.name, s.Base(), fresh)
		fresh.Close()
	}
}

// compareBases fails unless got answers as want does.
func compareBases(t *testing.T, step string, got, want *Base) {
	t.Helper()
	ctx := context.Background()
	if got.PassageCount() != want.PassageCount() || len(got.Documents()) != len(want.Documents()) {
		t.Fatalf("%s: %d documents, %d passages; want %d, %d", step, len(got.Documents()), got.PassageCount(),
			len(want.Documents()), want.PassageCount())
	}
	for i, d := range want.Documents() {
		if g := got.Documents()[i]; g.Path != d.Path || g.Title != d.Title || len(g.Passages) != len(d.Passages) {
			t.Fatalf("%s: document %d is %s %q, want %s %q", step, i, g.Path, g.Title, d.Path, d.Title)
		}
		if !slices.Equal(got.DocumentFigures(d.ID), want.DocumentFigures(d.ID)) {
			t.Errorf("%s: figures of %s differ", step, d.ID)
		}
	}
	if !equalMaps(got.df, want.df) || !equalMaps(got.titleDF, want.titleDF) {
		t.Errorf("%s: term statistics differ", step)
	}
	if got.bm25.DocCount != want.bm25.DocCount || !equalMaps(got.bm25.FieldCardinality, want.bm25.FieldCardinality) {
		t.Errorf("%s: BM25 statistics %+v, want %+v", step, got.bm25, want.bm25)
	}
	// The statistics a fresh index computes itself are those given.
	if n, _ := want.reader.DocCount(); float64(n) != want.bm25.DocCount {
		t.Errorf("%s: fresh index counts %d passages, its base %v", step, n, want.bm25.DocCount)
	}
	for _, f := range []string{fieldText, fieldTitle} {
		if n, err := want.reader.(interface{ FieldCardinality(string) (int, error) }).FieldCardinality(f); err != nil || n != want.bm25.FieldCardinality[f] {
			t.Errorf("%s: fresh index has %d terms in %s (%v), its base %d", step, n, f, err, want.bm25.FieldCardinality[f])
		}
	}
	for _, q := range incrementalQueries {
		gh, err1 := got.SearchExpanded(ctx, q.q, q.extra, 8)
		wh, err2 := want.SearchExpanded(ctx, q.q, q.extra, 8)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %q: %v, %v", step, q.q, err1, err2)
		}
		if msg := compareHits(gh, wh); msg != "" {
			t.Errorf("%s: %q: %s", step, q.q, msg)
		}
	}
	for _, w := range incrementalWords {
		for _, f := range []struct {
			name string
			fn   func(*Base, string) []string
		}{{"Suggest", (*Base).Suggest}, {"Compounds", (*Base).Compounds}, {"Family", (*Base).Family},
			{"Completions", (*Base).Completions}, {"Terms", (*Base).Terms}} {
			if g, w2 := f.fn(got, w), f.fn(want, w); !slices.Equal(g, w2) {
				t.Errorf("%s: %s(%q) = %q, want %q", step, f.name, w, g, w2)
			}
		}
		for _, term := range want.Terms(w) {
			if got.IDF(term) != want.IDF(term) || got.Known(term) != want.Known(term) {
				t.Errorf("%s: IDF(%q) = %v, want %v", step, term, got.IDF(term), want.IDF(term))
			}
		}
	}
	if !slices.Equal(got.vocab.sorted, want.vocab.sorted) || !slices.Equal(got.vocab.rterms, want.vocab.rterms) ||
		len(got.vocab.buckets) != len(want.vocab.buckets) || len(got.vocab.byTerm) != len(want.vocab.byTerm) {
		t.Errorf("%s: vocabularies differ", step)
	}
}

func equalMaps[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// compareHits says how two hit lists differ, or "". Scores may differ in
// their last digits (bleve sums the clauses of a disjunction in an order
// that depends on the index's layout), and passages of equal scores may
// come in either order.
func compareHits(got, want []Hit) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d hits, want %d", len(got), len(want))
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	for i := range want {
		if !near(got[i].Score, want[i].Score) {
			return fmt.Sprintf("hit %d: %s %v, want %s %v", i, got[i].Passage.ID(), got[i].Score, want[i].Passage.ID(), want[i].Score)
		}
	}
	// The same passages within each run of equal scores (a run that ends
	// the list may be cut anywhere).
	for i := 0; i < len(want); {
		j := i + 1
		for j < len(want) && near(want[j].Score, want[i].Score) {
			j++
		}
		if j < len(want) || i == 0 && j == len(want) && len(want) == 1 {
			var g, w []string
			for k := i; k < j; k++ {
				g = append(g, got[k].Passage.ID()+"|"+got[k].Title+"|"+got[k].Passage.Text)
				w = append(w, want[k].Passage.ID()+"|"+want[k].Title+"|"+want[k].Passage.Text)
			}
			slices.Sort(g)
			slices.Sort(w)
			if !slices.Equal(g, w) {
				return fmt.Sprintf("hits %d to %d are %q, want %q", i, j-1, g, w)
			}
		}
		i = j
	}
	return ""
}

// TestSearchDuringReload keeps searching the base a Store served before
// reloads, and the live one, while documents are edited and reloaded: the
// old base answers from its own snapshot (its hits do not change) until
// the Store closes it (then ErrClosed), the live one never fails and sees
// every edit. A search held in flight on the old base across a reload
// (its read lock taken) still searches the old snapshot.
func TestSearchDuringReload(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFile(t, dir, "a.md", "Le secteur emploie près de 80.000 salariés.\n\nLe télétravail concerne 40% des cas.\n")
	writeFile(t, dir, "b.md", "Le port de Tanger traite des conteneurs.\n")
	s := NewStore(DirSource(dir), Options{})
	if _, err := s.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	old := s.Base()
	wantOld, err := old.Search(ctx, "salariés conteneurs", 5)
	if err != nil || len(wantOld) != 2 {
		t.Fatalf("first search: %v %v", wantOld, err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var failures atomic.Int64
	var mu sync.Mutex
	var errs []string
	fail := func(msg string) {
		failures.Add(1)
		mu.Lock()
		defer mu.Unlock()
		if len(errs) < 5 {
			errs = append(errs, msg)
		}
	}
	for range 3 {
		wg.Go(func() {
			for !stop.Load() {
				hits, err := old.Search(ctx, "salariés conteneurs", 5)
				if err != ErrClosed && (err != nil || compareHits(hits, wantOld) != "") {
					fail(fmt.Sprintf("old base: %v %v", hits, err))
				}
				if _, err := s.Search(ctx, "conteneurs", 5); err != nil {
					fail(fmt.Sprintf("live base: %v", err))
				}
			}
		})
	}
	// A search in flight during the reload.
	old.mu.RLock()
	writeFile(t, dir, "b.md", "Le port de Tanger traite des conteneurs.\n\nEt des salariés des conteneurs.\n")
	if _, err := s.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	hits, err := old.search(ctx, old.query("salariés conteneurs", ""), 5)
	old.mu.RUnlock()
	if err != nil || compareHits(hits, wantOld) != "" {
		t.Errorf("the search in flight on the old base gave %v %v, want %v", hits, err, wantOld)
	}
	for i := range 20 {
		writeFile(t, dir, "b.md", fmt.Sprintf("Le port de Tanger traite des conteneurs.\n\nEt %d salariés des conteneurs.\n", i))
		if _, err := s.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		hits, err := s.Search(ctx, "salariés conteneurs", 5)
		if err != nil || len(hits) != 3 {
			t.Errorf("reload %d: live base gives %v %v", i, hits, err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if failures.Load() > 0 {
		t.Errorf("%d searches failed: %q", failures.Load(), errs)
	}
	if s.Base() == old {
		t.Fatal("the base was never replaced")
	}
	if _, err := old.Search(ctx, "salariés", 5); err != ErrClosed {
		t.Errorf("search of the replaced base after its close: %v, want ErrClosed", err)
	}
}

// TestChunkedLoad: a base indexed in chunks (several segments) ranks the
// same passages with the same scores, to the last bit, as one indexed in
// one batch: BM25's statistics are the Base's own, not the segments', and
// passages of equal scores (copies of documents, in other segments) are
// kept or cut by their ids, whatever their scores' last bits.
func TestChunkedLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 150 documents of the benchmark corpus twice")
	}
	ctx := context.Background()
	fsys := manpagesFS(t)
	names := slices.Sorted(maps.Keys(fsys))
	for _, name := range names[min(len(names), 150):] {
		delete(fsys, name)
	}
	docs, err := ReadDocuments(ctx, fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Copies of the first documents, indexed in other segments than the
	// originals: their passages tie with the originals'.
	for _, d := range docs[:40] {
		d.ID, d.Path = d.ID+"-copie", "copie/"+d.Path
		docs = append(docs, d)
	}
	load := func(chunk, wantMin, wantMax int) *Base {
		b := buildChunked(t, docs, chunk)
		if n := len(b.reader.(*scorch.IndexSnapshot).Segments()); n < wantMin || n > wantMax {
			t.Fatalf("chunks of %d passages: %d segments, want %d to %d", chunk, n, wantMin, wantMax)
		}
		return b
	}
	one := load(1<<30, 1, 1)
	passages := one.PassageCount()
	many := load(250, passages/250, 2*passages/250+2) // documents of hundreds of passages make uneven chunks
	compareBases(t, "chunks of 250 passages", many, one)
	queries := append([]string{"fichier configuration système", "afficher le contenu du répertoire courant",
		"processus signal terminer", "mot de passe compte", "copier des fichiers", "fichers repertoir"}, benchQueries...)
	for i, q := range queries {
		k := 3 + i%18 // cuts within runs of ties
		h0, err0 := one.SearchExpanded(ctx, q, "liste exécuter programme", k)
		h1, err1 := many.SearchExpanded(ctx, q, "liste exécuter programme", k)
		if err0 != nil || err1 != nil {
			t.Fatalf("%q: %v, %v", q, err0, err1)
		}
		if len(h0) != len(h1) {
			t.Fatalf("%q: %d hits in one segment, %d in several", q, len(h0), len(h1))
		}
		for i := range h0 {
			if h0[i].Passage.ID() != h1[i].Passage.ID() || h0[i].Score != h1[i].Score {
				t.Errorf("%q, hit %d: %s %v in one segment, %s %v in several", q, i, h0[i].Passage.ID(), h0[i].Score, h1[i].Passage.ID(), h1[i].Score)
				break
			}
		}
	}
	if one.place != many.place || one.hasPlace != many.hasPlace {
		t.Errorf("main place %+v, then %+v", one.place, many.place)
	}
}

// TestChunks: chunks keeps the documents in order, whole, and cuts them
// into runs of at most the limit (but for a longer document), as many as
// the passages need.
func TestChunks(t *testing.T) {
	var docs []Document
	for _, n := range []int{3, 1, 7, 2, 2, 20, 1, 1, 4, 5, 6} {
		docs = append(docs, Document{Passages: make([]Passage, n)})
	}
	all := make([]int, len(docs))
	for i := range all {
		all[i] = i
	}
	for _, tc := range []struct {
		added []int
		limit int
	}{{all, 1}, {all, 5}, {all, 8}, {all, 20}, {all, 100}, {[]int{2, 5, 9}, 10}, {nil, 10}} {
		cs := chunks(docs, tc.added, tc.limit)
		total := 0
		for _, i := range tc.added {
			total += len(docs[i].Passages)
		}
		// Two chunks in a row hold more than the limit.
		if len(cs) == 0 || len(cs) > 2*max(1, (total+tc.limit-1)/tc.limit) {
			t.Errorf("limit %d: %d chunks of %d passages", tc.limit, len(cs), total)
		}
		var got []int
		for _, c := range cs {
			n := 0
			for _, i := range c {
				n += len(docs[i].Passages)
			}
			if n > tc.limit && len(c) > 1 {
				t.Errorf("limit %d: chunk %v holds %d passages", tc.limit, c, n)
			}
			got = append(got, c...)
		}
		if !slices.Equal(got, tc.added) {
			t.Errorf("limit %d: chunks %v, want the documents %v in order", tc.limit, cs, tc.added)
		}
	}
	if cs := chunks(docs, all, 100); len(cs) != 1 {
		t.Errorf("52 passages in chunks of 100: %v", cs)
	}
	if cs := chunks(docs, all, 40); len(cs) != 2 {
		t.Errorf("52 passages in chunks of 40: %d chunks %v", len(cs), cs)
	}
	// Short documents: as many chunks as the limit needs, of even sizes.
	var short []Document
	for i := range 1000 {
		short = append(short, Document{Passages: make([]Passage, 1+i%5)})
	}
	for _, limit := range []int{128, 1024, 2999, 5000} { // not within a document of 3000/n: see chunks
		all := make([]int, len(short))
		for i := range all {
			all[i] = i
		}
		cs := chunks(short, all, limit)
		if want := (3000 + limit - 1) / limit; len(cs) != want {
			t.Errorf("3000 passages in chunks of %d: %d chunks, want %d", limit, len(cs), want)
		}
		for _, c := range cs {
			n := 0
			for _, i := range c {
				n += len(short[i].Passages)
			}
			if even := 3000 / len(cs); n > limit || n < even-5 || n > even+5 {
				t.Errorf("3000 passages in chunks of %d: a chunk of %d", limit, n)
			}
		}
	}
}

// buildChunked is Build indexing docs in chunks of chunk passages, closed
// when the test ends.
func buildChunked(tb testing.TB, docs []Document, chunk int) *Base {
	tb.Helper()
	live, err := newLiveIndex()
	if err != nil {
		tb.Fatal(err)
	}
	live.chunk = chunk
	b, err := build(context.Background(), live, nil, docs, nil, nil, nil)
	if err != nil {
		live.discard()
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.Close() })
	return b
}
