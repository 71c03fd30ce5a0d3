package llm

import (
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestScrubber(t *testing.T) {
	const key = "ollama-SECRET-0123456789"
	s := newScrubber(key, "https://bob:hunter2pass@proxy.example/v1")
	tests := []struct {
		in, mustNot, must string
	}{
		{"key echoed: " + key + " end", "SECRET-0123", "[REDACTED]"},
		{`header "Authorization: Bearer some-other-token-42"`, "some-other-token-42", "Bearer [REDACTED]"},
		{"foreign key sk-proj-abcdefghijklmnop1234 seen", "abcdefghijklmnop1234", "sk-[REDACTED]"},
		{`Post "https://bob:hunter2pass@proxy.example/v1/chat/completions": EOF`, "hunter2pass", "proxy.example"},
		{"Incorrect API key provided: sk-***********6789", "SECRET", "Incorrect API key provided"},
	}
	for _, tt := range tests {
		got := s.clean(tt.in)
		if strings.Contains(got, tt.mustNot) || !strings.Contains(got, tt.must) {
			t.Errorf("clean(%q) = %q; must not contain %q, must contain %q", tt.in, got, tt.mustNot, tt.must)
		}
	}

	long := strings.Repeat("é", 400) + key
	if got := s.clean(long); len(got) > maxDetail+len("…") || !utf8.ValidString(got) || strings.Contains(got, "SECRET") {
		t.Errorf("long text not truncated cleanly: %d bytes, valid UTF-8 %v", len(got), utf8.ValidString(got))
	}
	// A key cut by truncation must not leak its beginning: scrub happens first.
	cut := strings.Repeat("x", maxDetail-5) + key
	if got := s.clean(cut); strings.Contains(got, "ollam") {
		t.Errorf("truncation left part of the key: %q", got)
	}

	weak := newScrubber("abc", "")
	if got := weak.clean("message with abc inside"); got != "" {
		t.Errorf("a key too short to replace must drop the detail, got %q", got)
	}
	if got := weak.redact("http://abc.example"); strings.Contains(got, "abc") {
		t.Errorf("redact kept a weak key: %q", got)
	}
}

func TestErrorString(t *testing.T) {
	e := &Error{Op: "chat", Kind: ErrRateLimited, StatusCode: 429, RetryAfter: 2 * time.Second, detail: "slow down"}
	if got, want := e.Error(), "llm: chat: rate limited (HTTP 429) (retry after 2s): slow down"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 4, 23, 10, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Thu, 23 Apr 2026 10:00:30 GMT": 30 * time.Second,
		"Thu, 23 Apr 2026 09:00:00 GMT": 0,
	}
	for in, want := range tests {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

// Only one probe may be in flight once the cool-down has elapsed; a neutral
// outcome frees the slot without closing the breaker.
func TestBreakerSingleProbe(t *testing.T) {
	now := time.Unix(0, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	var changes []bool
	b := newBreaker(2, time.Second, clock, func(open bool) { changes = append(changes, open) })
	for range 2 {
		ok, _, _ := b.allow()
		if !ok {
			t.Fatal("closed breaker refused a call")
		}
		b.done(false, failed)
	}
	if ok, _, wait := b.allow(); ok || wait != time.Second {
		t.Fatalf("open breaker: ok=%v wait=%v", ok, wait)
	}
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()

	var wg sync.WaitGroup
	var probes sync.Map
	for i := range 10 {
		wg.Go(func() {
			if ok, probe, _ := b.allow(); ok {
				probes.Store(i, probe)
			}
		})
	}
	wg.Wait()
	count := 0
	probes.Range(func(_, v any) bool {
		count++
		if !v.(bool) {
			t.Error("a call other than the probe was admitted")
		}
		return true
	})
	if count != 1 {
		t.Fatalf("%d calls admitted during half-open, want 1", count)
	}
	b.done(true, neutral)
	if !b.isOpen() {
		t.Fatal("neutral probe closed the breaker")
	}
	ok, probe, _ := b.allow()
	if !ok || !probe {
		t.Fatal("probe slot not freed by a neutral outcome")
	}
	b.done(true, healthy)
	if b.isOpen() || len(changes) != 2 || !changes[0] || changes[1] {
		t.Errorf("open=%v changes=%v, want closed and [true false]", b.isOpen(), changes)
	}
}
