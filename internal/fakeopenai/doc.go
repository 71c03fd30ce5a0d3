// Package fakeopenai is an in-process fake of an OpenAI-compatible API for
// tests, built on net/http/httptest.
//
// It serves POST /v1/chat/completions (plain and streaming with
// "stream": true, as server-sent events ending in "data: [DONE]"),
// POST /v1/embeddings (deterministic hashed bag-of-words vectors, see
// HashEmbedding) and GET /v1/models.
//
// Every request body is validated against OpenAI's official OpenAPI
// description, read from ../shared/openai-openapi/openapi.yaml next to the
// repository root (the directory holding go.mod). The file is loaded once per
// test process; bodies are checked against the request schema of their
// operation. Problems are exposed by ValidationErrors and, unless
// WithLenientValidation is given, fail the test when it ends. When ../shared
// is absent the check is skipped and SpecSkipped says so.
//
// Answers are scripted per endpoint with a queue (Reply, ReplyStream, Fail,
// Hang, Garbage, Enqueue) and, when the queue is empty, an optional hook
// (Handle); otherwise chat answers DefaultReply. Every request is recorded
// (Requests).
//
//	srv := fakeopenai.New(t)
//	srv.Reply("La visioconférence a eu lieu le 23 avril [1].")
//	srv.Fail(http.StatusTooManyRequests, 1)
//	client := newClient(srv.URL()) // base URL ending in /v1
package fakeopenai
