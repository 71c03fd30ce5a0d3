package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/answer"
)

// idFor returns the id of a remembered bot message whose last turn
// answers question q.
func (m *memory) idFor(q string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	for el := m.order.Front(); el != nil; el = el.Next() {
		e := el.Value.(*memoryEntry)
		if len(e.turns) > 0 && e.turns[len(e.turns)-1].Question == q {
			return e.id
		}
	}
	return ""
}

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

func TestClassify(t *testing.T) {
	b := &Bot{channels: set([]string{"chan-q"})}
	b.selfID.Store("bot")
	human := &discordgo.User{ID: "u1"}
	botMsg := &discordgo.Message{ID: "prev", Author: &discordgo.User{ID: "bot", Bot: true}}
	tests := []struct {
		name    string
		m       discordgo.Message
		trigger string
		text    string
	}{
		{"mention", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "<@bot> combien ?"}, TriggerMention, "combien ?"},
		{"mention with comma", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "<@!bot>, combien ?"}, TriggerMention, "combien ?"},
		{"mention at the end", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "combien ? <@bot>"}, TriggerMention, "combien ?"},
		{"mentions list only", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "combien ?", Mentions: []*discordgo.User{{ID: "bot"}}}, TriggerMention, "combien ?"},
		{"dm", discordgo.Message{ChannelID: "dm", Author: human, Content: "combien ?"}, TriggerDM, "combien ?"},
		{"dm with @everyone", discordgo.Message{ChannelID: "dm", Author: human, Content: "@everyone combien ?"}, TriggerDM, "@everyone combien ?"},
		{"channel", discordgo.Message{GuildID: "g", ChannelID: "chan-q", Author: human, Content: "combien ?"}, TriggerChannel, "combien ?"},
		{"reply", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "et en 2019 ?", Type: discordgo.MessageTypeReply, ReferencedMessage: botMsg}, TriggerReply, "et en 2019 ?"},
		{"other channel", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "combien ?"}, "", ""},
		{"everyone in channel", discordgo.Message{GuildID: "g", ChannelID: "chan-q", Author: human, Content: "@everyone réunion", MentionEveryone: true}, "", ""},
		{"here in channel", discordgo.Message{GuildID: "g", ChannelID: "chan-q", Author: human, Content: "@here réunion"}, "", ""},
		{"everyone and mention", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "@everyone <@bot> combien ?", MentionEveryone: true}, TriggerMention, "@everyone  combien ?"},
		{"bot author", discordgo.Message{ChannelID: "dm", Author: &discordgo.User{ID: "b2", Bot: true}, Content: "combien ?"}, "", ""},
		{"self", discordgo.Message{ChannelID: "dm", Author: &discordgo.User{ID: "bot"}, Content: "combien ?"}, "", ""},
		{"system message", discordgo.Message{GuildID: "g", ChannelID: "chan-q", Author: human, Type: discordgo.MessageTypeGuildMemberJoin}, "", ""},
		{"no author", discordgo.Message{ChannelID: "dm", Content: "combien ?"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			trigger, text, ok := b.classify(&tt.m)
			if ok != (tt.trigger != "") || trigger != tt.trigger || (ok && text != tt.text) {
				t.Errorf("classify = %q, %q, %v; want %q, %q", trigger, text, ok, tt.trigger, tt.text)
			}
		})
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
		{"long embed", Reply{Embeds: []*discordgo.MessageEmbed{{Title: "T", Description: long, Footer: &discordgo.MessageEmbedFooter{Text: "pied"}}}}, 4},
		{"eleven small embeds", Reply{Embeds: func() []*discordgo.MessageEmbed {
			var es []*discordgo.MessageEmbed
			for range 11 {
				es = append(es, &discordgo.MessageEmbed{Description: "x"})
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
				for _, e := range p.embeds {
					if Length(e.Description) > MaxEmbedDescription || Length(e.Title) > MaxEmbedTitle {
						t.Errorf("part %d: embed over the limits", i)
					}
					total += embedLength(e)
				}
				if total > MaxEmbedTotal || len(p.embeds) > MaxEmbeds || Length(p.content) > MaxContent {
					t.Errorf("part %d over the limits: %d embed chars, %d embeds, %d content", i, total, len(p.embeds), Length(p.content))
				}
				if p.content == "" && len(p.embeds) == 0 {
					t.Errorf("part %d is empty", i)
				}
			}
			if tt.name == "long embed" {
				if ps[0].embeds[0].Title != "T" || ps[len(ps)-1].embeds[0].Footer == nil || ps[0].embeds[0].Footer != nil {
					t.Error("title should stay on the first piece and the footer on the last")
				}
			}
		})
	}
}

func TestNoMentionsSerialisesEmptyParse(t *testing.T) {
	// discordgo must send "parse":[] (an empty list), not omit it or send null.
	for _, v := range []any{
		&discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()},
		&discordgo.InteractionResponseData{Content: "x", AllowedMentions: noMentions()},
		&discordgo.WebhookEdit{AllowedMentions: noMentions()},
		&discordgo.WebhookParams{Content: "x", AllowedMentions: noMentions()},
	} {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(raw); !strings.Contains(got, `"allowed_mentions":{"parse":[],"replied_user":false}`) {
			t.Errorf("%T body = %s", v, got)
		}
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

func TestClassifyFailure(t *testing.T) {
	rest := func(status, code int) error {
		e := &discordgo.RESTError{Response: &http.Response{StatusCode: status, Status: http.StatusText(status)}}
		if code != 0 {
			e.Message = &discordgo.APIErrorMessage{Code: code}
		}
		return fmt.Errorf("send reply 1: %w", e)
	}
	dial := &url.Error{Op: "Post", URL: "https://discord.com/api/v9/x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
	reset := &url.Error{Op: "Post", URL: "https://discord.com/api/v9/x", Err: &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}}
	tests := []struct {
		name string
		err  error
		want failure
	}{
		{"500", rest(500, 0), failTransient},
		{"502", rest(502, 0), failTransient},
		{"503", rest(503, 0), failTransient},
		{"504", rest(504, 0), failTransient},
		{"502 after discordgo's retries", errors.New("Exceeded Max retries HTTP 502 Bad Gateway, {}"), failTransient},
		{"404", rest(404, 10008), failPermanent},
		{"already acknowledged", rest(400, 40060), failPermanent},
		{"401", rest(401, 0), failPermanent},
		{"connection refused", dial, failNotSent},
		{"connection reset", reset, failTransient},
		{"unexpected EOF", &url.Error{Op: "Post", URL: "u", Err: io.ErrUnexpectedEOF}, failTransient},
		{"cancelled", &url.Error{Op: "Post", URL: "u", Err: context.Canceled}, failPermanent},
		{"unverifiable follow-up", fmt.Errorf("%w (x)", errUnverifiable), failPermanent},
		{"other", errors.New("boom"), failPermanent},
	}
	for _, tt := range tests {
		if got := classify(tt.err); got != tt.want {
			t.Errorf("%s: classify = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	const base = 100 * time.Millisecond
	for n := range 8 {
		full := min(base<<n, maxRetryWait)
		seen := map[time.Duration]bool{}
		for range 50 {
			d := backoff(base, n)
			if d < full/2 || d > full {
				t.Fatalf("backoff(%v, %d) = %v, want within [%v, %v]", base, n, d, full/2, full)
			}
			seen[d] = true
		}
		if len(seen) < 2 {
			t.Errorf("backoff(%v, %d): no jitter", base, n)
		}
	}
}
