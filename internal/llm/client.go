package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Roles accepted in a Message.
const (
	RoleSystem    = "system"
	RoleDeveloper = "developer"
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// Message is one chat message.
type Message struct {
	Role    string // RoleSystem, RoleDeveloper, RoleUser or RoleAssistant
	Content string // must not be empty
}

// maxEmbedBatch is the number of texts sent per embeddings request
// (OpenAI accepts up to 2048).
const maxEmbedBatch = 256

// greedyTemperature replaces a zero temperature, which go-openai would omit.
const greedyTemperature = 1e-6

// Client talks to one OpenAI-compatible server. It is safe for concurrent use.
type Client struct {
	cfg       Config
	api       *openai.Client
	scrub     scrubber
	breaker   *breaker
	reasoning bool // OpenAI reasoning model: no temperature, max_completion_tokens
}

// New validates cfg, applies defaults and returns a Client. It does not
// contact the server. Errors never contain the API key.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = cfg.BaseURL
	// No http.Client timeout: every call carries a context deadline instead.
	oc.HTTPClient = &http.Client{Transport: &recordingTransport{base: http.DefaultTransport, now: time.Now}}
	return &Client{
		cfg:       cfg,
		api:       openai.NewClientWithConfig(oc),
		scrub:     newScrubber(cfg.APIKey, cfg.BaseURL),
		breaker:   newBreaker(cfg.CircuitThreshold, cfg.CircuitCoolDown, cfg.Now, cfg.OnCircuitChange),
		reasoning: isReasoningModel(cfg.Model),
	}, nil
}

// String describes the client without the API key.
func (c *Client) String() string {
	key := "unset"
	if c.cfg.APIKey != "" {
		key = "set"
	}
	return fmt.Sprintf("llm.Client{BaseURL: %s, Model: %q, EmbeddingsModel: %q, APIKey: %s}",
		c.scrub.redact(redactURL(c.cfg.BaseURL)), c.cfg.Model, c.cfg.EmbeddingsModel, key)
}

// GoString makes %#v as safe as %v.
func (c *Client) GoString() string { return c.String() }

// Model returns the chat model name.
func (c *Client) Model() string { return c.cfg.Model }

// EmbeddingsModel returns the embeddings model name, "" when disabled.
func (c *Client) EmbeddingsModel() string { return c.cfg.EmbeddingsModel }

// CircuitOpen reports whether the circuit breaker is currently open.
func (c *Client) CircuitOpen() bool { return c.breaker.isOpen() }

// Chat sends the conversation and returns the complete answer text, as
// produced by the server (not trimmed). An answer that is empty or only
// whitespace is reported as ErrEmptyAnswer.
func (c *Client) Chat(ctx context.Context, msgs []Message) (string, error) {
	const op = "chat"
	req, err := c.chatRequest(op, msgs)
	if err != nil {
		return "", err
	}
	var text string
	err = c.call(ctx, op, func(ctx context.Context) error {
		resp, err := c.api.CreateChatCompletion(ctx, req)
		if err != nil {
			return err
		}
		if len(resp.Choices) == 0 {
			return c.newError(op, ErrMalformed, "response has no choices")
		}
		choice := resp.Choices[0]
		text = choice.Message.Content
		if strings.TrimSpace(text) == "" {
			return c.emptyAnswer(op, string(choice.FinishReason), choice.Message.Refusal)
		}
		return nil
	})
	return text, err
}

// ChatStream is Chat with streaming: onDelta (which may be nil) is called
// synchronously with each non-empty piece of text as it arrives, and the
// concatenation of all pieces is returned. On error the text received so far
// is returned with the error.
func (c *Client) ChatStream(ctx context.Context, msgs []Message, onDelta func(string)) (string, error) {
	const op = "chat stream"
	req, err := c.chatRequest(op, msgs)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = c.call(ctx, op, func(ctx context.Context) error {
		stream, err := c.api.CreateChatCompletionStream(ctx, req)
		if err != nil {
			return err
		}
		defer stream.Close()
		chunks := 0
		var finish, refusal string
		for {
			resp, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			chunks++
			for _, ch := range resp.Choices {
				if ch.Index != 0 {
					continue
				}
				if ch.FinishReason != "" {
					finish = string(ch.FinishReason)
				}
				refusal += ch.Delta.Refusal
				if d := ch.Delta.Content; d != "" {
					b.WriteString(d)
					if onDelta != nil {
						onDelta(d)
					}
				}
			}
		}
		if chunks == 0 {
			return c.newError(op, ErrMalformed, "stream ended without any chunk")
		}
		if strings.TrimSpace(b.String()) == "" {
			return c.emptyAnswer(op, finish, refusal)
		}
		return nil
	})
	return b.String(), err
}

// Embed returns one embedding vector per text, in order. Texts are sent in
// batches of up to 256 per request, each request bounded by Config.Timeout.
// It returns ErrEmbeddingsDisabled when Config.EmbeddingsModel is empty.
func (c *Client) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	const op = "embed"
	if c.cfg.EmbeddingsModel == "" {
		return nil, &Error{Op: op, Kind: ErrEmbeddingsDisabled}
	}
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			return nil, c.newError(op, ErrBadRequest, "text %d is empty", i)
		}
	}
	out := make([][]float32, len(texts))
	for start := 0; start < len(texts); start += maxEmbedBatch {
		batch := texts[start:min(start+maxEmbedBatch, len(texts))]
		err := c.call(ctx, op, func(ctx context.Context) error {
			resp, err := c.api.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{
				Input: batch,
				Model: openai.EmbeddingModel(c.cfg.EmbeddingsModel),
			})
			if err != nil {
				return err
			}
			return c.fillEmbeddings(op, out[start:start+len(batch)], resp.Data)
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fillEmbeddings checks that data holds exactly one non-empty vector per slot,
// all of the same dimension, and stores them by index.
func (c *Client) fillEmbeddings(op string, dst [][]float32, data []openai.Embedding) error {
	if len(data) != len(dst) {
		return c.newError(op, ErrMalformed, "got %d embeddings for %d texts", len(data), len(dst))
	}
	dim := -1
	for _, e := range data {
		if e.Index < 0 || e.Index >= len(dst) || dst[e.Index] != nil {
			return c.newError(op, ErrMalformed, "bad or duplicate embedding index %d", e.Index)
		}
		if len(e.Embedding) == 0 {
			return c.newError(op, ErrMalformed, "embedding %d is empty", e.Index)
		}
		if dim >= 0 && len(e.Embedding) != dim {
			return c.newError(op, ErrMalformed, "embeddings have different dimensions (%d and %d)", dim, len(e.Embedding))
		}
		dim = len(e.Embedding)
		dst[e.Index] = e.Embedding
	}
	return nil
}

// call runs fn under the circuit breaker with a per-call deadline, and turns
// its error into an *Error.
func (c *Client) call(ctx context.Context, op string, fn func(ctx context.Context) error) error {
	ok, probe, wait := c.breaker.allow()
	if !ok {
		return &Error{Op: op, Kind: ErrCircuitOpen, RetryAfter: wait}
	}
	info := &callInfo{}
	callCtx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	err := fn(withCallInfo(callCtx, info))
	if err == nil {
		c.breaker.done(probe, healthy)
		return nil
	}
	var e *Error
	var out outcome
	if errors.As(err, &e) {
		out = failed
		if e.Kind == ErrEmptyAnswer || e.Kind == ErrBadRequest {
			out = healthy
		}
	} else {
		e, out = c.classify(op, err, ctx, callCtx, info)
	}
	c.breaker.done(probe, out)
	return e
}

func (c *Client) emptyAnswer(op, finishReason, refusal string) *Error {
	var parts []string
	if finishReason != "" {
		parts = append(parts, "finish_reason="+finishReason)
	}
	if refusal != "" {
		parts = append(parts, "refusal: "+refusal)
	}
	return c.newError(op, ErrEmptyAnswer, "%s", strings.Join(parts, ", "))
}

func (c *Client) chatRequest(op string, msgs []Message) (openai.ChatCompletionRequest, error) {
	if len(msgs) == 0 {
		return openai.ChatCompletionRequest{}, c.newError(op, ErrBadRequest, "no messages")
	}
	req := openai.ChatCompletionRequest{
		Model:    c.cfg.Model,
		Messages: make([]openai.ChatCompletionMessage, len(msgs)),
	}
	for i, m := range msgs {
		switch m.Role {
		case RoleSystem, RoleDeveloper, RoleUser, RoleAssistant:
		default:
			return req, c.newError(op, ErrBadRequest, "message %d has unsupported role %q", i, m.Role)
		}
		if m.Content == "" {
			return req, c.newError(op, ErrBadRequest, "message %d has empty content", i)
		}
		req.Messages[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	if c.reasoning {
		req.MaxCompletionTokens = c.cfg.MaxTokens
	} else {
		req.MaxTokens = c.cfg.MaxTokens
		req.Temperature = c.cfg.Temperature
		if req.Temperature == 0 {
			req.Temperature = greedyTemperature
		}
	}
	return req, nil
}

// isReasoningModel mirrors go-openai's checks for OpenAI reasoning models,
// which reject max_tokens and temperature.
func isReasoningModel(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}
