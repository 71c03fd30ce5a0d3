package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/testlog"
)

// Unit tests of the middlewares (middleware.go), against a conversation
// that records what the adapter was asked to do; the end-to-end tests go
// through the fake Discord.

// recordingConversation is a conversation that records its calls.
type recordingConversation struct {
	mu        sync.Mutex
	calls     []string // "ack", "ack ephemeral", "send", "fail"
	sent      []Reply
	failed    []Reply
	ackErr    error
	sendErr   error
	sendPanic bool
	ids       []string // what Send returns: the messages showing the reply
}

var _ Conversation = (*recordingConversation)(nil)

func (c *recordingConversation) record(call string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, call)
}

func (c *recordingConversation) Ack(context.Context, bool) (*Stream, error) {
	return nil, c.ackErr
}

func (c *recordingConversation) Send(_ context.Context, r Reply) ([]string, error) {
	if c.sendPanic {
		panic("send panics")
	}
	c.record("send")
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, r)
	return c.ids, c.sendErr
}

func (c *recordingConversation) Fail(_ context.Context, r Reply) {
	c.record("fail")
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failed = append(c.failed, r)
}

func (c *recordingConversation) history() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.calls...)
}

// ackRecorder records whether the acknowledgement was ephemeral.
type ackRecorder struct{ *recordingConversation }

func (c ackRecorder) Ack(ctx context.Context, eph bool) (*Stream, error) {
	if eph {
		c.record("ack ephemeral")
	} else {
		c.record("ack")
	}
	return c.recordingConversation.Ack(ctx, eph)
}

// countingObserver counts the question events.
type countingObserver struct {
	mu     sync.Mutex
	events []QuestionEvent
}

func (o *countingObserver) Question(ev QuestionEvent) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.events = append(o.events, ev)
}

func (o *countingObserver) Reload(bool) {}

func (o *countingObserver) seen() []QuestionEvent {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]QuestionEvent(nil), o.events...)
}

// cannedAnswerer answers every question with "42", and panics on "PANIQUE".
type cannedAnswerer struct{}

func (cannedAnswerer) Ask(_ context.Context, req answer.Request) (answer.Answer, error) {
	if req.Question == "PANIQUE" {
		panic("scripted panic")
	}
	return answer.Answer{Question: req.Question, Text: "42", Found: true, Mode: answer.ModeTemplate}, nil
}

// middlewareBot is a Bot that never connects, with its log and observer.
func middlewareBot(t *testing.T) (*Bot, *testlog.Buffer, *countingObserver) {
	t.Helper()
	logs, obs := &testlog.Buffer{}, &countingObserver{}
	b, err := New(Options{
		Answerer:   cannedAnswerer{},
		AdminUsers: []string{"listed-admin"},
		AdminRoles: []string{"admin-role"},
		Logger:     slog.New(slog.NewTextHandler(logs, nil)),
		Observer:   obs,
	})
	if err != nil {
		t.Fatal(err)
	}
	return b, logs, obs
}

// command is an invocation of a slash command by a guild member; manager:
// they have the Administrator or Manage Server permission (the adapter
// reads it from theirs, see discord.TestInvocation).
func command(name string, manager bool, roles []string, userID string, opts ...OptionValue) *Invocation {
	inv := &Invocation{Kind: KindCommand, ID: "1", Label: "/" + name, Command: name, Trigger: TriggerSlash,
		UserID: userID, Member: &Member{Roles: roles, Manager: manager}, Options: map[string]any{}}
	for _, o := range opts {
		inv.Options[o.Name] = o.Value
	}
	inv.job = job{kind: "interaction", trigger: "/" + name, id: inv.ID}
	return inv
}

// messageQuestion is a question asked by direct message.
func messageQuestion(text string) *Invocation {
	return &Invocation{Kind: KindMessage, ID: "2", Label: TriggerDM, UserID: "asker", Text: text, Trigger: TriggerDM,
		job: job{kind: "message", trigger: TriggerDM, id: "2"}}
}

func textOption(text string) OptionValue {
	return OptionValue{Name: optText, Value: text}
}

func TestChainOrder(t *testing.T) {
	var got []string
	mark := func(name string) Middleware {
		return func(next Handler) Handler {
			return func(ctx context.Context, inv *Invocation) Reply {
				got = append(got, name+" in")
				r := next(ctx, inv)
				got = append(got, name+" out")
				return r
			}
		}
	}
	h := chain(func(context.Context, *Invocation) Reply { got = append(got, "handler"); return Reply{} }, mark("outer"), mark("inner"))
	h(context.Background(), &Invocation{})
	want := "outer in,inner in,handler,inner out,outer out"
	if s := strings.Join(got, ","); s != want {
		t.Errorf("order %s, want %s", s, want)
	}
}

func TestRecovered(t *testing.T) {
	panics := func(context.Context, *Invocation) Reply { panic("boom") }
	answers := func(context.Context, *Invocation) Reply { return Reply{Content: "ok"} }
	tests := []struct {
		name      string
		handler   Handler
		sendPanic bool
		wantCalls string // the conversation's calls
		wantLog   bool   // "handler panic" with the stack
	}{
		{"a panicking handler", panics, false, "fail", true},
		{"a panicking adapter", answers, true, "fail", true},
		{"no panic", answers, false, "send", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, logs, obs := middlewareBot(t)
			conv := &recordingConversation{sendPanic: tt.sendPanic}
			inv := command(cmdHelp, false, nil, "u")
			inv.Conversation = conv
			inv.event = &QuestionEvent{Trigger: TriggerSlash, Outcome: OutcomeAnswered}
			r := chain(tt.handler, b.recovered, b.observed, b.sent)(context.Background(), inv)
			if got := strings.Join(conv.history(), ","); got != tt.wantCalls {
				t.Fatalf("conversation calls %q, want %q", got, tt.wantCalls)
			}
			if !tt.wantLog {
				if strings.Contains(logs.String(), "handler panic") || r.Content != "ok" {
					t.Errorf("reply %+v, log:\n%s", r, logs.String())
				}
				return
			}
			if !r.Quiet {
				t.Errorf("after a panic the chain returned %+v, want a quiet reply (the apology goes through fail)", r)
			}
			if f := conv.failed[0]; f.Content != fr(msgError) || !f.Ephemeral {
				t.Errorf("apology %+v, want an ephemeral %q", f, fr(msgError))
			}
			l := logs.String()
			if !strings.Contains(l, "handler panic") || !strings.Contains(l, "goroutine") || !strings.Contains(l, "trigger=/aide") {
				t.Errorf("no operator log line with the stack:\n%s", l)
			}
			if n := len(obs.seen()); n != 0 {
				t.Errorf("%d events recorded for a panic, want none", n)
			}
		})
	}
}

func TestRequireAdmin(t *testing.T) {
	tests := []struct {
		name    string
		inv     *Invocation
		allowed bool
	}{
		{"member without rights", command(cmdReload, false, nil, "u"), false},
		{"member with Manage Server or Administrator", command(cmdReload, true, nil, "u"), true},
		{"member with an admin role", command(cmdReload, false, []string{"other", "admin-role"}, "u"), true},
		{"listed user", command(cmdReload, false, nil, "listed-admin"), true},
		{"a message", messageQuestion("recharge"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, logs, _ := middlewareBot(t)
			ran := false
			r := b.requireAdmin(func(context.Context, *Invocation) Reply { ran = true; return Reply{Content: "done"} })(context.Background(), tt.inv)
			if ran != tt.allowed {
				t.Fatalf("handler ran = %v, want %v", ran, tt.allowed)
			}
			if !tt.allowed && (r.Content != fr(msgNotAdmin) || !r.Ephemeral || !strings.Contains(logs.String(), "admin command refused")) {
				t.Errorf("refusal %+v, want an ephemeral %q, logged; log:\n%s", r, fr(msgNotAdmin), logs.String())
			}
		})
	}

	// Through the command table: the admin-only commands refuse a
	// non-admin before anything is acknowledged.
	for _, name := range []string{cmdReload, cmdUnanswered, cmdAdd, cmdRemove} {
		t.Run("table "+name, func(t *testing.T) {
			b, _, _ := middlewareBot(t)
			conv := &recordingConversation{}
			inv := command(name, false, nil, "u")
			inv.Conversation = ackRecorder{conv}
			r := b.route(context.Background(), inv)
			if r.Content != fr(msgNotAdmin) || !r.Ephemeral || len(conv.history()) != 0 {
				t.Errorf("/%s by a non-admin: %+v, conversation %v; want an ephemeral refusal, nothing acknowledged", name, r, conv.history())
			}
		})
	}
}

func TestDeferred(t *testing.T) {
	t.Run("slow command", func(t *testing.T) {
		conv := &recordingConversation{}
		inv := command("lente", false, nil, "u")
		inv.Conversation = ackRecorder{conv}
		release := make(chan struct{})
		started := make(chan []string, 1)
		slow := func(context.Context, *Invocation) Reply {
			started <- conv.history()
			<-release
			return Reply{Content: "enfin"}
		}
		done := make(chan Reply)
		go func() { done <- chain(slow, ephemeral, deferred)(context.Background(), inv) }()
		if got := strings.Join(<-started, ","); got != "ack ephemeral" {
			t.Errorf("before the slow handler ran: %q, want an ephemeral acknowledgement", got)
		}
		close(release)
		if r := <-done; r.Content != "enfin" || !r.Ephemeral {
			t.Errorf("reply %+v", r)
		}
	})

	tests := []struct {
		name     string
		inv      func() *Invocation
		ackErr   error
		wantAcks string
		wantRan  bool
	}{
		{"the question acknowledged, publicly", func() *Invocation { return command(cmdQuestion, false, nil, "u", textOption("Combien ?")) }, nil, "ack", true},
		{"an admin command acknowledged, ephemeral", func() *Invocation { return command(cmdReload, true, nil, "u") }, nil, "ack ephemeral", true},
		{"a refused question is not acknowledged", func() *Invocation { return command(cmdQuestion, false, nil, "u", textOption(" ")) }, nil, "", false},
		{"a quick command is not acknowledged", func() *Invocation { return command(cmdDocuments, false, nil, "u") }, nil, "", true},
		{"the acknowledgement fails", func() *Invocation { return command(cmdSummary, false, nil, "u") }, errors.New("gone"), "ack", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _, _ := middlewareBot(t)
			conv := &recordingConversation{ackErr: tt.ackErr}
			inv := tt.inv()
			inv.Conversation = ackRecorder{conv}
			ran := false
			cmd := *b.byName[inv.Command]
			h := chain(func(ctx context.Context, inv *Invocation) Reply { ran = true; return cmd.Handler(ctx, inv) }, cmd.Use...)
			r := h(context.Background(), inv)
			if got := strings.Join(conv.history(), ","); got != tt.wantAcks || ran != tt.wantRan {
				t.Errorf("acknowledgements %q, handler ran %v; want %q, %v (reply %+v)", got, ran, tt.wantAcks, tt.wantRan, r)
			}
			if tt.ackErr != nil && !r.Quiet {
				t.Errorf("after a failed acknowledgement the reply is %+v, want quiet", r)
			}
		})
	}
}

func TestObservedOncePerQuestion(t *testing.T) {
	tests := []struct {
		name    string
		inv     func() *Invocation
		sendErr error
		want    []string // outcomes recorded, in order
	}{
		{"answered by message", func() *Invocation { return messageQuestion("Combien ?") }, nil, []string{OutcomeAnswered}},
		{"answered by /question", func() *Invocation { return command(cmdQuestion, false, nil, "u", textOption("Combien ?")) }, nil, []string{OutcomeAnswered}},
		{"refused by message", func() *Invocation { return messageQuestion(strings.Repeat("a", 600)) }, nil, []string{OutcomeRefused}},
		{"refused by /question", func() *Invocation { return command(cmdQuestion, false, nil, "u", textOption(" ")) }, nil, []string{OutcomeRefused}},
		{"reply not sent", func() *Invocation { return messageQuestion("Combien ?") }, errors.New("503"), []string{OutcomeError}},
		{"not a question", func() *Invocation { return command(cmdHelp, false, nil, "u") }, nil, nil},
		{"panic", func() *Invocation { return messageQuestion("PANIQUE") }, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _, obs := middlewareBot(t)
			conv := &recordingConversation{sendErr: tt.sendErr}
			inv := tt.inv()
			inv.Conversation = conv
			inv.Created = time.Now()
			b.serve(context.Background(), inv) // the whole chain, as Serve runs it
			deadline := time.Now().Add(5 * time.Second)
			for b.InFlight() > 0 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			if b.InFlight() > 0 {
				t.Fatal("the invocation did not end")
			}
			var got []string
			for _, ev := range obs.seen() {
				got = append(got, ev.Outcome)
				if want := inv.Trigger; ev.Trigger != want {
					t.Errorf("trigger %q, want %q", ev.Trigger, want)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("outcomes recorded %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSentRemembers: the conversation an answer ends is remembered for the
// messages the conversation says show it (and only those), so that a reply
// to one of them is a follow-up.
func TestSentRemembers(t *testing.T) {
	b, _, _ := middlewareBot(t)
	turns := []answer.Turn{{Question: "Combien ?", Answer: "42"}}
	answered := func(context.Context, *Invocation) Reply { return Reply{Content: "42", turns: turns} }
	for _, tt := range []struct {
		name string
		ids  []string
	}{
		{"an answer", []string{"m1", "m2"}},
		{"nothing to remember", nil},
	} {
		inv := messageQuestion("Combien ?")
		inv.Conversation = &recordingConversation{ids: tt.ids}
		chain(answered, b.sent)(context.Background(), inv)
		for _, id := range tt.ids {
			if got, ok := b.memory.recall(id); !ok || len(got) != 1 || got[0].Answer != "42" {
				t.Errorf("%s: message %s remembers %v, %v", tt.name, id, got, ok)
			}
		}
	}
	if n := b.memory.len(); n != 2 {
		t.Errorf("%d messages remembered, want 2", n)
	}
}
