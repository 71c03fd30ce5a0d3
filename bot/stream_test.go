package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// sendLog records what a stream sends.
type sendLog struct {
	mu    sync.Mutex
	texts []string
	ids   []string // the id each send was given
	start []time.Time
	end   []time.Time
	fail  error
}

func (l *sendLog) send(r Reply, id string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.start = append(l.start, time.Now())
	if l.fail != nil {
		return "", l.fail
	}
	l.texts = append(l.texts, r.Content)
	l.ids = append(l.ids, id)
	time.Sleep(2 * time.Millisecond) // a request
	l.end = append(l.end, time.Now())
	return "m1", nil
}

func newTestStream(interval time.Duration, l *sendLog) *Stream {
	s := NewStream(interval, l.send)
	s.render = func(text string) Reply { return Reply{Content: text} }
	return s
}

func TestStreamPaced(t *testing.T) {
	const interval = 40 * time.Millisecond
	l := &sendLog{}
	s := newTestStream(interval, l)
	var all strings.Builder
	sent := func() int { l.mu.Lock(); defer l.mu.Unlock(); return len(l.texts) }
	// Pieces keep coming until several partials went out, however slow
	// the machine.
	for i := 0; i < 40 || sent() < 3; i++ {
		if i == 100000 {
			t.Fatalf("%d partials sent for %d pieces", sent(), i)
		}
		piece := strings.Repeat("x", i%3+1) + " "
		all.WriteString(piece)
		s.delta(piece)
		time.Sleep(5 * time.Millisecond)
	}
	id, err := s.Finish(context.Background())
	done := time.Now()
	if err != nil || id != "m1" {
		t.Fatalf("finish = %q, %v", id, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.texts) < 2 || s.partials() != len(l.texts) {
		t.Fatalf("%d partials sent (%d counted) at one per %v, want several", len(l.texts), s.partials(), interval)
	}
	for i := 1; i < len(l.start); i++ {
		if gap := l.start[i].Sub(l.end[i-1]); gap < interval {
			t.Errorf("send %d started %v after the previous one ended, want at least %v", i, gap, interval)
		}
		if !strings.HasPrefix(l.texts[i], l.texts[i-1]) || l.texts[i] == l.texts[i-1] {
			t.Errorf("partial %d %q does not extend %q", i, l.texts[i], l.texts[i-1])
		}
	}
	if !strings.HasPrefix(all.String(), l.texts[len(l.texts)-1]) {
		t.Errorf("last partial %q is not a prefix of the answer", l.texts[len(l.texts)-1])
	}
	if l.ids[0] != "" || l.ids[len(l.ids)-1] != "m1" {
		t.Errorf("ids given to send = %q, want \"\" first, then the message's", l.ids)
	}
	if gap := done.Sub(l.end[len(l.end)-1]); gap < interval {
		t.Errorf("finish returned %v after the last partial, want at least %v (the final edit keeps the pace)", gap, interval)
	}
	n := len(l.texts)
	s.delta("after the end")
	time.Sleep(2 * interval)
	if len(l.texts) != n {
		t.Error("a piece after finish was sent")
	}
}

func TestStreamNothingShown(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name     string
		interval time.Duration
		pieces   []string
		fail     error
		wantErr  error
		wantSent int
	}{
		{"no piece", 10 * time.Millisecond, nil, nil, nil, 0},
		{"blank", 10 * time.Millisecond, []string{" ", "\n"}, nil, nil, 0},
		{"not found marker", 10 * time.Millisecond, []string{"NON", "_TROU", "VÉ"}, nil, nil, 0},
		{"disabled", -1, []string{"Le secteur emploie"}, nil, nil, 0},
		{"send fails", 10 * time.Millisecond, []string{"Le secteur", " emploie"}, boom, boom, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &sendLog{fail: tt.fail}
			s := newTestStream(tt.interval, l)
			for _, p := range tt.pieces {
				s.delta(p)
				time.Sleep(15 * time.Millisecond)
			}
			id, err := s.Finish(context.Background())
			if id != "" || !errors.Is(err, tt.wantErr) {
				t.Errorf("finish = %q, %v; want no message and %v", id, err, tt.wantErr)
			}
			l.mu.Lock()
			defer l.mu.Unlock()
			if len(l.texts) != tt.wantSent || s.partials() != 0 {
				t.Errorf("sent %q", l.texts)
			}
			if tt.fail != nil && len(l.start) != 1 {
				t.Errorf("%d sends tried, want one and then none after the failure", len(l.start))
			}
		})
	}
	var nilStream *Stream
	nilStream.delta("x")
	if id, err := nilStream.Finish(context.Background()); id != "" || err != nil || nilStream.partials() != 0 {
		t.Error("a nil stream should do nothing")
	}
}

func TestShowable(t *testing.T) {
	for text, want := range map[string]bool{
		"":                      false,
		"  ":                    false,
		"N":                     false, // may become the marker
		"NON_TROUVÉ":            false,
		" NON_TROUVÉ.":          false,
		"Non, l'article":        true,
		"Le secteur emploie":    true,
		"Près de 80.000 [4]":    true,
		"Réponse : NON_TROUVÉ ": false,
	} {
		if got := showable(text); got != want {
			t.Errorf("showable(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestUserHash(t *testing.T) {
	a, b := userHash("200000000000000001"), userHash("200000000000000002")
	if a == b || len(a) != 12 || strings.Contains(a, "2000") || userHash("200000000000000001") != a || userHash("") != "" {
		t.Errorf("userHash: %q, %q", a, b)
	}
}
