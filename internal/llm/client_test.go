package llm_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/fakeopenai"
	"github.com/articlebot/articlebot/internal/llm"
)

const testKey = "sk-test-SECRET0123456789abcdefXYZ"

var question = []llm.Message{
	{Role: llm.RoleSystem, Content: "Réponds en français en citant tes sources [n]."},
	{Role: llm.RoleUser, Content: "Quand a eu lieu la visioconférence ?"},
}

// fakeClock is an injectable clock for the circuit breaker.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2026, 4, 23, 10, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newFake starts a fake that requires testKey and echoes the Authorization
// header in its error bodies, so that every error test also proves the key
// is scrubbed.
func newFake(t *testing.T, opts ...fakeopenai.Option) *fakeopenai.Server {
	t.Helper()
	return fakeopenai.New(t, append([]fakeopenai.Option{fakeopenai.WithAPIKey(testKey), fakeopenai.WithKeyEcho()}, opts...)...)
}

func newClient(t *testing.T, srv *fakeopenai.Server, edit func(*llm.Config)) *llm.Client {
	t.Helper()
	cfg := llm.Config{
		BaseURL:         srv.URL(),
		APIKey:          testKey,
		Model:           "gpt-4o-mini",
		EmbeddingsModel: "text-embedding-3-small",
		Timeout:         5 * time.Second,
		MaxTokens:       300,
		Temperature:     0.2,
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := llm.New(cfg)
	if err != nil {
		t.Fatalf("llm.New: %v", err)
	}
	return c
}

// checkNoKey fails if the key shows up in err, whichever way it is printed.
func checkNoKey(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		if strings.Contains(s, testKey) || strings.Contains(s, "SECRET0123") {
			t.Errorf("API key leaked in error: %s", s)
		}
	}
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), "SECRET0123") {
			t.Errorf("API key leaked in wrapped error: %s", e)
		}
	}
	var le *llm.Error
	if errors.As(err, &le) {
		for _, e := range le.Unwrap() {
			if strings.Contains(e.Error(), "SECRET0123") {
				t.Errorf("API key leaked in wrapped error: %s", e)
			}
		}
	}
}

type chatFunc func(c *llm.Client, ctx context.Context) (string, []string, error)

var chatModes = map[string]chatFunc{
	"chat": func(c *llm.Client, ctx context.Context) (string, []string, error) {
		text, err := c.Chat(ctx, question)
		return text, nil, err
	},
	"stream": func(c *llm.Client, ctx context.Context) (string, []string, error) {
		var deltas []string
		text, err := c.ChatStream(ctx, question, func(d string) { deltas = append(deltas, d) })
		return text, deltas, err
	},
}

func TestChatOutcomes(t *testing.T) {
	tests := []struct {
		name           string
		script         func(s *fakeopenai.Server)
		edit           func(*llm.Config)
		wantText       string
		wantErr        error // nil for success
		wantStatus     int
		wantRetryAfter time.Duration
	}{
		{name: "success with citation", script: func(s *fakeopenai.Server) {
			s.Reply("La visioconférence a eu lieu le 23 avril [1].")
		}, wantText: "La visioconférence a eu lieu le 23 avril [1]."},
		{name: "wrong number is passed through", script: func(s *fakeopenai.Server) {
			s.Reply("Elle a eu lieu le 32 avril [1].")
		}, wantText: "Elle a eu lieu le 32 avril [1]."},
		{name: "bogus citation is passed through", script: func(s *fakeopenai.Server) {
			s.Reply("Le 23 avril [9].")
		}, wantText: "Le 23 avril [9]."},
		{name: "429 rate limited", script: func(s *fakeopenai.Server) { s.Fail(429, 1) },
			wantErr: llm.ErrRateLimited, wantStatus: 429, wantRetryAfter: time.Second},
		{name: "500 server error", script: func(s *fakeopenai.Server) { s.Fail(500, 1) },
			wantErr: llm.ErrServer, wantStatus: 500},
		{name: "503 with retry-after", script: func(s *fakeopenai.Server) { s.Fail(503, 1) },
			wantErr: llm.ErrServer, wantStatus: 503, wantRetryAfter: time.Second},
		{name: "hang times out", script: func(s *fakeopenai.Server) { s.Hang() },
			edit: func(c *llm.Config) { c.Timeout = 200 * time.Millisecond }, wantErr: llm.ErrTimeout},
		{name: "empty content", script: func(s *fakeopenai.Server) { s.Reply("") }, wantErr: llm.ErrEmptyAnswer},
		{name: "whitespace content", script: func(s *fakeopenai.Server) { s.Reply(" \n\t ") }, wantErr: llm.ErrEmptyAnswer},
		{name: "garbage", script: func(s *fakeopenai.Server) { s.Garbage() }, wantErr: llm.ErrMalformed},
		{name: "valid JSON without choices", script: func(s *fakeopenai.Server) {
			s.Enqueue(fakeopenai.Chat, fakeopenai.Response{Raw: `{"id":"x","object":"chat.completion","choices":[]}`})
		}, wantErr: llm.ErrMalformed},
		{name: "wrong API key", edit: func(c *llm.Config) { c.APIKey = "sk-wrong-SECRET0123456789" },
			wantErr: llm.ErrBadRequest, wantStatus: 401},
		{name: "400 bad request", script: func(s *fakeopenai.Server) { s.Fail(400, 1) },
			wantErr: llm.ErrBadRequest, wantStatus: 400},
	}
	for mode, call := range chatModes {
		for _, tt := range tests {
			t.Run(mode+"/"+tt.name, func(t *testing.T) {
				srv := newFake(t)
				if tt.script != nil {
					tt.script(srv)
				}
				c := newClient(t, srv, tt.edit)
				text, _, err := call(c, context.Background())
				checkNoKey(t, err)
				if tt.wantErr == nil {
					if err != nil {
						t.Fatalf("unexpected error: %v", err)
					}
					if text != tt.wantText {
						t.Errorf("text = %q, want %q", text, tt.wantText)
					}
					return
				}
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error = %v, want %v", err, tt.wantErr)
				}
				var le *llm.Error
				if !errors.As(err, &le) {
					t.Fatalf("error %T is not an *llm.Error", err)
				}
				if le.StatusCode != tt.wantStatus || le.RetryAfter != tt.wantRetryAfter {
					t.Errorf("StatusCode, RetryAfter = %d, %v; want %d, %v", le.StatusCode, le.RetryAfter, tt.wantStatus, tt.wantRetryAfter)
				}
				if tt.wantErr == llm.ErrTimeout && !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("timeout error %v does not wrap context.DeadlineExceeded", err)
				}
				// A timed-out request may not even have reached a loaded server.
				if got := len(srv.Requests()); got > 1 || got == 0 && tt.wantErr != llm.ErrTimeout {
					t.Errorf("server got %d requests, want 1 (no retries)", got)
				}
			})
		}
	}
}

func TestErrorMessagesAreScrubbedEvenWhenTheServerEchoesTheKey(t *testing.T) {
	srv := newFake(t)
	srv.Fail(500, 1)
	c := newClient(t, srv, nil)
	_, err := c.Chat(context.Background(), question)
	if err == nil {
		t.Fatal("no error")
	}
	// The fake did put the key in its body, so this test can fail.
	if !strings.Contains(err.Error(), "[REDACTED]") {
		t.Errorf("error %q does not show the redacted echo; the fake should have echoed the key", err)
	}
	checkNoKey(t, err)
}

func TestStreamDeltas(t *testing.T) {
	tests := []struct {
		name       string
		script     func(s *fakeopenai.Server)
		wantDeltas []string
	}{
		{"scripted chunks with delays", func(s *fakeopenai.Server) {
			s.ReplyStream(10*time.Millisecond, "La visioconférence ", "a eu lieu ", "le 23 avril ", "[1].")
		}, []string{"La visioconférence ", "a eu lieu ", "le 23 avril ", "[1]."}},
		{"reply split by the fake", func(s *fakeopenai.Server) { s.Reply("Le 23 avril [1].") }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			tt.script(srv)
			c := newClient(t, srv, nil)
			var deltas []string
			text, err := c.ChatStream(context.Background(), question, func(d string) { deltas = append(deltas, d) })
			if err != nil {
				t.Fatal(err)
			}
			if len(deltas) < 2 {
				t.Errorf("got %d deltas, want several", len(deltas))
			}
			if strings.Join(deltas, "") != text {
				t.Errorf("deltas %q do not add up to the final text %q", deltas, text)
			}
			if tt.wantDeltas != nil && strings.Join(deltas, "|") != strings.Join(tt.wantDeltas, "|") {
				t.Errorf("deltas = %q, want %q", deltas, tt.wantDeltas)
			}
			if r := srv.Requests(); len(r) != 1 || r[0].Chat == nil || !r[0].Chat.Stream {
				t.Errorf("request was not a streaming request: %+v", r)
			}
		})
	}
}

func TestStreamStallTimesOutWithPartialText(t *testing.T) {
	srv := newFake(t)
	srv.Enqueue(fakeopenai.Chat, fakeopenai.Response{Chunks: []string{"Le 23 ", "avril"}, Hang: true})
	// Long enough for the two pieces to arrive on a loaded machine.
	c := newClient(t, srv, func(c *llm.Config) { c.Timeout = time.Second })
	var deltas []string
	text, err := c.ChatStream(context.Background(), question, func(d string) { deltas = append(deltas, d) })
	if !errors.Is(err, llm.ErrTimeout) {
		t.Fatalf("error = %v, want ErrTimeout", err)
	}
	if text != "Le 23 avril" || len(deltas) != 2 {
		t.Errorf("partial text %q from deltas %q, want \"Le 23 avril\" from 2 deltas", text, deltas)
	}
	checkNoKey(t, err)
}

func TestNilOnDelta(t *testing.T) {
	srv := newFake(t)
	srv.Reply("OK [1]")
	text, err := newClient(t, srv, nil).ChatStream(context.Background(), question, nil)
	if err != nil || text != "OK [1]" {
		t.Errorf("ChatStream(nil onDelta) = %q, %v", text, err)
	}
}

func TestServerDown(t *testing.T) {
	srv := newFake(t)
	c := newClient(t, srv, nil)
	srv.Close()
	for mode, call := range chatModes {
		_, _, err := call(c, context.Background())
		if !errors.Is(err, llm.ErrUnavailable) {
			t.Errorf("%s: error = %v, want ErrUnavailable", mode, err)
		}
		checkNoKey(t, err)
	}
}

func TestCallerCancellation(t *testing.T) {
	srv := newFake(t)
	srv.Hang()
	c := newClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := c.Chat(ctx, question)
	if !errors.Is(err, context.Canceled) || errors.Is(err, llm.ErrTimeout) {
		t.Errorf("error = %v, want context.Canceled and not ErrTimeout", err)
	}
}

func TestEmbed(t *testing.T) {
	texts := []string{"centres d'appels au Maroc", "Les centres d'appels du Maroc", "tarte aux pommes"}
	srv := newFake(t, fakeopenai.WithEmbeddingDim(48))
	c := newClient(t, srv, nil)
	vecs, err := c.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(texts) {
		t.Fatalf("got %d vectors for %d texts", len(vecs), len(texts))
	}
	for i, v := range vecs {
		want := fakeopenai.HashEmbedding(texts[i], 48)
		if len(v) != len(want) {
			t.Fatalf("vector %d has dimension %d, want %d", i, len(v), len(want))
		}
		for j := range v {
			if v[j] != want[j] {
				t.Fatalf("vector %d differs from the fake's embedding of %q at %d", i, texts[i], j)
			}
		}
	}
	r := srv.Requests()
	if len(r) != 1 || r[0].Embeddings == nil || r[0].Embeddings.Model != "text-embedding-3-small" || len(r[0].Embeddings.Input) != 3 {
		t.Errorf("embeddings request = %+v", r)
	}
}

func TestEmbedBatches(t *testing.T) {
	srv := newFake(t, fakeopenai.WithEmbeddingDim(8))
	c := newClient(t, srv, nil)
	texts := make([]string, 300)
	for i := range texts {
		texts[i] = fmt.Sprintf("passage numéro %d", i)
	}
	vecs, err := c.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(srv.Requests()); got != 2 {
		t.Errorf("300 texts sent in %d requests, want 2", got)
	}
	want := fakeopenai.HashEmbedding(texts[299], 8)
	if len(vecs) != 300 || vecs[299][0] != want[0] || vecs[299][7] != want[7] {
		t.Errorf("last vector is not the last text's embedding")
	}
}

func TestEmbedErrors(t *testing.T) {
	tests := []struct {
		name    string
		script  func(s *fakeopenai.Server)
		edit    func(*llm.Config)
		texts   []string
		wantErr error
		wantReq int
	}{
		{"500", func(s *fakeopenai.Server) { s.FailEmbeddings(500, 1) }, nil, []string{"a b"}, llm.ErrServer, 1},
		{"429", func(s *fakeopenai.Server) { s.FailEmbeddings(429, 1) }, nil, []string{"a b"}, llm.ErrRateLimited, 1},
		{"garbage", func(s *fakeopenai.Server) {
			s.Enqueue(fakeopenai.Embeddings, fakeopenai.Response{Raw: "<html>oops"})
		}, nil, []string{"a b"}, llm.ErrMalformed, 1},
		{"too few vectors", func(s *fakeopenai.Server) {
			s.Enqueue(fakeopenai.Embeddings, fakeopenai.Response{Raw: `{"object":"list","data":[],"model":"m"}`})
		}, nil, []string{"a b"}, llm.ErrMalformed, 1},
		{"hang", func(s *fakeopenai.Server) { s.Enqueue(fakeopenai.Embeddings, fakeopenai.Response{Hang: true}) },
			func(c *llm.Config) { c.Timeout = 200 * time.Millisecond }, []string{"a b"}, llm.ErrTimeout, 1},
		{"disabled", nil, func(c *llm.Config) { c.EmbeddingsModel = "" }, []string{"a b"}, llm.ErrEmbeddingsDisabled, 0},
		{"empty text", nil, nil, []string{"a b", "  "}, llm.ErrBadRequest, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			if tt.script != nil {
				tt.script(srv)
			}
			c := newClient(t, srv, tt.edit)
			_, err := c.Embed(context.Background(), tt.texts)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error = %v, want %v", err, tt.wantErr)
			}
			checkNoKey(t, err)
			// A timed-out request may not even have reached a loaded server.
			if got := len(srv.Requests()); got != tt.wantReq && !(got == 0 && tt.wantErr == llm.ErrTimeout) {
				t.Errorf("server got %d requests, want %d", got, tt.wantReq)
			}
		})
	}
}

// Every request the client makes must follow OpenAI's spec; the fake also
// fails the test at cleanup, this test makes the check explicit and checks
// the check ran.
func TestRequestsFollowTheSpec(t *testing.T) {
	models := []struct {
		name string
		edit func(*llm.Config)
	}{
		{"chat model", nil},
		{"zero temperature", func(c *llm.Config) { c.Temperature = 0; c.MaxTokens = 0 }},
		{"reasoning model", func(c *llm.Config) { c.Model = "gpt-5-mini" }},
	}
	for _, m := range models {
		t.Run(m.name, func(t *testing.T) {
			srv := newFake(t)
			c := newClient(t, srv, m.edit)
			ctx := context.Background()
			if _, err := c.Chat(ctx, question); err != nil {
				t.Fatal(err)
			}
			if _, err := c.ChatStream(ctx, question, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Embed(ctx, []string{"un", "deux"}); err != nil {
				t.Fatal(err)
			}
			for _, e := range srv.ValidationErrors() {
				t.Errorf("request violates OpenAI's spec: %s", e)
			}
			reqs := srv.Requests()
			if len(reqs) != 3 {
				t.Fatalf("got %d requests, want 3", len(reqs))
			}
			for _, r := range reqs {
				if srv.SpecSkipped() == "" && !r.Validated {
					t.Errorf("%s %s was not validated against the spec", r.Method, r.Path)
				}
				if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
					t.Errorf("Authorization header not sent properly")
				}
			}
			chat := reqs[0].Chat
			if chat == nil || len(chat.Messages) != 2 || chat.Messages[0].Role != "system" || chat.Messages[1].Content != question[1].Content {
				t.Fatalf("chat request = %+v", chat)
			}
			switch m.name {
			case "chat model":
				if chat.MaxTokens == nil || *chat.MaxTokens != 300 || chat.Temperature == nil || *chat.Temperature < 0.19 || *chat.Temperature > 0.21 {
					t.Errorf("max_tokens/temperature not sent: %+v", chat)
				}
			case "zero temperature":
				if chat.MaxTokens != nil || chat.Temperature == nil || *chat.Temperature <= 0 || *chat.Temperature > 1e-5 {
					t.Errorf("zero temperature must be sent as a tiny value, max_tokens omitted: %+v", chat)
				}
			case "reasoning model":
				if chat.MaxTokens != nil || chat.Temperature != nil || chat.MaxCompletionTokens == nil || *chat.MaxCompletionTokens != 300 {
					t.Errorf("reasoning model must get max_completion_tokens only: %+v", chat)
				}
			}
		})
	}
	t.Run("spec status", func(t *testing.T) {
		srv := fakeopenai.New(t)
		if srv.SpecSkipped() != "" {
			t.Skip(srv.SpecSkipped())
		}
		t.Logf("spec loaded once per process in %v", srv.SpecLoadTime())
	})
}

func TestInvalidMessagesAreRejectedLocally(t *testing.T) {
	tests := [][]llm.Message{
		nil,
		{{Role: "tool", Content: "x"}},
		{{Role: llm.RoleUser, Content: ""}},
	}
	srv := newFake(t)
	c := newClient(t, srv, nil)
	for _, msgs := range tests {
		if _, err := c.Chat(context.Background(), msgs); !errors.Is(err, llm.ErrBadRequest) {
			t.Errorf("Chat(%v) error = %v, want ErrBadRequest", msgs, err)
		}
		if _, err := c.ChatStream(context.Background(), msgs, nil); !errors.Is(err, llm.ErrBadRequest) {
			t.Errorf("ChatStream(%v) error = %v, want ErrBadRequest", msgs, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("invalid messages reached the server (%d requests)", n)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	valid := llm.Config{BaseURL: "http://localhost:11434/v1", Model: "qwen", APIKey: testKey}
	tests := []struct {
		name string
		edit func(*llm.Config)
		ok   bool
	}{
		{"valid", func(*llm.Config) {}, true},
		{"valid without key", func(c *llm.Config) { c.APIKey = "" }, true},
		{"missing base URL", func(c *llm.Config) { c.BaseURL = "" }, false},
		{"relative base URL", func(c *llm.Config) { c.BaseURL = "localhost/v1" }, false},
		{"ftp base URL", func(c *llm.Config) { c.BaseURL = "ftp://host/v1" }, false},
		{"missing model", func(c *llm.Config) { c.Model = " " }, false},
		{"negative timeout", func(c *llm.Config) { c.Timeout = -time.Second }, false},
		{"negative max tokens", func(c *llm.Config) { c.MaxTokens = -1 }, false},
		{"temperature too high", func(c *llm.Config) { c.Temperature = 2.5 }, false},
		{"negative threshold", func(c *llm.Config) { c.CircuitThreshold = -1 }, false},
		{"negative cool-down", func(c *llm.Config) { c.CircuitCoolDown = -time.Second }, false},
		{"key with newline", func(c *llm.Config) { c.APIKey = testKey + "\n" }, false},
		{"key in URL", func(c *llm.Config) { c.BaseURL = "ht tp://u:" + testKey + "@host/v1" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.edit(&cfg)
			c, err := llm.New(cfg)
			if (err == nil) != tt.ok {
				t.Fatalf("New error = %v, want ok=%v", err, tt.ok)
			}
			checkNoKey(t, err)
			for _, s := range []string{cfg.String(), fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg)} {
				if strings.Contains(s, "SECRET0123") {
					t.Errorf("Config printing leaks the key: %s", s)
				}
			}
			if c != nil {
				for _, s := range []string{c.String(), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
					if strings.Contains(s, "SECRET0123") || !strings.Contains(s, cfg.Model) {
						t.Errorf("Client printing leaks the key or lacks the model: %s", s)
					}
				}
			}
		})
	}
}

func TestURLPasswordNotPrinted(t *testing.T) {
	c, err := llm.New(llm.Config{BaseURL: "https://user:SECRET0123pass@proxy.example/v1", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if s := c.String(); strings.Contains(s, "SECRET0123") || !strings.Contains(s, "proxy.example") {
		t.Errorf("String() = %s", s)
	}
}

func TestCircuitBreaker(t *testing.T) {
	type step struct {
		script  func(s *fakeopenai.Server)
		advance time.Duration
		wantErr error // nil: success
		wantReq bool  // the server is called
	}
	fail := func(s *fakeopenai.Server) { s.Fail(500, 1) }
	tests := []struct {
		name        string
		timeout     time.Duration // 0: 5 s
		steps       []step
		wantChanges []bool
	}{
		{"opens after 3 failures then closes after cool-down", 0, []step{
			{fail, 0, llm.ErrServer, true},
			{fail, 0, llm.ErrServer, true},
			{fail, 0, llm.ErrServer, true},
			{nil, 0, llm.ErrCircuitOpen, false},
			{nil, 29 * time.Second, llm.ErrCircuitOpen, false},
			{nil, 2 * time.Second, nil, true}, // probe succeeds
			{nil, 0, nil, true},
		}, []bool{true, false}},
		{"failed probe reopens without a second notification", 0, []step{
			{fail, 0, llm.ErrServer, true},
			{fail, 0, llm.ErrServer, true},
			{fail, 0, llm.ErrServer, true},
			{fail, 31 * time.Second, llm.ErrServer, true}, // probe fails
			{nil, 0, llm.ErrCircuitOpen, false},
			{nil, 29 * time.Second, llm.ErrCircuitOpen, false},
			{nil, 2 * time.Second, nil, true},
		}, []bool{true, false}},
		{"a success resets the count", 0, []step{
			{fail, 0, llm.ErrServer, true},
			{fail, 0, llm.ErrServer, true},
			{nil, 0, nil, true},
			{fail, 0, llm.ErrServer, true},
			{fail, 0, llm.ErrServer, true},
			{nil, 0, nil, true},
		}, nil},
		// The timeout must be short for the hang, and long enough for
		// the other answers to arrive on a loaded machine.
		{"rate limits and timeouts count", time.Second, []step{
			{func(s *fakeopenai.Server) { s.Fail(429, 1) }, 0, llm.ErrRateLimited, true},
			{func(s *fakeopenai.Server) { s.Hang() }, 0, llm.ErrTimeout, true},
			{func(s *fakeopenai.Server) { s.Garbage() }, 0, llm.ErrMalformed, true},
			{nil, 0, llm.ErrCircuitOpen, false},
		}, []bool{true}},
		{"empty answers and 4xx do not count", 0, []step{
			{func(s *fakeopenai.Server) { s.Reply("") }, 0, llm.ErrEmptyAnswer, true},
			{func(s *fakeopenai.Server) { s.Fail(400, 1) }, 0, llm.ErrBadRequest, true},
			{func(s *fakeopenai.Server) { s.Reply(" ") }, 0, llm.ErrEmptyAnswer, true},
			{func(s *fakeopenai.Server) { s.Fail(404, 1) }, 0, llm.ErrBadRequest, true},
			{nil, 0, nil, true},
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			clock := newFakeClock()
			var mu sync.Mutex
			var changes []bool
			c := newClient(t, srv, func(cfg *llm.Config) {
				if tt.timeout > 0 {
					cfg.Timeout = tt.timeout
				}
				cfg.Now = clock.Now
				cfg.OnCircuitChange = func(open bool) {
					mu.Lock()
					defer mu.Unlock()
					changes = append(changes, open)
				}
			})
			for i, st := range tt.steps {
				clock.Advance(st.advance)
				if st.script != nil {
					st.script(srv)
				}
				before := len(srv.Requests())
				_, err := c.Chat(context.Background(), question)
				checkNoKey(t, err)
				if st.wantErr == nil && err != nil || st.wantErr != nil && !errors.Is(err, st.wantErr) {
					t.Fatalf("step %d: error = %v, want %v", i, err, st.wantErr)
				}
				if called := len(srv.Requests()) > before; called != st.wantReq {
					t.Fatalf("step %d: server called = %v, want %v", i, called, st.wantReq)
				}
				if errors.Is(err, llm.ErrCircuitOpen) {
					var le *llm.Error
					if !errors.As(err, &le) || le.RetryAfter <= 0 || le.RetryAfter > 30*time.Second {
						t.Errorf("step %d: circuit-open error should tell the remaining cool-down: %#v", i, le)
					}
					if !c.CircuitOpen() {
						t.Errorf("step %d: CircuitOpen() = false while calls are refused", i)
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if fmt.Sprint(changes) != fmt.Sprint(tt.wantChanges) {
				t.Errorf("OnCircuitChange calls = %v, want %v", changes, tt.wantChanges)
			}
		})
	}
}

func TestCircuitBreakerSettings(t *testing.T) {
	srv := newFake(t)
	clock := newFakeClock()
	c := newClient(t, srv, func(cfg *llm.Config) {
		cfg.CircuitThreshold = 1
		cfg.CircuitCoolDown = time.Minute
		cfg.Now = clock.Now
	})
	srv.Fail(500, 1)
	if _, err := c.Chat(context.Background(), question); !errors.Is(err, llm.ErrServer) {
		t.Fatalf("first call: %v", err)
	}
	clock.Advance(59 * time.Second)
	if _, err := c.Embed(context.Background(), []string{"x y"}); !errors.Is(err, llm.ErrCircuitOpen) {
		t.Fatalf("embed shares the breaker, want ErrCircuitOpen, got %v", err)
	}
	clock.Advance(2 * time.Second)
	if _, err := c.ChatStream(context.Background(), question, nil); err != nil {
		t.Fatalf("after the cool-down: %v", err)
	}
}

// Run with -race: concurrent calls, failures and transitions.
func TestConcurrentUse(t *testing.T) {
	srv := newFake(t)
	var mu sync.Mutex
	n := 0
	srv.Handle(func(r fakeopenai.Request) *fakeopenai.Response {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n%3 == 0 {
			return &fakeopenai.Response{Status: 500}
		}
		return nil
	})
	clock := newFakeClock()
	var opened, closed int
	var cbMu sync.Mutex
	c := newClient(t, srv, func(cfg *llm.Config) {
		cfg.Now = clock.Now
		cfg.CircuitThreshold = 2
		cfg.OnCircuitChange = func(open bool) {
			cbMu.Lock()
			defer cbMu.Unlock()
			if open {
				opened++
			} else {
				closed++
			}
		}
	})
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := range 8 {
				var err error
				switch (g + i) % 3 {
				case 0:
					_, err = c.Chat(context.Background(), question)
				case 1:
					_, err = c.ChatStream(context.Background(), question, func(string) {})
				default:
					_, err = c.Embed(context.Background(), []string{"a b c"})
				}
				if err != nil && !errors.Is(err, llm.ErrServer) && !errors.Is(err, llm.ErrCircuitOpen) {
					t.Errorf("unexpected error: %v", err)
				}
				clock.Advance(10 * time.Second)
				_ = c.CircuitOpen()
				_ = c.String()
			}
		})
	}
	wg.Wait()
	cbMu.Lock()
	defer cbMu.Unlock()
	if closed > opened || opened-closed > 1 {
		t.Errorf("transitions out of order: opened %d, closed %d", opened, closed)
	}
}
