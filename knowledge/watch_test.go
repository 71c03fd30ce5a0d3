package knowledge

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

const watchDebounce = 50 * time.Millisecond

// waitTimeout bounds every wait on a reload; it is generous because -race
// on a loaded machine is slow, and only a failing test ever waits it out.
const waitTimeout = 10 * time.Second

type reloadResult struct {
	diff Diff
	err  error
}

// startWatch loads dir into a new Store, starts watching it and returns the
// store, the channel of reload results and a stop function that cancels the
// watch and checks that Watch returned.
func startWatch(t *testing.T, dir string, debounce time.Duration) (*Store, <-chan reloadResult) {
	t.Helper()
	s := NewStore(DirSource(dir), Options{})
	if _, err := s.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	results := make(chan reloadResult, 100)
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.watch(ctx, dir, debounce, func(d Diff, err error) {
			results <- reloadResult{d, err}
		}, func() { close(ready) })
	}()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("watch returned before it was ready: %v", err)
	case <-time.After(waitTimeout):
		cancel()
		t.Fatal("watch never became ready")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Watch returned %v after cancel, want nil", err)
			}
		case <-time.After(waitTimeout):
			t.Error("Watch did not return after its context was cancelled")
		}
	})
	return s, results
}

func nextReload(t *testing.T, results <-chan reloadResult) reloadResult {
	t.Helper()
	select {
	case r := <-results:
		return r
	case <-time.After(waitTimeout):
		t.Fatal("no reload happened")
		return reloadResult{}
	}
}

// noReload checks that nothing is reloaded during a few debounce periods.
func noReload(t *testing.T, results <-chan reloadResult, debounce time.Duration) {
	t.Helper()
	select {
	case r := <-results:
		t.Fatalf("unexpected reload: %+v, %v", r.diff, r.err)
	case <-time.After(4 * debounce):
	}
}

func TestWatchReloadsOnWrite(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.md", "---\ntitle: A\n---\n\nLe port de Tanger traite des conteneurs.\n")
	s, results := startWatch(t, dir, watchDebounce)

	writeFile(t, dir, "b.txt", "Les aéroports rouvrent au printemps.\n")
	r := nextReload(t, results)
	if r.err != nil {
		t.Fatalf("reload: %v", r.err)
	}
	if !slices.Equal(r.diff.DocsAdded, []string{"b"}) || r.diff.Documents != 2 {
		t.Errorf("diff = %+v, want b added and 2 documents", r.diff)
	}
	if _, ok := s.Base().Document("b"); !ok {
		t.Error("the live base does not have the new document")
	}
	noReload(t, results, watchDebounce)
}

func TestWatchDebouncesBurst(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.md", "Premier texte.\n")
	s, results := startWatch(t, dir, watchDebounce)

	// The burst is one only if no write waited as long as the debounce
	// period: on a loaded machine (go test -race beside other builds) a
	// write may be descheduled that long, and the watcher then rightly
	// reloads mid-burst. The test checks the single reload when the
	// burst was one, and the last version in every case.
	var slowest time.Duration
	last := time.Now()
	for i := range 10 {
		writeFile(t, dir, "a.md", fmt.Sprintf("Version %d du texte.\n", i))
		slowest = max(slowest, time.Since(last))
		last = time.Now()
	}
	if slowest < watchDebounce/2 {
		r := nextReload(t, results)
		if r.err != nil {
			t.Fatalf("reload: %v", r.err)
		}
		if !slices.Equal(r.diff.DocsChanged, []string{"a"}) {
			t.Errorf("diff = %+v, want a changed", r.diff)
		}
		noReload(t, results, watchDebounce)
	} else {
		t.Logf("a write took %v, more than half the debounce period: reloads mid-burst are allowed", slowest)
		for deadline := time.Now().Add(waitTimeout); ; {
			if doc, _ := s.Base().Document("a"); len(doc.Passages) == 1 && doc.Passages[0].Text == "Version 9 du texte." || time.Now().After(deadline) {
				break
			}
			select {
			case <-results:
			case <-time.After(watchDebounce):
			}
		}
	}
	doc, _ := s.Base().Document("a")
	if len(doc.Passages) != 1 || doc.Passages[0].Text != "Version 9 du texte." {
		t.Errorf("live document = %+v, want the last version", doc.Passages)
	}
}

func TestWatchBrokenFileKeepsOldBase(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.md", "Le secteur emploie 80.000 salariés.\n")
	s, results := startWatch(t, dir, watchDebounce)
	before := s.Base()

	writeFile(t, dir, "broken.md", "---\ntitle: [x\n---\n\ntexte\n")
	r := nextReload(t, results)
	if r.err == nil {
		t.Fatalf("broken save reloaded without error: %+v", r.diff)
	}
	if s.Base() != before {
		t.Error("a broken save replaced the knowledge base")
	}
	if hits, err := s.Search(context.Background(), "salariés", 3); err != nil || len(hits) == 0 {
		t.Errorf("search after broken save: %v, %v", hits, err)
	}

	// Fixing the file is picked up.
	writeFile(t, dir, "broken.md", "---\ntitle: Réparé\n---\n\ntexte\n")
	if r := nextReload(t, results); r.err != nil || !slices.Equal(r.diff.DocsAdded, []string{"broken"}) {
		t.Errorf("after fix: %+v, %v", r.diff, r.err)
	}
}

func TestWatchIgnoresHiddenAndTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.md", "Texte.\n")
	_, results := startWatch(t, dir, watchDebounce)

	for _, name := range []string{".a.md.swp", "a.md.swp", "a.md~", "#a.md#", ".hidden.md", "x.tmp"} {
		writeFile(t, dir, name, "brouillon\n")
	}
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, ".git"), "HEAD", "ref\n")
	noReload(t, results, watchDebounce)
}

func TestWatchNewSubdirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.md", "Texte.\n")
	s, results := startWatch(t, dir, watchDebounce)

	sub := filepath.Join(dir, "dossier")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	// Once this reload happened the new directory is watched.
	if r := nextReload(t, results); r.err != nil {
		t.Fatalf("reload after mkdir: %v", r.err)
	}
	writeFile(t, sub, "c.md", "Les ports du nord se modernisent.\n")
	r := nextReload(t, results)
	if r.err != nil || !slices.Equal(r.diff.DocsAdded, []string{"c"}) {
		t.Fatalf("file in new directory: %+v, %v", r.diff, r.err)
	}
	writeFile(t, sub, "c.md", "Les ports du sud aussi.\n")
	r = nextReload(t, results)
	if r.err != nil || !slices.Equal(r.diff.DocsChanged, []string{"c"}) {
		t.Fatalf("change in new directory: %+v, %v", r.diff, r.err)
	}
	if _, ok := s.Base().Document("c"); !ok {
		t.Error("the live base does not have the document of the new directory")
	}
}

func TestWatchStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.md", "Texte.\n")
	s := NewStore(DirSource(dir), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx, dir, watchDebounce, nil) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Watch = %v, want nil after cancel", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Watch did not return after cancel")
	}
}

func TestWatchMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	s := NewStore(DirSource(dir), Options{})
	done := make(chan error, 1)
	go func() { done <- s.Watch(context.Background(), dir, watchDebounce, nil) }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("watching a missing directory succeeded")
		}
	case <-time.After(waitTimeout):
		t.Fatal("Watch of a missing directory did not return")
	}
}

func TestIgnoredName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"article.md", false},
		{"notes.txt", false},
		{"dossier", false},
		{".article.md.swp", true},
		{"article.md.swp", true},
		{"article.md.SWO", true},
		{"article.md~", true},
		{"#article.md#", true},
		{".git", true},
		{"", true},
	}
	for _, tt := range tests {
		if got := ignoredName(tt.name); got != tt.want {
			t.Errorf("ignoredName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
