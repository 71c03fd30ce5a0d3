package bot

import (
	crand "crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// Confirmation buttons: how long one waits for its click, and how many
// wait at once (the oldest is forgotten beyond).
const (
	confirmTTL       = 2 * time.Minute
	maxConfirmations = 100
)

// pendingConfirm is a command waiting for its confirmation button: the
// custom_id of its buttons carries only a random nonce, the rest stays here,
// so a click can be neither forged nor replayed.
type pendingConfirm struct {
	command string // the command whose buttons these are
	subject string // what is to be done to (a document id)
	user    string // the only user who may confirm
	expires time.Time
}

// confirmState is what a click on a confirmation button finds.
type confirmState int

const (
	confirmOK       confirmState = iota
	confirmUnknown               // no such nonce: forged, already clicked, or from before a restart
	confirmExpired               // past its time
	confirmNotYours              // clicked by someone else than who asked
)

// confirmations are the pending confirmations of a Bot.
type confirmations struct {
	ttl time.Duration
	max int

	mu      sync.Mutex
	pending map[string]pendingConfirm // by nonce
}

func newConfirmations(ttl time.Duration, maxPending int) *confirmations {
	return &confirmations{ttl: ttl, max: maxPending, pending: map[string]pendingConfirm{}}
}

// add records p, expiring ttl after now, and returns its nonce.
func (c *confirmations) add(p pendingConfirm, now time.Time) string {
	b := make([]byte, 16)
	_, _ = crand.Read(b) // never fails
	nonce := hex.EncodeToString(b)
	p.expires = now.Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	for n, q := range c.pending {
		if !now.Before(q.expires) {
			delete(c.pending, n)
		}
	}
	for len(c.pending) >= c.max {
		oldest := ""
		for n, q := range c.pending {
			if oldest == "" || q.expires.Before(c.pending[oldest].expires) {
				oldest = n
			}
		}
		delete(c.pending, oldest)
	}
	c.pending[nonce] = p
	return nonce
}

// check says whether user may confirm nonce of command now, without
// taking it.
func (c *confirmations) check(command, nonce, user string, now time.Time) (pendingConfirm, confirmState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookupLocked(command, nonce, user, now)
}

// take is check, and on success (or expiry) forgets nonce: a confirmation
// is used once.
func (c *confirmations) take(command, nonce, user string, now time.Time) (pendingConfirm, confirmState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, st := c.lookupLocked(command, nonce, user, now)
	if st == confirmOK || st == confirmExpired {
		delete(c.pending, nonce)
	}
	return p, st
}

func (c *confirmations) lookupLocked(command, nonce, user string, now time.Time) (pendingConfirm, confirmState) {
	p, ok := c.pending[nonce]
	switch {
	case !ok || p.command != command:
		return pendingConfirm{}, confirmUnknown
	case !now.Before(p.expires):
		return p, confirmExpired
	case p.user != user:
		return p, confirmNotYours
	}
	return p, confirmOK
}
