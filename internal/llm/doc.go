// Package llm wraps github.com/sashabaranov/go-openai into a small client for
// any OpenAI-compatible server (OpenAI, Ollama, llama.cpp, vLLM, ...).
//
// A Client offers three calls: Chat (one answer), ChatStream (the same,
// delivered piece by piece) and Embed (embedding vectors). Each call is bounded
// by Config.Timeout. Failures are reported as *Error values that wrap one of
// the sentinel errors (ErrTimeout, ErrRateLimited, ErrServer, ErrEmptyAnswer,
// ErrMalformed, ErrCircuitOpen, ...), so callers decide with errors.Is.
//
// A circuit breaker inside the Client stops calling a failing server: after
// Config.CircuitThreshold consecutive failures it opens for
// Config.CircuitCoolDown and fails fast with ErrCircuitOpen; after the
// cool-down one probe call goes through, and a success closes it again.
//
// The API key never appears in error strings, in Config.String or in
// Client.String: messages coming back from the server or the HTTP stack are
// scrubbed before they are wrapped, and go-openai's own error values are not
// kept in the error chain.
package llm
