package knowledge

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestStoreReload(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFile(t, dir, "a.md", "---\ntitle: A\n---\n\nLe port de Tanger traite des conteneurs.\n\nDeuxième paragraphe.\n")
	s := NewStore(DirSource(dir), Options{})
	if _, err := s.Search(ctx, "port", 3); !errors.Is(err, ErrNotLoaded) {
		t.Fatalf("before load: %v", err)
	}
	d, err := s.Reload(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.DocsAdded) != 1 || d.PassagesAdded != 2 || d.Documents != 1 || d.Passages != 2 {
		t.Errorf("first load diff = %+v", d)
	}

	// A change, an addition and a removal.
	writeFile(t, dir, "a.md", "---\ntitle: A\n---\n\nLe port de Tanger traite des conteneurs.\n\nParagraphe modifié.\n\nTroisième.\n")
	writeFile(t, dir, "b.txt", "Les aéroports rouvrent.\n")
	if d, err = s.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if len(d.DocsAdded) != 1 || len(d.DocsChanged) != 1 || d.PassagesAdded != 2 || d.PassagesChanged != 1 {
		t.Errorf("second diff = %+v", d)
	}
	if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	if d, err = s.Reload(ctx); err != nil || len(d.DocsRemoved) != 1 || d.PassagesRemoved != 1 {
		t.Errorf("removal diff = %+v, %v", d, err)
	}
	if d, err = s.Reload(ctx); err != nil || !d.Empty() {
		t.Errorf("no-change diff = %+v, %v", d, err)
	}

	// A broken file is refused and the previous base keeps serving.
	before := s.Base()
	writeFile(t, dir, "broken.md", "---\ntitle: [x\n---\n\ntexte\n")
	_, err = s.Reload(ctx)
	var le *LoadError
	if !errors.As(err, &le) || le.Problems[0].Path != "broken.md" || !errors.Is(err, ErrFrontMatter) {
		t.Fatalf("broken reload: %v", err)
	}
	if s.Base() != before {
		t.Error("a failed reload replaced the knowledge base")
	}
	if hits, err := s.Search(ctx, "conteneurs", 3); err != nil || len(hits) == 0 {
		t.Errorf("search after failed reload: %v %v", hits, err)
	}
	// The directory itself disappearing is refused too.
	if _, err := NewStore(DirSource(filepath.Join(dir, "nope")), Options{}).Reload(ctx); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing directory: %v", err)
	}
}

// TestStoreReloadRace searches continuously while reloading, good and bad
// versions alternating: every search succeeds on a whole index.
func TestStoreReloadRace(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	good := "Le secteur emploie près de 80.000 salariés.\n\nLe télétravail concerne 40% des cas.\n"
	writeFile(t, dir, "a.md", good)
	s := NewStore(DirSource(dir), Options{})
	if _, err := s.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var searches, failures atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				hits, err := s.Search(ctx, "salariés télétravail", 5)
				searches.Add(1)
				if err != nil || len(hits) != 2 {
					failures.Add(1)
				}
			}
		}()
	}
	for i := range 30 {
		if i%3 == 2 {
			writeFile(t, dir, "b.md", "\xff\xfe") // not UTF-8: refused
		} else {
			_ = os.Remove(filepath.Join(dir, "b.md"))
		}
		_, _ = s.Reload(ctx)
	}
	stop.Store(true)
	wg.Wait()
	if failures.Load() > 0 {
		t.Errorf("%d of %d searches failed during reloads", failures.Load(), searches.Load())
	}
}

// TestReloadSkipped checks that a reload reports the files that are not
// documents, in path order, and that Options.Skipped still hears them.
func TestReloadSkipped(t *testing.T) {
	tests := []struct {
		name  string
		files []string // besides a.md
		want  []string
	}{
		{"none", nil, nil},
		{"a PDF", []string{"rapport.pdf"}, []string{"rapport.pdf"}},
		{"nested and upper case", []string{"z.PNG", "sub/notes.docx", "b.txt"}, []string{"sub/notes.docx", "z.PNG"}},
		{"hidden and backups quiet", []string{".DS_Store", "a.md~", "#a.md#"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "a.md", "Le port de Tanger traite des conteneurs.\n")
			for _, f := range tt.files {
				if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
					t.Fatal(err)
				}
				writeFile(t, dir, f, "Un texte.\n")
			}
			var heard []string
			s := NewStore(DirSource(dir), Options{Skipped: func(p string) { heard = append(heard, p) }})
			for i := range 2 { // the first load and a reload
				heard = nil
				d, err := s.Reload(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(d.Skipped, tt.want) || !slices.Equal(heard, tt.want) {
					t.Errorf("load %d: Diff.Skipped = %q, Options.Skipped heard %q, want %q", i, d.Skipped, heard, tt.want)
				}
			}
		})
	}
}
