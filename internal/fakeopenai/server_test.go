package fakeopenai

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const validChat = `{"model":"fake-chat","messages":[{"role":"system","content":"Réponds en français."},{"role":"user","content":"Quand ?"}],"max_tokens":50,"temperature":0.2}`

// post sends body to path and returns the status, headers and body.
func post(t *testing.T, ctx context.Context, url, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// checkResponseSpec validates a 200 JSON answer of the fake against the spec.
func checkResponseSpec(t *testing.T, s *Server, path string, body []byte) {
	t.Helper()
	if s.spec == nil {
		return
	}
	for _, e := range s.spec.validateResponse(path, body) {
		t.Errorf("fake's own answer violates the spec: %s", e)
	}
}

func TestSpecIsLoadedOrSkippedWithMessage(t *testing.T) {
	s := New(t)
	if s.SpecSkipped() != "" {
		if !strings.Contains(s.SpecSkipped(), "NOT validated") {
			t.Errorf("skip message is unclear: %q", s.SpecSkipped())
		}
		t.Skip(s.SpecSkipped())
	}
	if s.SpecLoadTime() <= 0 {
		t.Errorf("SpecLoadTime = %v, want > 0", s.SpecLoadTime())
	}
	t.Logf("OpenAI spec loaded once per process in %v", s.SpecLoadTime())
}

func TestFindSpecWithoutShared(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	sub := filepath.Join(repo, "internal", "x")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := findSpec(sub)
	if err == nil {
		t.Fatal("findSpec found a spec in an empty temp dir")
	}
	msg := skipMessage(err)
	for _, want := range []string{"NOT validated", filepath.Join(root, "shared"), "../shared"} {
		if !strings.Contains(msg, want) {
			t.Errorf("skip message %q does not mention %q", msg, want)
		}
	}

	// With the file in place it is found from a subdirectory.
	specDir := filepath.Join(root, "shared", "openai-openapi")
	if err := os.MkdirAll(specDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(specDir, "openapi.yaml"), []byte("openapi: 3.1.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := findSpec(sub)
	if err != nil || got != filepath.Join(specDir, "openapi.yaml") {
		t.Errorf("findSpec = %q, %v", got, err)
	}
}

func TestChatPlain(t *testing.T) {
	s := New(t)
	s.Reply("Le 23 avril [1].")
	status, _, body := post(t, context.Background(), s.URL()+"/chat/completions", validChat)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	var resp struct {
		Object  string
		Choices []struct {
			Message      struct{ Role, Content string }
			FinishReason string `json:"finish_reason"`
		}
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Object != "chat.completion" || len(resp.Choices) != 1 ||
		resp.Choices[0].Message.Content != "Le 23 avril [1]." || resp.Choices[0].Message.Role != "assistant" {
		t.Errorf("unexpected answer %s", body)
	}
	checkResponseSpec(t, s, pathChat, body)

	// The queue is consumed: the next answer is the default one.
	_, _, body = post(t, context.Background(), s.URL()+"/chat/completions", validChat)
	if !strings.Contains(string(body), `"content":"OK"`) {
		t.Errorf("second answer is not the default reply: %s", body)
	}

	reqs := s.Requests()
	if len(reqs) != 2 {
		t.Fatalf("recorded %d requests, want 2", len(reqs))
	}
	c := reqs[0].Chat
	if c == nil || c.Model != "fake-chat" || len(c.Messages) != 2 || c.Messages[1].Content != "Quand ?" ||
		c.MaxTokens == nil || *c.MaxTokens != 50 || c.Temperature == nil || *c.Temperature != 0.2 || c.Stream {
		t.Errorf("decoded request = %+v", c)
	}
	if s.SpecSkipped() == "" && !reqs[0].Validated {
		t.Error("request not marked as validated although the spec is loaded")
	}
	if errs := s.ValidationErrors(); len(errs) != 0 {
		t.Errorf("valid request reported invalid: %v", errs)
	}
}

// readSSE returns the data payloads of an event stream.
func readSSE(t *testing.T, r io.Reader) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestChatStream(t *testing.T) {
	s := New(t)
	s.ReplyStream(5*time.Millisecond, "Le 23 ", "avril ", "[1].")
	s.Reply("Bonjour à tous") // split automatically
	for _, want := range [][]string{{"Le 23 ", "avril ", "[1]."}, {"Bonj", "our à", " tous"}} {
		body := strings.Replace(validChat, `"model"`, `"stream":true,"stream_options":{"include_usage":true},"model"`, 1)
		req, _ := http.NewRequest(http.MethodPost, s.URL()+"/chat/completions", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
			t.Errorf("Content-Type = %q", ct)
		}
		events := readSSE(t, resp.Body)
		resp.Body.Close()
		if len(events) == 0 || events[len(events)-1] != "[DONE]" {
			t.Fatalf("stream does not end with [DONE]: %q", events)
		}
		var got []string
		var finish string
		usage := false
		for _, e := range events[:len(events)-1] {
			var chunk struct {
				Object  string
				Choices []struct {
					Delta        struct{ Content string }
					FinishReason *string `json:"finish_reason"`
				}
				Usage *struct{ TotalTokens int } `json:"usage"`
			}
			if err := json.Unmarshal([]byte(e), &chunk); err != nil {
				t.Fatalf("bad chunk %q: %v", e, err)
			}
			if chunk.Object != "chat.completion.chunk" {
				t.Errorf("object = %q", chunk.Object)
			}
			if chunk.Usage != nil {
				usage = true
			}
			for _, c := range chunk.Choices {
				if c.Delta.Content != "" {
					got = append(got, c.Delta.Content)
				}
				if c.FinishReason != nil {
					finish = *c.FinishReason
				}
			}
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("pieces = %q, want %q", got, want)
		}
		if finish != "stop" || !usage {
			t.Errorf("finish_reason = %q, usage chunk = %v", finish, usage)
		}
	}
	if errs := s.ValidationErrors(); len(errs) != 0 {
		t.Errorf("valid streaming request reported invalid: %v", errs)
	}
	if r := s.Requests(); len(r) != 2 || r[0].Chat == nil || !r[0].Chat.Stream {
		t.Errorf("streaming request not recorded as such: %+v", r)
	}
}

func cosine(a, b []float32) float64 {
	var dot float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
	}
	return dot
}

func TestEmbeddings(t *testing.T) {
	s := New(t, WithEmbeddingDim(32))
	texts := []string{"centres d'appels au Maroc", "Les centres d'appels du Maroc", "recette de la tarte aux pommes"}
	in, _ := json.Marshal(texts)
	status, _, body := post(t, context.Background(), s.URL()+"/embeddings",
		`{"model":"fake-embed","input":`+string(in)+`}`)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	checkResponseSpec(t, s, pathEmbeddings, body)
	var resp struct {
		Data []struct {
			Index     int
			Embedding []float32
		}
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Data) != 3 {
		t.Fatalf("got %d embeddings", len(resp.Data))
	}
	for i, d := range resp.Data {
		if d.Index != i || len(d.Embedding) != 32 {
			t.Errorf("embedding %d: index %d, dim %d", i, d.Index, len(d.Embedding))
		}
		if n := cosine(d.Embedding, d.Embedding); math.Abs(n-1) > 1e-5 {
			t.Errorf("embedding %d has squared norm %v", i, n)
		}
	}
	near, far := cosine(resp.Data[0].Embedding, resp.Data[1].Embedding), cosine(resp.Data[0].Embedding, resp.Data[2].Embedding)
	if near <= far {
		t.Errorf("similar texts not closer: near %.3f, far %.3f", near, far)
	}

	// A single string, base64 encoding and explicit dimensions.
	status, _, body = post(t, context.Background(), s.URL()+"/embeddings",
		`{"model":"fake-embed","input":"centres d'appels au Maroc","encoding_format":"base64","dimensions":32}`)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	var b64 struct{ Data []struct{ Embedding string } }
	if err := json.Unmarshal(body, &b64); err != nil || len(b64.Data) != 1 {
		t.Fatalf("base64 answer %s: %v", body, err)
	}
	raw, err := base64.StdEncoding.DecodeString(b64.Data[0].Embedding)
	if err != nil || len(raw) != 4*32 {
		t.Fatalf("base64 embedding: %d bytes, %v", len(raw), err)
	}
	for i := range 32 {
		if got := math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])); got != resp.Data[0].Embedding[i] {
			t.Fatalf("base64 component %d = %v, want %v", i, got, resp.Data[0].Embedding[i])
		}
	}
	if r := s.Requests(); r[1].Embeddings == nil || len(r[1].Embeddings.Input) != 1 || r[1].Embeddings.EncodingFormat != "base64" {
		t.Errorf("decoded embeddings request = %+v", r[1].Embeddings)
	}
}

func TestHashEmbedding(t *testing.T) {
	a := HashEmbedding("Maroc, centres d'appels", 16)
	if b := HashEmbedding("maroc centres D'APPELS", 16); cosine(a, b) < 0.9999 {
		t.Errorf("case and punctuation change the vector: %v vs %v", a, b)
	}
	if z := HashEmbedding(" ,;. ", 16); cosine(z, z) != 0 {
		t.Errorf("text without words gives %v, want the zero vector", z)
	}
}

func TestModels(t *testing.T) {
	s := New(t, WithModels("m1", "m2"))
	resp, err := http.Get(s.URL() + "/models")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	checkResponseSpec(t, s, pathModels, body)
	var list struct{ Data []struct{ ID string } }
	if err := json.Unmarshal(body, &list); err != nil || len(list.Data) != 2 || list.Data[1].ID != "m2" {
		t.Errorf("models = %s (%v)", body, err)
	}
}

func TestScriptedFailures(t *testing.T) {
	tests := []struct {
		name       string
		script     func(s *Server)
		wantStatus int
		wantHeader string // expected Retry-After
		wantInBody string
	}{
		{"429", func(s *Server) { s.Fail(429, 1) }, 429, "1", `"type":"rate_limit_exceeded"`},
		{"500", func(s *Server) { s.Fail(500, 1) }, 500, "", `"type":"server_error"`},
		{"garbage", (*Server).Garbage, 200, "", "garbage"},
		{"empty", func(s *Server) { s.Reply("") }, 200, "", `"content":""`},
		{"hook", func(s *Server) {
			s.Handle(func(r Request) *Response {
				if r.Chat == nil || r.Chat.Messages[1].Content != "Quand ?" {
					return nil
				}
				return &Response{Text: "hooked"}
			})
		}, 200, "", `"content":"hooked"`},
		{"custom", func(s *Server) {
			s.Enqueue(Chat, Response{Status: 503, Header: http.Header{"X-Test": {"y"}}})
		}, 503, "", `"fake failure 503"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t)
			tt.script(s)
			status, h, body := post(t, context.Background(), s.URL()+"/chat/completions", validChat)
			if status != tt.wantStatus {
				t.Errorf("status = %d, want %d", status, tt.wantStatus)
			}
			if got := h.Get("Retry-After"); got != tt.wantHeader {
				t.Errorf("Retry-After = %q, want %q", got, tt.wantHeader)
			}
			if !strings.Contains(string(body), tt.wantInBody) {
				t.Errorf("body %s does not contain %s", body, tt.wantInBody)
			}
		})
	}
}

func TestFailureQueuesArePerEndpoint(t *testing.T) {
	s := New(t)
	s.FailEmbeddings(500, 1)
	s.Reply("chat answer")
	// The chat failure queue is untouched by the embeddings one and vice versa.
	status, _, body := post(t, context.Background(), s.URL()+"/chat/completions", validChat)
	if status != 200 || !strings.Contains(string(body), "chat answer") {
		t.Errorf("chat: %d %s", status, body)
	}
	status, _, _ = post(t, context.Background(), s.URL()+"/embeddings", `{"model":"e","input":"x"}`)
	if status != 500 {
		t.Errorf("embeddings status = %d, want 500", status)
	}
}

func TestHangReleasedByClientAndByClose(t *testing.T) {
	s := New(t)
	s.Hang()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/chat/completions", strings.NewReader(validChat))
	req.Header.Set("Content-Type", "application/json")
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("hanging request ended with %v, want a deadline error", err)
	}

	// A hang is also released when the server closes (Close must not block).
	s.Hang()
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, s.URL()+"/chat/completions", strings.NewReader(validChat))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for len(s.Requests()) < 2 {
		select {
		case err := <-done:
			t.Fatalf("second request ended before the server closed: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	s.Close()
	<-done
}

func TestAPIKeyCheckAndEcho(t *testing.T) {
	const key = "sk-test-0123456789abcdef"
	s := New(t, WithAPIKey(key), WithKeyEcho())
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/chat/completions", strings.NewReader(validChat))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer wrong-key-123456")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || !strings.Contains(string(body), "wro*") || !strings.Contains(string(body), "Bearer wrong-key-123456") {
		t.Errorf("wrong key: %d %s", resp.StatusCode, body)
	}
	req, _ = http.NewRequest(http.MethodPost, s.URL()+"/chat/completions", strings.NewReader(validChat))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("right key: status %d", resp.StatusCode)
	}
}

func TestInvalidRequestsAreReported(t *testing.T) {
	tests := []struct {
		name        string
		path        string
		contentType string
		body        string
		needSpec    bool
		want        string // substring of one validation error
	}{
		{"bad role", "/chat/completions", "application/json",
			`{"model":"m","messages":[{"role":"bogus","content":"hi"}]}`, true, "$.messages[0].role"},
		{"temperature type", "/chat/completions", "application/json",
			`{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}`, true, "$.temperature"},
		{"missing messages", "/chat/completions", "application/json",
			`{"model":"m"}`, true, "messages"},
		{"unknown embeddings field", "/embeddings", "application/json",
			`{"model":"m","input":"x","bogus":1}`, true, "bogus"},
		{"embeddings without input", "/embeddings", "application/json",
			`{"model":"m"}`, true, "input"},
		{"not json", "/chat/completions", "application/json", `{nope`, false, "not a valid request"},
		{"content type", "/chat/completions", "text/plain", validChat, false, "Content-Type"},
		{"unknown endpoint", "/completions", "application/json", `{}`, false, "unexpected request POST /v1/completions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t, WithLenientValidation())
			if tt.needSpec && s.SpecSkipped() != "" {
				t.Skip(s.SpecSkipped())
			}
			req, _ := http.NewRequest(http.MethodPost, s.URL()+tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.contentType)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			errs := s.ValidationErrors()
			found := false
			for _, e := range errs {
				found = found || strings.Contains(e, tt.want)
			}
			if !found {
				t.Errorf("no validation error mentions %q; got %q", tt.want, errs)
			}
			if r := s.Requests(); len(r) != 1 || len(r[0].ValidationErrors) == 0 {
				t.Errorf("errors not attached to the recorded request: %+v", r)
			}
		})
	}
}

func TestSplitText(t *testing.T) {
	for _, text := range []string{"", "a", "ab", "Bonjour à tous", "été"} {
		parts := splitText(text, 3)
		if strings.Join(parts, "") != text {
			t.Errorf("splitText(%q) = %q does not rebuild the text", text, parts)
		}
		for _, p := range parts {
			if p == "" || !utf8ValidString(p) {
				t.Errorf("splitText(%q) has bad piece %q", text, p)
			}
		}
		if want := min(3, len([]rune(text))); len(parts) != want {
			t.Errorf("splitText(%q) gave %d pieces, want %d", text, len(parts), want)
		}
	}
}

func utf8ValidString(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// BenchmarkLoadSpec measures loading and extracting the schemas from the
// official spec (done once per test process by the fake).
func BenchmarkLoadSpec(b *testing.B) {
	wd, _ := os.Getwd()
	file, err := findSpec(wd)
	if err != nil {
		b.Skip(skipMessage(err))
	}
	for b.Loop() {
		if _, err := loadSpec(file); err != nil {
			b.Fatal(err)
		}
	}
}

// The fake checks its own answers against the spec in these tests; make sure
// that check can fail.
func TestResponseValidationCanFail(t *testing.T) {
	s := New(t)
	if s.spec == nil {
		t.Skip(s.SpecSkipped())
	}
	bad := map[string]string{
		pathChat:       `{"id":"x","object":"chat.completion","created":1,"model":"m"}`,
		pathEmbeddings: `{"object":"list","data":[{"object":"embedding","index":"zero","embedding":[0.1]}],"model":"m"}`,
		pathModels:     `{"object":"list","data":[{"id":1}]}`,
	}
	for path, body := range bad {
		if errs := s.spec.validateResponse(path, []byte(body)); len(errs) == 0 {
			t.Errorf("%s: invalid response %s accepted", path, body)
		}
	}
}
