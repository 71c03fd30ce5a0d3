package bot

import (
	"sync"
	"time"
)

// rateLimiter is a per-user token bucket: each user may ask limit questions
// at once, and gets one more every window/limit. It is in memory and
// bounded: when it tracks more than maxUsers users, those whose bucket is
// full again (they are as good as new) are forgotten first, then the
// longest idle ones.
type rateLimiter struct {
	limit    int
	window   time.Duration
	maxUsers int
	now      func() time.Time

	mu    sync.Mutex
	users map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
	warned bool // the user was told about the limit since they last ran out
}

// rateDecision is the outcome of allow.
type rateDecision struct {
	OK         bool
	RetryAfter time.Duration // when !OK: until one question is allowed again
	FirstDeny  bool          // when !OK: the first refusal since the user ran out
}

const defaultMaxRateUsers = 10000

// newRateLimiter returns a limiter; limit <= 0 or window <= 0 disables it.
func newRateLimiter(limit int, window time.Duration, now func() time.Time) *rateLimiter {
	if now == nil {
		now = time.Now
	}
	return &rateLimiter{limit: limit, window: window, maxUsers: defaultMaxRateUsers, now: now, users: map[string]*bucket{}}
}

func (r *rateLimiter) enabled() bool { return r != nil && r.limit > 0 && r.window > 0 }

// allow takes one token from user's bucket.
func (r *rateLimiter) allow(user string) rateDecision {
	if !r.enabled() {
		return rateDecision{OK: true}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	b, ok := r.users[user]
	if !ok {
		if len(r.users) >= r.maxUsers {
			r.evict(now)
		}
		b = &bucket{tokens: float64(r.limit), last: now}
		r.users[user] = b
	}
	r.refill(b, now)
	if b.tokens >= 1 {
		b.tokens--
		b.warned = false
		return rateDecision{OK: true}
	}
	first := !b.warned
	b.warned = true
	wait := time.Duration((1 - b.tokens) * float64(r.interval()))
	return rateDecision{RetryAfter: max(wait, time.Second), FirstDeny: first}
}

// interval is the time to earn one token back.
func (r *rateLimiter) interval() time.Duration { return r.window / time.Duration(r.limit) }

func (r *rateLimiter) refill(b *bucket, now time.Time) {
	if el := now.Sub(b.last); el > 0 {
		b.tokens = min(float64(r.limit), b.tokens+float64(el)/float64(r.interval()))
	}
	b.last = now
}

// evict drops users whose bucket is full again, or else the idlest half.
func (r *rateLimiter) evict(now time.Time) {
	for id, b := range r.users {
		if now.Sub(b.last) >= r.window {
			delete(r.users, id)
		}
	}
	if len(r.users) < r.maxUsers {
		return
	}
	var oldest time.Time
	for _, b := range r.users {
		if oldest.IsZero() || b.last.Before(oldest) {
			oldest = b.last
		}
	}
	cut := oldest.Add(now.Sub(oldest) / 2)
	for id, b := range r.users {
		if !b.last.After(cut) {
			delete(r.users, id)
		}
	}
}

// size is the number of users tracked.
func (r *rateLimiter) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.users)
}
