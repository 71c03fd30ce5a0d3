package fakeopenai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Paths served by the fake.
const (
	pathChat       = string(Chat)
	pathEmbeddings = string(Embeddings)
	pathModels     = "/v1/models"
)

// Endpoint names a scriptable endpoint.
type Endpoint string

// Scriptable endpoints.
const (
	Chat       Endpoint = "/v1/chat/completions"
	Embeddings Endpoint = "/v1/embeddings"
)

// Default values of the options.
const (
	DefaultReply        = "OK"
	DefaultEmbeddingDim = 64
)

// Response scripts the fake's answer to one request.
//
// The zero value answers 200 with empty content on the chat endpoint and
// with normal embeddings on the embeddings endpoint.
type Response struct {
	// Status is the HTTP status; 0 means 200. A status >= 400 sends an
	// OpenAI-style error body {"error": {...}} unless Raw is set.
	Status int
	// Header holds extra response headers (e.g. Retry-After).
	Header http.Header
	// Text is the assistant's answer (chat only).
	Text string
	// Chunks, for streaming requests, are the pieces of the answer sent one
	// per SSE event. Nil means Text cut into up to three pieces.
	Chunks []string
	// ChunkDelay is the pause before each streamed piece after the first.
	ChunkDelay time.Duration
	// BeforeChunk, if set, is called before streamed piece i is sent (after
	// ChunkDelay), so that a test can wait for what the client did with
	// the pieces before it.
	BeforeChunk func(i int)
	// Raw, when non-empty, is written verbatim as the body instead of a
	// well-formed answer, for streaming requests too.
	Raw string
	// Hang makes the fake block until the client gives up or the server is
	// closed. For streaming requests the pieces of the answer, if any, are
	// sent first (a stream that stalls midway).
	Hang bool
}

// Request is one request received by the fake.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
	// Chat is the decoded body of a chat completion request, nil otherwise
	// or when the body could not be decoded.
	Chat *ChatRequest
	// Embeddings is the decoded body of an embeddings request.
	Embeddings *EmbeddingsRequest
	// Validated is true when the body was checked against the spec.
	Validated bool
	// ValidationErrors lists the problems found with this request.
	ValidationErrors []string
}

// ChatRequest is the part of a chat completion request the fake understands.
type ChatRequest struct {
	Model               string        `json:"model"`
	Messages            []ChatMessage `json:"messages"`
	Stream              bool          `json:"stream"`
	MaxTokens           *int          `json:"max_tokens"`
	MaxCompletionTokens *int          `json:"max_completion_tokens"`
	Temperature         *float64      `json:"temperature"`
	StreamOptions       *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
}

// ChatMessage is one message of a ChatRequest. Content given as an array of
// parts is flattened to the concatenation of its text parts.
type ChatMessage struct {
	Role    string
	Content string
}

// UnmarshalJSON accepts content as a string or as an array of parts.
func (m *ChatMessage) UnmarshalJSON(b []byte) error {
	var raw struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Role = raw.Role
	m.Content = ""
	if len(raw.Content) == 0 || string(raw.Content) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw.Content, &m.Content); err == nil {
		return nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(raw.Content, &parts); err != nil {
		return fmt.Errorf("content is neither a string nor an array of parts: %w", err)
	}
	for _, p := range parts {
		m.Content += p.Text
	}
	return nil
}

// EmbeddingsRequest is the part of an embeddings request the fake
// understands. Input given as a single string becomes a one-element slice.
type EmbeddingsRequest struct {
	Model          string   `json:"model"`
	Input          []string `json:"-"`
	EncodingFormat string   `json:"encoding_format"`
	Dimensions     *int     `json:"dimensions"`
}

// UnmarshalJSON accepts input as a string or an array of strings.
func (e *EmbeddingsRequest) UnmarshalJSON(b []byte) error {
	type plain EmbeddingsRequest
	var raw struct {
		plain
		Input json.RawMessage `json:"input"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*e = EmbeddingsRequest(raw.plain)
	var one string
	if err := json.Unmarshal(raw.Input, &one); err == nil {
		e.Input = []string{one}
		return nil
	}
	if err := json.Unmarshal(raw.Input, &e.Input); err != nil {
		return fmt.Errorf("input is neither a string nor an array of strings (token input is not supported): %w", err)
	}
	return nil
}

// Option configures a Server.
type Option func(*options)

type options struct {
	apiKey       string
	echoKey      bool
	embeddingDim int
	models       []string
	defaultReply string
	lenient      bool
}

// WithAPIKey makes the fake require "Authorization: Bearer <key>" and answer
// 401 otherwise.
func WithAPIKey(key string) Option { return func(o *options) { o.apiKey = key } }

// WithKeyEcho makes every error body quote the request's Authorization
// header, like a careless proxy would: it lets tests prove that clients
// scrub keys from error messages.
func WithKeyEcho() Option { return func(o *options) { o.echoKey = true } }

// WithEmbeddingDim sets the dimension of the embeddings (default 64). A
// request's "dimensions" field overrides it.
func WithEmbeddingDim(n int) Option { return func(o *options) { o.embeddingDim = n } }

// WithModels sets the model ids listed by GET /v1/models.
func WithModels(ids ...string) Option { return func(o *options) { o.models = ids } }

// WithDefaultReply sets the chat answer used when nothing is scripted
// (default "OK").
func WithDefaultReply(text string) Option { return func(o *options) { o.defaultReply = text } }

// WithLenientValidation stops the fake from failing the test, at cleanup,
// when requests violated the spec. The violations are still recorded.
func WithLenientValidation() Option { return func(o *options) { o.lenient = true } }

// Server is an in-process fake of an OpenAI-compatible API. Its methods are
// safe for concurrent use.
type Server struct {
	t        testing.TB
	opts     options
	srv      *httptest.Server
	spec     *spec
	skipped  string
	closing  chan struct{}
	stopOnce sync.Once

	mu         sync.Mutex
	queues     map[Endpoint][]Response
	hook       func(Request) *Response
	requests   []Request
	validation []string
	seq        int
}

// New starts a fake server, closed automatically when the test ends. Unless
// WithLenientValidation is given, the test fails at cleanup if any request
// violated OpenAI's spec. When ../shared is absent the spec check is skipped
// (see SpecSkipped) and the rest works as usual.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	o := options{
		embeddingDim: DefaultEmbeddingDim,
		models:       []string{"fake-chat", "fake-embed"},
		defaultReply: DefaultReply,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if o.embeddingDim <= 0 {
		t.Fatalf("fakeopenai: embedding dimension %d must be positive", o.embeddingDim)
	}
	res := loadSpecOnce()
	if res.err != nil {
		t.Fatalf("fakeopenai: loading OpenAI spec: %v", res.err)
	}
	s := &Server{
		t:       t,
		opts:    o,
		spec:    res.spec,
		skipped: res.skipped,
		closing: make(chan struct{}),
		queues:  make(map[Endpoint][]Response),
	}
	if s.skipped != "" {
		t.Log(s.skipped)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		s.Close()
		if s.opts.lenient {
			return
		}
		for _, v := range s.ValidationErrors() {
			t.Errorf("fakeopenai: %s", v)
		}
	})
	return s
}

// URL returns the base URL of the API, ending in /v1.
func (s *Server) URL() string { return s.srv.URL + "/v1" }

// Close stops the server (clients then get connection errors) and releases
// hanging requests. It is called automatically at the end of the test.
func (s *Server) Close() {
	s.stopOnce.Do(func() {
		close(s.closing)
		s.srv.Close()
	})
}

// SpecSkipped returns why requests are not validated against the spec, or
// "" when they are.
func (s *Server) SpecSkipped() string { return s.skipped }

// SpecLoadTime returns how long loading the spec took (once per process),
// 0 when it was skipped.
func (s *Server) SpecLoadTime() time.Duration {
	if s.spec == nil {
		return 0
	}
	return s.spec.loadTime
}

// Enqueue scripts the next responses of an endpoint, in order. Each queued
// response answers one request; when the queue is empty the hook (see
// Handle), then the default behaviour applies.
func (s *Server) Enqueue(ep Endpoint, rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queues[ep] = append(s.queues[ep], rs...)
}

// Reply queues a chat answer with the given text (streamed in up to three
// pieces for streaming requests).
func (s *Server) Reply(text string) { s.Enqueue(Chat, Response{Text: text}) }

// ReplyStream queues a chat answer sent as the given pieces, with delay
// between them, for streaming requests (non-streaming requests get the
// concatenation).
func (s *Server) ReplyStream(delay time.Duration, chunks ...string) {
	s.Enqueue(Chat, Response{Text: strings.Join(chunks, ""), Chunks: chunks, ChunkDelay: delay})
}

// Fail queues n chat failures with the given HTTP status. 429 and 503
// answers carry "Retry-After: 1".
func (s *Server) Fail(status, n int) {
	for range n {
		s.Enqueue(Chat, failure(status))
	}
}

// FailEmbeddings is Fail for the embeddings endpoint.
func (s *Server) FailEmbeddings(status, n int) {
	for range n {
		s.Enqueue(Embeddings, failure(status))
	}
}

func failure(status int) Response {
	r := Response{Status: status}
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		r.Header = http.Header{"Retry-After": []string{"1"}}
	}
	return r
}

// Garbage queues a chat answer whose body is not valid JSON (nor a valid
// event stream).
func (s *Server) Garbage() {
	s.Enqueue(Chat, Response{Raw: "data: {\"choices\": [garbage\n\n<html>502 Bad Gateway</html>\n"})
}

// Hang queues a chat request that never gets an answer: the fake blocks
// until the client gives up or the server is closed.
func (s *Server) Hang() { s.Enqueue(Chat, Response{Hang: true}) }

// Handle sets a hook consulted when an endpoint's queue is empty. It gets
// every chat and embeddings request; returning nil selects the default
// behaviour. It is called without locks held and may use the Server.
func (s *Server) Handle(hook func(Request) *Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = hook
}

// Requests returns a copy of the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ValidationErrors returns every problem found with requests so far: spec
// violations, bodies that are not JSON, wrong content types and requests to
// endpoints the fake does not serve.
func (s *Server) ValidationErrors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.validation...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "reading body: "+err.Error(), http.StatusBadRequest)
		return
	}
	req := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	ep := Endpoint("")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == string(Chat):
		ep = Chat
		req.Chat = new(ChatRequest)
		s.checkBody(&req, req.Chat)
	case r.Method == http.MethodPost && r.URL.Path == string(Embeddings):
		ep = Embeddings
		req.Embeddings = new(EmbeddingsRequest)
		s.checkBody(&req, req.Embeddings)
	case r.Method == http.MethodGet && r.URL.Path == pathModels:
	default:
		req.ValidationErrors = append(req.ValidationErrors,
			fmt.Sprintf("unexpected request %s %s: not served by the fake", r.Method, r.URL.Path))
	}

	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.validation = append(s.validation, req.ValidationErrors...)
	s.seq++
	id := s.seq
	var resp *Response
	if q := s.queues[ep]; ep != "" && len(q) > 0 {
		resp = &q[0]
		s.queues[ep] = q[1:]
	}
	hook := s.hook
	s.mu.Unlock()

	if ep == "" && r.URL.Path != pathModels {
		s.writeError(w, r, http.StatusNotFound, "not_found", "unknown endpoint "+r.Method+" "+r.URL.Path)
		return
	}
	if s.opts.apiKey != "" && r.Header.Get("Authorization") != "Bearer "+s.opts.apiKey {
		s.writeError(w, r, http.StatusUnauthorized, "invalid_request_error",
			"Incorrect API key provided: "+maskKey(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")))
		return
	}
	if r.URL.Path == pathModels {
		s.writeModels(w)
		return
	}
	if resp == nil && hook != nil {
		resp = hook(req)
	}
	if resp == nil {
		resp = &Response{Text: s.opts.defaultReply}
	}
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	switch {
	case resp.Raw != "":
		status := resp.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, resp.Raw)
		if resp.Hang {
			s.hang(r)
		}
	case resp.Status >= 400:
		s.writeError(w, r, resp.Status, errorType(resp.Status), fmt.Sprintf("fake failure %d", resp.Status))
	case resp.Hang && !(ep == Chat && req.Chat != nil && req.Chat.Stream):
		s.hang(r)
	case ep == Embeddings:
		s.writeEmbeddings(w, r, req.Embeddings)
	case req.Chat != nil && req.Chat.Stream:
		s.writeStream(w, r, id, req.Chat, resp)
	default:
		s.writeChat(w, id, req.Chat, resp.Text)
	}
}

// checkBody checks the content type, decodes the body into dst and validates
// it against the spec.
func (s *Server) checkBody(req *Request, dst any) {
	what := req.Method + " " + req.Path
	if mt, _, err := mime.ParseMediaType(req.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		req.ValidationErrors = append(req.ValidationErrors,
			fmt.Sprintf("%s: Content-Type is %q, want application/json", what, req.Header.Get("Content-Type")))
	}
	if err := json.Unmarshal(req.Body, dst); err != nil {
		req.ValidationErrors = append(req.ValidationErrors, fmt.Sprintf("%s: body is not a valid request: %v", what, err))
		switch dst.(type) {
		case *ChatRequest:
			req.Chat = nil
		case *EmbeddingsRequest:
			req.Embeddings = nil
		}
	}
	if s.spec != nil {
		req.Validated = true
		req.ValidationErrors = append(req.ValidationErrors, s.spec.validateRequest(req.Path, req.Body)...)
	}
}

// hang blocks until the client goes away or the server closes.
func (s *Server) hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.closing:
	}
}

// sleep waits for d unless the client goes away or the server closes; it
// reports whether the wait completed.
func (s *Server) sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-r.Context().Done():
	case <-s.closing:
	}
	return false
}

func errorType(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "rate_limit_exceeded"
	case status >= 500:
		return "server_error"
	default:
		return "invalid_request_error"
	}
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int, typ, msg string) {
	if s.opts.echoKey {
		msg += fmt.Sprintf(" (request had Authorization: %q)", r.Header.Get("Authorization"))
	}
	writeJSON(w, status, map[string]any{
		"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": nil},
	})
}

// maskKey hides a key the way OpenAI does in its 401 messages.
func maskKey(key string) string {
	if len(key) <= 8 {
		return strings.Repeat("*", len(key))
	}
	return key[:3] + strings.Repeat("*", len(key)-7) + key[len(key)-4:]
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) writeModels(w http.ResponseWriter) {
	data := make([]map[string]any, 0, len(s.opts.models))
	for _, id := range s.opts.models {
		data = append(data, map[string]any{"id": id, "object": "model", "created": 1700000000, "owned_by": "fakeopenai"})
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data})
}

func modelOf(req *ChatRequest) string {
	if req == nil || req.Model == "" {
		return "fake-chat"
	}
	return req.Model
}

func usage(req *ChatRequest, answer string) map[string]any {
	prompt := 0
	if req != nil {
		for _, m := range req.Messages {
			prompt += countTokens(m.Content)
		}
	}
	completion := countTokens(answer)
	return map[string]any{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
}

// countTokens approximates a token count with a word count.
func countTokens(s string) int { return len(strings.Fields(s)) }

func (s *Server) writeChat(w http.ResponseWriter, id int, req *ChatRequest, text string) {
	writeJSON(w, http.StatusOK, map[string]any{
		"id":      fmt.Sprintf("chatcmpl-fake-%d", id),
		"object":  "chat.completion",
		"created": time.Now().Unix(),
		"model":   modelOf(req),
		"choices": []any{map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": text, "refusal": nil, "annotations": []any{}},
			"logprobs":      nil,
			"finish_reason": "stop",
		}},
		"usage": usage(req, text),
	})
}

func (s *Server) writeStream(w http.ResponseWriter, r *http.Request, id int, req *ChatRequest, resp *Response) {
	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	created := time.Now().Unix()
	event := func(choices []any, extra map[string]any) {
		chunk := map[string]any{
			"id":      fmt.Sprintf("chatcmpl-fake-%d", id),
			"object":  "chat.completion.chunk",
			"created": created,
			"model":   modelOf(req),
			"choices": choices,
		}
		for k, v := range extra {
			chunk[k] = v
		}
		b, _ := json.Marshal(chunk)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if flusher != nil {
			flusher.Flush()
		}
	}
	delta := func(d map[string]any, finish any) []any {
		return []any{map[string]any{"index": 0, "delta": d, "logprobs": nil, "finish_reason": finish}}
	}

	chunks := resp.Chunks
	if chunks == nil {
		chunks = splitText(resp.Text, 3)
	}
	event(delta(map[string]any{"role": "assistant", "content": ""}, nil), nil)
	for i, c := range chunks {
		if i > 0 && !s.sleep(r, resp.ChunkDelay) {
			return
		}
		if resp.BeforeChunk != nil {
			resp.BeforeChunk(i)
		}
		event(delta(map[string]any{"content": c}, nil), nil)
	}
	if resp.Hang {
		s.hang(r)
		return
	}
	event(delta(map[string]any{}, "stop"), nil)
	if req.StreamOptions != nil && req.StreamOptions.IncludeUsage {
		event([]any{}, map[string]any{"usage": usage(req, strings.Join(chunks, ""))})
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}

// splitText cuts text into at most n non-empty pieces of similar length, on
// rune boundaries; their concatenation is text.
func splitText(text string, n int) []string {
	runes := utf8.RuneCountInString(text)
	if runes == 0 {
		return nil
	}
	n = min(n, runes)
	var out []string
	rest := text
	for i := n; i > 0; i-- {
		size := utf8.RuneCountInString(rest) / i
		cut := 0
		for range size {
			_, w := utf8.DecodeRuneInString(rest[cut:])
			cut += w
		}
		out = append(out, rest[:cut])
		rest = rest[cut:]
	}
	return out
}

func (s *Server) writeEmbeddings(w http.ResponseWriter, r *http.Request, req *EmbeddingsRequest) {
	if req == nil {
		s.writeError(w, r, http.StatusBadRequest, "invalid_request_error", "could not parse the request body")
		return
	}
	dim := s.opts.embeddingDim
	if req.Dimensions != nil && *req.Dimensions > 0 {
		dim = *req.Dimensions
	}
	data := make([]any, len(req.Input))
	tokens := 0
	for i, text := range req.Input {
		vec := HashEmbedding(text, dim)
		var emb any = vec
		if req.EncodingFormat == "base64" {
			emb = encodeBase64(vec)
		}
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": emb}
		tokens += countTokens(text)
	}
	model := req.Model
	if model == "" {
		model = "fake-embed"
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"object": "list",
		"data":   data,
		"model":  model,
		"usage":  map[string]any{"prompt_tokens": tokens, "total_tokens": tokens},
	})
}
