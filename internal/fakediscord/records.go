package fakediscord

import (
	"encoding/json"
	"fmt"
	"net/url"
	"time"
)

// Request is one REST request received by the fake.
type Request struct {
	Method     string
	Path       string // escaped path after /api/vN, e.g. "/channels/1/messages"
	APIVersion string // "9" for /api/v9
	Query      url.Values
	// Route is the matched Route* constant ("" for unexpected requests).
	Route string
	// Params holds the route's path parameters by name, e.g. "channel_id".
	Params      map[string]string
	ContentType string
	// Body is the decoded JSON body (map[string]any, []any, ...) or nil. For
	// multipart requests it is the decoded payload_json part.
	Body    any
	RawBody []byte
	Status  int // status code the fake answered with
	Time    time.Time
}

// Message returns the message object carried by the body: the body itself,
// or its "data" for interaction callbacks. It is nil when there is none.
func (r Request) Message() map[string]any {
	m, _ := r.Body.(map[string]any)
	if r.Route == RouteInteractionCallback {
		m, _ = m["data"].(map[string]any)
	}
	return m
}

// Content returns the message content carried by the body ("" if none).
func (r Request) Content() string {
	c, _ := r.Message()["content"].(string)
	return c
}

// JSON re-encodes Body, for test failure messages.
func (r Request) JSON() string {
	b, err := json.Marshal(r.Body)
	if err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	return string(b)
}

// Validation error sources.
const (
	SourceOpenAPI = "openapi" // Discord's OpenAPI description
	SourceLimits  = "limits"  // limits Discord enforces that the spec does not express
)

// ValidationError is one problem found in a REST request.
type ValidationError struct {
	Method  string
	Path    string
	Route   string
	Source  string // SourceOpenAPI or SourceLimits
	Message string
}

func (e ValidationError) String() string {
	return fmt.Sprintf("%s %s [%s]: %s", e.Method, e.Path, e.Source, e.Message)
}

// MentionViolation is a message-creating or -editing request whose body does
// not set allowed_mentions with an empty parse list.
type MentionViolation struct {
	Method string
	Path   string
	Route  string
	Reason string
}

func (v MentionViolation) String() string {
	return fmt.Sprintf("%s %s: %s", v.Method, v.Path, v.Reason)
}

// Identify is a recorded gateway IDENTIFY (op 2). The token is not kept.
type Identify struct {
	Intents        int
	HasIntents     bool    // false when the payload had no intents field
	Shard          *[2]int // nil when not sharded
	Compress       bool
	LargeThreshold int
	Properties     map[string]string
	Time           time.Time
}

// Resume is a recorded gateway RESUME (op 6).
type Resume struct {
	SessionID string
	Seq       int64
	Accepted  bool // false: the fake answered INVALID_SESSION
	Time      time.Time
}
