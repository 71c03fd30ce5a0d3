package llm

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Defaults applied by New when the corresponding Config field is zero.
const (
	DefaultTimeout          = 60 * time.Second
	DefaultCircuitThreshold = 3
	DefaultCircuitCoolDown  = 30 * time.Second
)

// Config configures a Client. It is a plain struct: fill it from whatever
// configuration source the caller uses. The zero values of the optional fields
// select the defaults documented on each field.
type Config struct {
	// BaseURL of the OpenAI-compatible API, including the version prefix,
	// e.g. "https://api.openai.com/v1" or "http://localhost:11434/v1".
	// Required.
	BaseURL string
	// APIKey sent as a Bearer token. May be empty for local servers.
	// It never appears in errors, logs or String output.
	APIKey string
	// Model used by Chat and ChatStream. Required.
	Model string
	// EmbeddingsModel used by Embed. Optional: when empty Embed returns
	// ErrEmbeddingsDisabled without calling the server.
	EmbeddingsModel string
	// Timeout bounds every call (the whole stream for ChatStream).
	// Zero means DefaultTimeout; negative is invalid.
	Timeout time.Duration
	// MaxTokens limits the length of an answer. Zero means the server's
	// default. Sent as max_tokens, or as max_completion_tokens for OpenAI
	// reasoning models (o1/o3/o4/gpt-5...), which reject max_tokens.
	MaxTokens int
	// Temperature in [0, 2]. go-openai omits a zero temperature from the
	// request (the server would then use its own default, often 1.0), so a
	// zero value is sent as a tiny positive value that behaves as greedy
	// decoding. Not sent at all to OpenAI reasoning models, which reject it.
	Temperature float32

	// CircuitThreshold is the number of consecutive failures that opens the
	// circuit breaker. Zero means DefaultCircuitThreshold.
	CircuitThreshold int
	// CircuitCoolDown is how long the breaker stays open before letting one
	// probe call through. Zero means DefaultCircuitCoolDown.
	CircuitCoolDown time.Duration
	// OnCircuitChange, when set, is called once per state transition:
	// open=true when the breaker opens, open=false when it closes again.
	// Calls are serialised and made without holding the Client's locks, so
	// the callback may use the Client.
	OnCircuitChange func(open bool)
	// Now is the clock used by the circuit breaker. Nil means time.Now.
	// Tests inject a fake clock here.
	Now func() time.Time
}

// String describes the configuration without the API key.
func (c Config) String() string {
	key := "unset"
	if c.APIKey != "" {
		key = "set"
	}
	return fmt.Sprintf("llm.Config{BaseURL: %s, Model: %q, EmbeddingsModel: %q, Timeout: %s, MaxTokens: %d, Temperature: %g, APIKey: %s}",
		newScrubber(c.APIKey, c.BaseURL).redact(redactURL(c.BaseURL)), c.Model, c.EmbeddingsModel, c.Timeout, c.MaxTokens, c.Temperature, key)
}

// GoString makes %#v as safe as %v.
func (c Config) GoString() string { return c.String() }

// withDefaults validates c and returns a copy with defaults applied.
// Error messages never contain the API key.
func (c Config) withDefaults() (Config, error) {
	var errs []error
	if strings.TrimSpace(c.BaseURL) == "" {
		errs = append(errs, errors.New("BaseURL is required"))
	} else if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("BaseURL %s is not an absolute http(s) URL",
			newScrubber(c.APIKey, c.BaseURL).redact(redactURL(c.BaseURL))))
	}
	if strings.TrimSpace(c.Model) == "" {
		errs = append(errs, errors.New("llm.Config: Model is required"))
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("llm.Config: Timeout %s is negative", c.Timeout))
	}
	if c.MaxTokens < 0 {
		errs = append(errs, fmt.Errorf("llm.Config: MaxTokens %d is negative", c.MaxTokens))
	}
	if c.Temperature < 0 || c.Temperature > 2 {
		errs = append(errs, fmt.Errorf("llm.Config: Temperature %g is outside [0, 2]", c.Temperature))
	}
	if c.CircuitThreshold < 0 {
		errs = append(errs, fmt.Errorf("CircuitThreshold %d is negative", c.CircuitThreshold))
	}
	if c.CircuitCoolDown < 0 {
		errs = append(errs, fmt.Errorf("CircuitCoolDown %s is negative", c.CircuitCoolDown))
	}
	if strings.ContainsAny(c.APIKey, "\r\n") {
		errs = append(errs, errors.New("APIKey contains a line break"))
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("llm: invalid config: %w", errors.Join(errs...))
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.CircuitThreshold == 0 {
		c.CircuitThreshold = DefaultCircuitThreshold
	}
	if c.CircuitCoolDown == 0 {
		c.CircuitCoolDown = DefaultCircuitCoolDown
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c, nil
}

// redactURL hides a password embedded in a URL's user info.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Unparseable: do not echo it, it may hold credentials.
		return "<invalid URL>"
	}
	return u.Redacted()
}
