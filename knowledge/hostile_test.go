//go:build unix

package knowledge_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/hostilekb"
	"github.com/articlebot/articlebot/knowledge"
)

// within runs f and fails the test if it has not returned after d.
func within[T any](t *testing.T, d time.Duration, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(d):
		t.Fatalf("still running after %v: a read blocks or never ends", d)
		var zero T
		return zero
	}
}

// createCase makes c's file in kb, skipping the test when the system does
// not allow it.
func createCase(t *testing.T, c hostilekb.Case, kb string) {
	t.Helper()
	if err := c.Create(kb); errors.Is(err, errors.ErrUnsupported) {
		t.Skip(err)
	} else if err != nil {
		t.Fatal(err)
	}
}

// checkRefused checks that err is a *LoadError refusing exactly c's file
// for c's reason, naming it printably and leaking nothing.
func checkRefused(t *testing.T, c hostilekb.Case, err error) {
	t.Helper()
	var le *knowledge.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want a *LoadError", err)
	}
	if len(le.Problems) != 1 || le.Problems[0].Path != c.File || !errors.Is(le.Problems[0], c.Reason) {
		t.Fatalf("problems = %q, want %q refused with %q", le.Problems, c.File, c.Reason)
	}
	msg := err.Error()
	if !strings.Contains(msg, knowledge.DisplayPath(c.File)+": ") || !strings.Contains(msg, c.Reason.Error()) {
		t.Errorf("error %q does not name %s and its reason", msg, knowledge.DisplayPath(c.File))
	}
	if strings.ContainsFunc(msg, func(r rune) bool { return r < ' ' || r == 0x7f }) || !utf8.ValidString(msg) {
		t.Errorf("error %q holds control characters or invalid UTF-8", msg)
	}
	if strings.Contains(msg, "hostile-kb-secret") || strings.Contains(msg, "root:") {
		t.Errorf("error %q leaks what a link points to", msg)
	}
}

// TestHostileFiles puts each hostile file in a knowledge directory and
// loads it every way the program does: each is refused, with its name and
// reason, within hostilekb.RefuseWithin; a reload keeps the previous base serving.
func TestHostileFiles(t *testing.T) {
	for _, c := range hostilekb.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			t.Run("ReadDocuments", func(t *testing.T) {
				kb := hostilekb.Dir(t)
				createCase(t, c, kb)
				docs, err := within(t, hostilekb.RefuseWithin, func() result[[]knowledge.Document] {
					docs, err := knowledge.DirSource(kb).ReadDocuments(context.Background(), knowledge.Options{})
					return result[[]knowledge.Document]{docs, err}
				}).get()
				checkRefused(t, c, err)
				if len(docs) != 1 || docs[0].Path != hostilekb.GoodFile {
					t.Errorf("documents read = %+v, want only %s", docs, hostilekb.GoodFile)
				}
			})
			t.Run("LoadDir", func(t *testing.T) {
				kb := hostilekb.Dir(t)
				createCase(t, c, kb)
				b, err := within(t, hostilekb.RefuseWithin, func() result[*knowledge.Base] {
					b, err := knowledge.LoadDir(context.Background(), kb, knowledge.Options{})
					return result[*knowledge.Base]{b, err}
				}).get()
				checkRefused(t, c, err)
				if b != nil {
					t.Error("a refused directory gave a knowledge base")
				}
			})
			t.Run("Reload", func(t *testing.T) {
				kb := hostilekb.Dir(t)
				s := knowledge.NewStore(knowledge.DirSource(kb), knowledge.Options{})
				if _, err := s.Reload(context.Background()); err != nil {
					t.Fatal(err)
				}
				before := s.Base()
				createCase(t, c, kb)
				_, err := within(t, hostilekb.RefuseWithin, func() result[knowledge.Diff] {
					d, err := s.Reload(context.Background())
					return result[knowledge.Diff]{d, err}
				}).get()
				checkRefused(t, c, err)
				checkKept(t, s, before)
			})
		})
	}
}

// TestHostileWatch creates each hostile file in a watched directory: the
// automatic reload refuses it and the previous base keeps serving.
func TestHostileWatch(t *testing.T) {
	for _, c := range hostilekb.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			kb := hostilekb.Dir(t)
			s := knowledge.NewStore(knowledge.DirSource(kb), knowledge.Options{})
			if _, err := s.Reload(context.Background()); err != nil {
				t.Fatal(err)
			}
			before := s.Base()
			ctx, cancel := context.WithCancel(context.Background())
			reloads := make(chan error, 10)
			ready := make(chan struct{})
			done := make(chan struct{})
			go func() {
				defer close(done)
				_ = s.WatchReady(ctx, kb, 20*time.Millisecond, func(_ knowledge.Diff, err error) { reloads <- err }, func() { close(ready) })
			}()
			t.Cleanup(func() {
				cancel()
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					t.Error("Watch did not return after its context was cancelled: a reload hangs")
				}
			})
			<-ready
			createCase(t, c, kb)
			select {
			case err := <-reloads:
				checkRefused(t, c, err)
			case <-time.After(10 * time.Second): // debounce, then hostilekb.RefuseWithin; generous for a loaded machine
				t.Fatal("no reload after the hostile file appeared")
			}
			checkKept(t, s, before)
		})
	}
}

// TestHostileAll puts every hostile file in one directory: each is listed
// with its reason, the good document is read, and nothing hangs.
func TestHostileAll(t *testing.T) {
	kb := hostilekb.Dir(t)
	want := map[string]error{}
	for _, c := range hostilekb.Cases() {
		if err := c.Create(kb); errors.Is(err, errors.ErrUnsupported) {
			t.Log(err)
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		want[c.File] = c.Reason
	}
	docs, err := within(t, hostilekb.RefuseWithin, func() result[[]knowledge.Document] {
		docs, err := knowledge.DirSource(kb).ReadDocuments(context.Background(), knowledge.Options{})
		return result[[]knowledge.Document]{docs, err}
	}).get()
	var le *knowledge.LoadError
	if !errors.As(err, &le) || len(le.Problems) != len(want) {
		t.Fatalf("err = %v, want %d problems", err, len(want))
	}
	for _, p := range le.Problems {
		if !errors.Is(p, want[p.Path]) {
			t.Errorf("%s: %v, want %v", knowledge.DisplayPath(p.Path), p.Err, want[p.Path])
		}
	}
	if len(docs) != 1 {
		t.Errorf("documents read = %d, want 1", len(docs))
	}
}

// checkKept checks that the store still serves before, and answers from it.
func checkKept(t *testing.T, s *knowledge.Store, before *knowledge.Base) {
	t.Helper()
	if s.Base() != before {
		t.Error("a refused reload replaced the knowledge base")
	}
	if hits, err := s.Search(context.Background(), "conteneurs", 3); err != nil || len(hits) == 0 {
		t.Errorf("search after the refused reload: %v, %v", hits, err)
	}
}

// result carries a function's two results through a channel.
type result[T any] struct {
	v   T
	err error
}

func (r result[T]) get() (T, error) { return r.v, r.err }
