package bot

import (
	"bytes"
	"errors"
	"sync"
	"testing"
)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestNewErrors(t *testing.T) {
	if _, err := New(Options{}); !errors.Is(err, ErrNoAnswerer) {
		t.Errorf("no answerer: %v", err)
	}
	b, _ := renderBot(t, StyleEmbed)
	if _, err := New(Options{Answerer: b.opts.Answerer, ReplyStyle: "html"}); err == nil {
		t.Error("a bad reply style was accepted")
	}
}
