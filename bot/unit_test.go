package bot

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/articlebot/articlebot/bot/answer"
)

func TestRateLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	r := newRateLimiter(3, time.Minute, clock)
	steps := []struct {
		advance   time.Duration
		user      string
		ok, first bool
	}{
		{0, "a", true, false},
		{0, "a", true, false},
		{0, "a", true, false},
		{0, "a", false, true},  // fourth in a minute: refused, told
		{0, "a", false, false}, // refused again, quietly
		{0, "b", true, false},  // others are not affected
		{20 * time.Second, "a", true, false},
		{0, "a", false, true},
		{time.Hour, "a", true, false},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		d := r.allow(s.user)
		if d.OK != s.ok || (!d.OK && d.FirstDeny != s.first) {
			t.Errorf("step %d (%s): %+v, want ok=%v first=%v", i, s.user, d, s.ok, s.first)
		}
		if !d.OK && (d.RetryAfter <= 0 || d.RetryAfter > 20*time.Second) {
			t.Errorf("step %d: RetryAfter %v", i, d.RetryAfter)
		}
	}
	if off := newRateLimiter(0, time.Minute, clock); !off.allow("x").OK || off.size() != 0 {
		t.Error("a zero limit should disable the limiter")
	}
}

func TestRateLimiterBounded(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	r := newRateLimiter(5, time.Minute, func() time.Time { return now })
	r.maxUsers = 100
	for i := range 1000 {
		now = now.Add(time.Millisecond)
		r.allow(strings.Repeat("u", 1+i%7) + string(rune('a'+i%26)) + time.Duration(i).String())
	}
	if n := r.size(); n > 100 {
		t.Errorf("%d users tracked, want at most 100", n)
	}
}

func TestMemory(t *testing.T) {
	m := newMemory(3, 2)
	turn := func(q string) answer.Turn { return answer.Turn{Question: q, Answer: "réponse à " + q} }
	m.remember([]answer.Turn{turn("q1")}, "m1", "m1b")
	m.remember([]answer.Turn{turn("q1"), turn("q2"), turn("q3")}, "m3")
	if got, ok := m.recall("m1"); !ok || len(got) != 1 || got[0].Question != "q1" {
		t.Errorf("recall(m1) = %v, %v", got, ok)
	}
	if got, _ := m.recall("m3"); len(got) != 2 || got[0].Question != "q2" {
		t.Errorf("recall(m3) = %v, want the last two turns", got)
	}
	m.remember([]answer.Turn{turn("q4")}, "m4") // evicts the least recently used: m1b
	if _, ok := m.recall("m1b"); ok {
		t.Error("m1b should have been evicted")
	}
	if m.len() != 3 {
		t.Errorf("len = %d, want 3", m.len())
	}
}

func TestParts(t *testing.T) {
	long := strings.Repeat("Une phrase assez longue pour remplir la description. ", 300) // ~16,000
	tests := []struct {
		name     string
		r        Reply
		messages int
	}{
		{"empty", Reply{}, 1},
		{"short content", Reply{Content: "ok"}, 1},
		{"long content", Reply{Content: long}, 9},
		{"long embed", Reply{Embeds: []*Embed{{Title: "T", Description: long, Footer: &Footer{Text: "pied"}}}}, 4},
		{"eleven small embeds", Reply{Embeds: func() []*Embed {
			var es []*Embed
			for range 11 {
				es = append(es, &Embed{Description: "x"})
			}
			return es
		}()}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.r.parts()
			if len(ps) != tt.messages {
				t.Errorf("%d messages, want %d", len(ps), tt.messages)
			}
			for i, p := range ps {
				total := 0
				for _, e := range p.Embeds {
					if Length(e.Description) > MaxEmbedDescription || Length(e.Title) > MaxEmbedTitle {
						t.Errorf("part %d: embed over the limits", i)
					}
					total += embedLength(e)
				}
				if total > MaxEmbedTotal || len(p.Embeds) > MaxEmbeds || Length(p.Content) > MaxContent {
					t.Errorf("part %d over the limits: %d embed chars, %d embeds, %d content", i, total, len(p.Embeds), Length(p.Content))
				}
				if p.Content == "" && len(p.Embeds) == 0 {
					t.Errorf("part %d is empty", i)
				}
			}
			if tt.name == "long embed" {
				if ps[0].Embeds[0].Title != "T" || ps[len(ps)-1].Embeds[0].Footer == nil || ps[0].Embeds[0].Footer != nil {
					t.Error("title should stay on the first piece and the footer on the last")
				}
			}
		})
	}
}

func TestFrDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "1 s", 1500 * time.Millisecond: "2 s", time.Minute: "1 min", 150 * time.Second: "2 min 30 s", time.Hour: "1 h",
	} {
		if got := frDuration(d); got != want {
			t.Errorf("frDuration(%v) = %q, want %q", d, got, want)
		}
	}
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
