package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Sentinel errors. Every error returned by a Client call wraps exactly one of
// them (or context.Canceled when the caller cancelled), test with errors.Is.
var (
	// ErrTimeout: the call did not finish within Config.Timeout (or the
	// caller's deadline). Also wraps context.DeadlineExceeded.
	ErrTimeout = errors.New("llm: timeout")
	// ErrRateLimited: the server answered 429 Too Many Requests. See
	// (*Error).RetryAfter.
	ErrRateLimited = errors.New("llm: rate limited")
	// ErrServer: the server answered with a 5xx status or reported an error
	// in the middle of a stream.
	ErrServer = errors.New("llm: server error")
	// ErrEmptyAnswer: the server answered but the text is empty or only
	// whitespace.
	ErrEmptyAnswer = errors.New("llm: empty answer")
	// ErrMalformed: the response could not be parsed or lacks required parts.
	ErrMalformed = errors.New("llm: malformed response")
	// ErrCircuitOpen: the circuit breaker is open, the server was not
	// called. See (*Error).RetryAfter for the remaining cool-down.
	ErrCircuitOpen = errors.New("llm: circuit open")
	// ErrUnavailable: the server could not be reached (connection refused,
	// DNS failure, connection reset, ...).
	ErrUnavailable = errors.New("llm: server unavailable")
	// ErrBadRequest: the server rejected the request with a 4xx status other
	// than 429 (bad model name, bad API key, context too long, ...), or the
	// request was rejected before being sent.
	ErrBadRequest = errors.New("llm: request rejected")
	// ErrEmbeddingsDisabled: Embed was called but Config.EmbeddingsModel is
	// empty.
	ErrEmbeddingsDisabled = errors.New("llm: embeddings model not configured")
)

// Error is the error type returned by Client calls. Its message never
// contains the API key.
type Error struct {
	// Op is the operation: "chat", "chat stream" or "embed".
	Op string
	// Kind is the sentinel error this error wraps (one of the Err*
	// variables, or context.Canceled when the caller cancelled).
	Kind error
	// StatusCode is the HTTP status of the response, 0 when none was received.
	StatusCode int
	// RetryAfter is the delay the server asked for (Retry-After header on a
	// 429 or 503), or the remaining cool-down for ErrCircuitOpen. 0 if unknown.
	RetryAfter time.Duration

	detail string // already scrubbed
	cause  error  // only context errors are kept, never go-openai's values
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("llm: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(strings.TrimPrefix(e.Kind.Error(), "llm: "))
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.StatusCode)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.detail != "" {
		b.WriteString(": ")
		b.WriteString(e.detail)
	}
	return b.String()
}

// Unwrap returns the sentinel and, for timeouts and cancellations, the
// context error.
func (e *Error) Unwrap() []error {
	if e.cause != nil {
		return []error{e.Kind, e.cause}
	}
	return []error{e.Kind}
}

// outcome tells the circuit breaker what a call says about the server.
type outcome int

const (
	healthy outcome = iota // the server answered (even if the answer is unusable)
	failed                 // counts towards opening the breaker
	neutral                // says nothing about the server (caller cancelled)
)

// classify turns an error from go-openai (or the HTTP stack) into an *Error.
// parent is the caller's context, call the per-call context derived from it
// (bounded by Config.Timeout), info what the transport saw.
func (c *Client) classify(op string, err error, parent, call context.Context, info *callInfo) (*Error, outcome) {
	status, retryAfter, sent := info.snapshot()
	e := &Error{Op: op, RetryAfter: retryAfter}

	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr) && apiErr.HTTPStatusCode != 0:
		e.StatusCode = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr) && reqErr.HTTPStatusCode != 0:
		e.StatusCode = reqErr.HTTPStatusCode
	case status >= 400:
		e.StatusCode = status
	}

	if e.StatusCode == 0 && parent.Err() != nil {
		// The caller gave up: cancelled, or its own deadline expired.
		e.cause = parent.Err()
		e.Kind = ErrTimeout
		if errors.Is(e.cause, context.Canceled) {
			e.Kind = context.Canceled
		}
		e.RetryAfter = 0
		return e, neutral
	}

	out := failed
	switch code := e.StatusCode; {
	case code == 429:
		e.Kind = ErrRateLimited
	case code == 408:
		e.Kind = ErrTimeout
	case code >= 500:
		e.Kind = ErrServer
	case code >= 400:
		e.Kind = ErrBadRequest
		out = healthy
	case errors.Is(call.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) || isNetTimeout(err):
		e.Kind = ErrTimeout
		e.cause = context.DeadlineExceeded
	case apiErr != nil:
		// An error object inside a 200 stream.
		e.Kind = ErrServer
	case isMalformed(err):
		e.Kind = ErrMalformed
	case !sent:
		// go-openai refused the request before sending it.
		e.Kind = ErrBadRequest
		out = healthy
	default:
		e.Kind = ErrUnavailable
	}
	if e.Kind != ErrRateLimited && e.StatusCode != 503 {
		e.RetryAfter = 0
	}
	e.detail = c.scrub.clean(errorDetail(err, apiErr))
	return e, out
}

// errorDetail extracts the most useful message: the server's own message when
// there is one (avoids repeating status codes and bodies).
func errorDetail(err error, apiErr *openai.APIError) string {
	if apiErr != nil && apiErr.Message != "" {
		return apiErr.Message
	}
	return err.Error()
}

func isNetTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isMalformed(err error) bool {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	return errors.As(err, &syntaxErr) || errors.As(err, &typeErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, openai.ErrTooManyEmptyStreamMessages)
}

// newError builds an *Error for problems detected by this package itself.
func (c *Client) newError(op string, kind error, format string, args ...any) *Error {
	return &Error{Op: op, Kind: kind, detail: c.scrub.clean(fmt.Sprintf(format, args...))}
}

// maxDetail bounds the length of the server-provided part of an error message.
const maxDetail = 300

var (
	bearerRe = regexp.MustCompile(`(?i)(bearer\s+)[^\s"',;]+`)
	skKeyRe  = regexp.MustCompile(`sk-[A-Za-z0-9_\-]{12,}`)
)

// scrubber removes secrets from text that may have come from the server or
// from the HTTP stack.
type scrubber struct {
	secrets []string // the API key and the URL password, when long enough
	weak    []string // secrets too short to replace without mangling text
}

func newScrubber(apiKey, baseURL string) scrubber {
	var s scrubber
	add := func(secret string) {
		switch {
		case secret == "":
		case len(secret) < 4:
			s.weak = append(s.weak, secret)
		default:
			s.secrets = append(s.secrets, secret)
		}
	}
	add(apiKey)
	if i := strings.Index(baseURL, "://"); i >= 0 {
		rest := baseURL[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if colon := strings.Index(rest[:at], ":"); colon >= 0 {
				add(rest[colon+1 : at])
			}
		}
	}
	return s
}

// redact replaces every secret, weak ones included, without truncating.
// It is meant for our own short strings (String methods).
func (s scrubber) redact(text string) string {
	for _, list := range [][]string{s.secrets, s.weak} {
		for _, secret := range list {
			text = strings.ReplaceAll(text, secret, "[REDACTED]")
		}
	}
	return text
}

// clean scrubs secrets, then truncates.
// When a secret is too short to be replaced safely, the whole text is dropped.
func (s scrubber) clean(text string) string {
	if len(s.weak) > 0 {
		return ""
	}
	for _, secret := range s.secrets {
		text = strings.ReplaceAll(text, secret, "[REDACTED]")
	}
	text = bearerRe.ReplaceAllString(text, "${1}[REDACTED]")
	text = skKeyRe.ReplaceAllString(text, "sk-[REDACTED]")
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > maxDetail {
		cut := maxDetail
		for cut > 0 && !isRuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
