package llm

import (
	"sync"
	"time"
)

// breaker is a consecutive-failure circuit breaker.
//
// closed: calls go through; threshold consecutive failures open it.
// open: calls fail fast until the cool-down has elapsed; then a single probe
// call is let through (half-open). A healthy probe closes the breaker, a
// failed one re-opens it for another cool-down. A neutral outcome (caller
// cancelled) changes nothing.
type breaker struct {
	threshold int
	coolDown  time.Duration
	now       func() time.Time
	onChange  func(open bool)

	mu        sync.Mutex
	failures  int       // consecutive failures while closed
	open      bool      // open or half-open
	openUntil time.Time // end of the current cool-down
	probing   bool      // a probe call is in flight
	pending   []bool    // transitions not yet reported to onChange

	notifyMu sync.Mutex // serialises onChange calls, keeps their order
}

func newBreaker(threshold int, coolDown time.Duration, now func() time.Time, onChange func(bool)) *breaker {
	return &breaker{threshold: threshold, coolDown: coolDown, now: now, onChange: onChange}
}

// allow reports whether a call may proceed. When it may, probe says whether
// the call is the half-open probe (pass it back to done). When it may not,
// wait is the remaining cool-down.
func (b *breaker) allow() (ok, probe bool, wait time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return true, false, 0
	}
	now := b.now()
	if now.Before(b.openUntil) {
		return false, false, b.openUntil.Sub(now)
	}
	if b.probing {
		// Another call is probing; report a short wait rather than 0.
		return false, false, 0
	}
	b.probing = true
	return true, true, 0
}

// done records the outcome of a call admitted by allow.
func (b *breaker) done(probe bool, out outcome) {
	b.mu.Lock()
	if probe {
		b.probing = false
	}
	switch out {
	case healthy:
		// Any answer from the server closes the breaker, including one
		// from a call admitted before it opened.
		b.failures = 0
		if b.open {
			b.open = false
			b.pending = append(b.pending, false)
		}
	case failed:
		if b.open {
			if probe {
				b.openUntil = b.now().Add(b.coolDown)
			}
			break
		}
		b.failures++
		if b.failures >= b.threshold {
			b.open = true
			b.failures = 0
			b.openUntil = b.now().Add(b.coolDown)
			b.pending = append(b.pending, true)
		}
	case neutral:
	}
	b.mu.Unlock()
	b.notify()
}

// notify delivers pending transitions in order, outside b.mu.
func (b *breaker) notify() {
	if b.onChange == nil {
		b.mu.Lock()
		b.pending = nil
		b.mu.Unlock()
		return
	}
	b.notifyMu.Lock()
	defer b.notifyMu.Unlock()
	for {
		b.mu.Lock()
		if len(b.pending) == 0 {
			b.mu.Unlock()
			return
		}
		open := b.pending[0]
		b.pending = b.pending[1:]
		b.mu.Unlock()
		b.onChange(open)
	}
}

// isOpen reports whether the breaker is open (or half-open).
func (b *breaker) isOpen() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.open
}
