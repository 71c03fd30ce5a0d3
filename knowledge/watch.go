package knowledge

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce is the quiet period Watch waits for when given a
// non-positive debounce.
const DefaultDebounce = 500 * time.Millisecond

// maxDelayFactor bounds how long a reload can be postponed by a stream of
// events that never pauses: at most maxDelayFactor×debounce after the first
// event of a burst.
const maxDelayFactor = 10

// Watch reloads s whenever a file below dir changes, until ctx is done.
//
// dir must be the directory s loads from (the one given to DirSource). It is
// watched recursively: subdirectories created later are watched as they
// appear. Hidden files and directories and editor temporaries (names that
// start with "." or "#", or end with "~", ".swp", ".swo", ".swx" or ".tmp")
// are ignored. A burst of events (one editor save is several) is debounced
// into a single Reload, run once no event has arrived for debounce (at most
// 10×debounce after the first event of the burst, so a stream of writes
// that never pauses cannot postpone it forever). Events arriving during a
// reload schedule another one.
//
// onReload (which may be nil) is called from Watch's goroutine with the
// result of every Reload; a failed reload keeps the previous knowledge base
// serving (see Reload). It is not called for a reload cut short by ctx.
// Watch does not load anything when it starts: load first with Reload.
//
// Watch returns an error if dir cannot be watched; otherwise it blocks and
// returns nil once ctx is done, after releasing every watch.
func (s *Store) Watch(ctx context.Context, dir string, debounce time.Duration, onReload func(Diff, error)) error {
	return s.watch(ctx, dir, debounce, onReload, nil)
}

// watch is Watch with a hook called once the watches are in place (tests).
func (s *Store) watch(ctx context.Context, dir string, debounce time.Duration, onReload func(Diff, error), ready func()) error {
	if debounce <= 0 {
		debounce = DefaultDebounce
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	defer w.Close()
	if err := addTree(w, dir); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	if ready != nil {
		ready()
	}

	timer := time.NewTimer(debounce)
	timer.Stop()
	pending := false
	var first time.Time // first event of the pending burst
	schedule := func() {
		now := time.Now()
		if !pending {
			pending, first = true, now
		}
		wait := min(debounce, first.Add(maxDelayFactor*debounce).Sub(now))
		timer.Reset(max(wait, 0))
	}

	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ignoredName(filepath.Base(ev.Name)) || ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
					// Files created in it before the watch was added are
					// picked up by the reload this event schedules.
					_ = addTree(w, ev.Name)
				}
			}
			schedule()
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: rescan the tree for new directories.
				_ = addTree(w, dir)
			}
			// Whatever happened, a reload is the safe answer.
			schedule()
		case <-timer.C:
			pending = false
			d, err := s.Reload(ctx)
			if ctx.Err() != nil {
				return nil
			}
			if onReload != nil {
				onReload(d, err)
			}
		}
	}
}

// addTree watches root and every directory below it that is not ignored.
// Directories already watched are added again harmlessly.
func addTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // vanished or unreadable: the reload will say so
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && ignoredName(d.Name()) {
			return fs.SkipDir
		}
		if err := w.Add(p); err != nil && p == root {
			return err
		}
		return nil
	})
}

// ignoredName reports whether a file or directory name is hidden or an
// editor temporary, which neither the loader nor the watcher care about.
func ignoredName(name string) bool {
	if name == "" {
		return true
	}
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") {
		return true
	}
	for _, suf := range []string{".swp", ".swo", ".swx", ".tmp"} {
		if strings.HasSuffix(strings.ToLower(name), suf) {
			return true
		}
	}
	return false
}
