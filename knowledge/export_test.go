package knowledge

import (
	"context"
	"time"
)

// WatchReady is Watch for the external tests: ready is called once the
// watches are in place.
func (s *Store) WatchReady(ctx context.Context, dir string, debounce time.Duration, onReload func(Diff, error), ready func()) error {
	return s.watch(ctx, dir, debounce, onReload, ready)
}
