package llm

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// callInfo records what the HTTP transport saw during one call: go-openai's
// errors do not expose response headers, and we want Retry-After.
type callInfo struct {
	mu         sync.Mutex
	sent       bool
	status     int
	retryAfter time.Duration
}

func (ci *callInfo) snapshot() (status int, retryAfter time.Duration, sent bool) {
	ci.mu.Lock()
	defer ci.mu.Unlock()
	return ci.status, ci.retryAfter, ci.sent
}

type callInfoKey struct{}

func withCallInfo(ctx context.Context, ci *callInfo) context.Context {
	return context.WithValue(ctx, callInfoKey{}, ci)
}

// recordingTransport fills the callInfo found in the request's context.
type recordingTransport struct {
	base http.RoundTripper
	now  func() time.Time
}

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ci, _ := req.Context().Value(callInfoKey{}).(*callInfo)
	if ci != nil {
		ci.mu.Lock()
		ci.sent = true
		ci.mu.Unlock()
	}
	resp, err := t.base.RoundTrip(req)
	if ci != nil && resp != nil {
		ra := parseRetryAfter(resp.Header.Get("Retry-After"), t.now())
		ci.mu.Lock()
		ci.status = resp.StatusCode
		ci.retryAfter = ra
		ci.mu.Unlock()
	}
	return resp, err
}

// parseRetryAfter understands both forms of Retry-After: delay in seconds
// and HTTP date. It returns 0 when the header is absent or invalid.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if when, err := http.ParseTime(v); err == nil {
		if d := when.Sub(now); d > 0 {
			return d.Round(time.Second)
		}
	}
	return 0
}
