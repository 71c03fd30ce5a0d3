package answer

import (
	"context"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/benchcorpus"
	"github.com/articlebot/articlebot/knowledge"
)

// scanPlace is what "de quel pays parle l'article ?" answered before the
// base read its place at load time: every sentence of the base read with
// this package's own analysis (tagSentence), the place named most, with
// its adjectives, among the names that have one. knowledge.Base.MainPlace
// must give the same.
func scanPlace(base *knowledge.Base) (knowledge.Place, bool) {
	type place struct {
		pl     knowledge.Place
		marked bool
	}
	places := map[string]*place{}
	var order, adjectives []string
	for _, d := range base.Documents() {
		for _, p := range d.Passages {
			for i, s := range p.Sentences {
				fields := strings.Fields(s)
				for k, t := range tagSentence(s, nil).words {
					w := lastWord(t.folded)
					adjectives = append(adjectives, w)
					if t.person || len(w) < 4 || k >= len(fields) || !t.name && !isName(elided(fields[k]), 1) {
						continue
					}
					pl := places[w]
					if pl == nil {
						shown := elided(strings.Trim(fields[k], "«»\"'(),.;:!?"))
						pl = &place{pl: knowledge.Place{Name: shown, Doc: d.ID, Passage: p.N, Sentence: i}}
						places[w] = pl
						order = append(order, w)
					}
					pl.pl.Count++
				}
			}
		}
	}
	// The adjectives by their first five bytes, as the answering layer
	// read them (comparing every name with every word is quadratic).
	byStart := map[string]map[string]int{}
	for _, adj := range adjectives {
		if len(adj) >= 5 {
			if byStart[adj[:5]] == nil {
				byStart[adj[:5]] = map[string]int{}
			}
			byStart[adj[:5]][adj]++
		}
	}
	var best *place
	for _, w := range order {
		pl := places[w]
		if len(w) >= 5 {
			for adj, n := range byStart[w[:5]] {
				if knowledge.Demonym(adj, w) {
					pl.marked = true
					pl.pl.Count += n
				}
			}
		}
		if pl.marked && (best == nil || pl.pl.Count > best.pl.Count) {
			best = pl
		}
	}
	if best == nil {
		return knowledge.Place{}, false
	}
	return best.pl, true
}

// elided is w without an elided article: "Ouganda" for "l'Ouganda".
func elided(w string) string {
	if j := strings.IndexAny(w, "'’"); j > 0 && j <= 3 {
		_, n := utf8.DecodeRuneInString(w[j:])
		return w[j+n:]
	}
	return w
}

func loadFS(t *testing.T, fsys fstest.MapFS) *knowledge.Base {
	t.Helper()
	base, err := knowledge.Load(context.Background(), fsys, knowledge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { base.Close() })
	return base
}

func mapFS(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(dir + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = &fstest.MapFile{Data: b}
	}
	return out
}

// TestMainPlaceAtLoad: the place a base reads at load time, and after
// reloads that reuse the places of the documents that did not change, is
// the one a reading of every sentence with the answering layer's analysis
// finds.
func TestMainPlaceAtLoad(t *testing.T) {
	article := fstest.MapFS{}
	err := fs.WalkDir(knowledge.DefaultFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(knowledge.DefaultFS(), p)
		article[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	manpages, err := benchcorpus.Read("../../knowledge/testdata/bench/manpages-fr.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"article": article, "biography": mapFS(t, "testdata/kb"), "multi": mapFS(t, "testdata/multi"), "manpages": manpages,
		"places": {
			"a.md": {Data: []byte("# Voyage\n\nLe Kenya et l'Ouganda. La presse ougandaise en parle, comme la presse kényane.\n\nLe président, Yoweri Museveni, arrive au Kenya.\n")},
			"b.md": {Data: []byte("# Suite\n\nLes Kényans votent ; le Kenya compte.\n")},
		},
	} {
		base := loadFS(t, fsys)
		got, ok := base.MainPlace()
		want, wantOK := scanPlace(base)
		if got != want || ok != wantOK {
			t.Errorf("%s: MainPlace() = %+v %v, a reading of every sentence gives %+v %v", name, got, ok, want, wantOK)
		}
		t.Logf("%s: %+v %v", name, got, ok)
	}

	// Reloads: the document that first names the place removed, then
	// another that names a new place more often added.
	fsys := fstest.MapFS{}
	for name, f := range manpages {
		fsys[name] = f
	}
	for name, f := range article {
		fsys[name] = f
	}
	store := knowledge.NewStore(knowledge.FSSource(fsys), knowledge.Options{})
	defer func() { store.Base().Close() }()
	check := func(step string) knowledge.Place {
		t.Helper()
		if _, err := store.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
		got, ok := store.Base().MainPlace()
		want, wantOK := scanPlace(store.Base())
		if got != want || ok != wantOK {
			t.Errorf("%s: MainPlace() = %+v %v, a reading of every sentence gives %+v %v", step, got, ok, want, wantOK)
		}
		return got
	}
	first := check("load")
	d, ok := store.Base().Document(first.Doc)
	if _, ok2 := fsys[d.Path]; !ok || !ok2 {
		t.Fatalf("no file for document %q", first.Doc)
	}
	delete(fsys, d.Path)
	check("its first document removed")
	fsys["zz-tunisie.md"] = &fstest.MapFile{Data: []byte("# Tunisie\n\n" + strings.Repeat("La Tunisie exporte. Les Tunisiens et les Tunisiennes votent. ", 400) + "\n")}
	if got := check("a document on another place added"); got.Name != "Tunisie" {
		t.Errorf("after the Tunisian document, MainPlace() = %+v, want Tunisie", got)
	}
}
