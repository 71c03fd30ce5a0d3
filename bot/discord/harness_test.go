package discord

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/bot"
	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/fakediscord"
	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/internal/testlog"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/prompts"
)

const (
	testToken    = "test-token-5ECRET-do-not-log"
	wait         = 30 * time.Second      // generous: waits end on events, this only bounds a failure
	qChannel     = "1000000000000000020" // a configured question channel
	adminRole    = "1000000000000000300"
	adminUserID  = "1000000000000000301"
	otherChannel = fakediscord.DefaultChannelID // a guild channel that is not configured
)

// shutdownBegun is logged once Shutdown began: from then on, questions
// asked are refused.
const shutdownBegun = "shutting down: finishing the questions received"

// scriptedAnswerer answers with the real answering layer, except for the
// questions given a canned answer, and records every request.
type scriptedAnswerer struct {
	real bot.Answerer
	fake *fakediscord.Server // where partial answers go

	mu       sync.Mutex
	canned   map[string]answer.Answer
	streamed map[string]string // canned answers first shown as a partial answer with this text
	requests []answer.Request
	gate     map[string]chan struct{} // questions that wait until the channel is closed
	started  chan string              // receives gated questions when they start
}

// showPartial gives text to the bot as the model's answer so far and waits
// until the fake Discord received a partial answer showing it.
func (s *scriptedAnswerer) showPartial(req answer.Request, text string) {
	shown := func() int {
		n := 0
		for _, r := range s.fake.Requests() {
			switch r.Route {
			case fakediscord.RouteCreateMessage, fakediscord.RouteEditMessage, fakediscord.RouteEditOriginal:
				if fakediscord.Succeeded(r) && strings.Contains(fmt.Sprint(r.Body), text) {
					n++
				}
			}
		}
		return n
	}
	before := shown()
	req.OnDelta(text)
	_ = s.fake.WaitUntil(wait, func() bool { return shown() > before })
}

func (s *scriptedAnswerer) Ask(ctx context.Context, req answer.Request) (answer.Answer, error) {
	s.mu.Lock()
	s.requests = append(s.requests, req)
	ans, canned := s.canned[req.Question]
	partial := s.streamed[req.Question]
	gate := s.gate[req.Question]
	s.mu.Unlock()
	if req.Question == "PANIQUE" {
		panic("scripted panic")
	}
	if req.Question == "PANIQUE EN ROUTE" && req.OnDelta != nil {
		s.showPartial(req, "Début de la réponse")
		panic("scripted panic after a partial answer")
	}
	if partial != "" && req.OnDelta != nil {
		s.showPartial(req, partial)
	}
	if gate != nil {
		s.started <- req.Question
		select {
		case <-gate:
		case <-ctx.Done():
			return answer.Answer{}, ctx.Err()
		}
	}
	if canned {
		return ans, nil
	}
	return s.real.Ask(ctx, req)
}

func (s *scriptedAnswerer) setCanned(q string, a answer.Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.canned[q] = a
}

// setStreamed gives q a canned answer, shown first as a partial answer
// with the text partial.
func (s *scriptedAnswerer) setStreamed(q, partial string, a answer.Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.canned[q] = a
	s.streamed[q] = partial
}

func (s *scriptedAnswerer) setGate(q string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan struct{})
	s.gate[q] = ch
	return ch
}

// request returns the last request for question q.
func (s *scriptedAnswerer) request(q string) (answer.Request, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.requests) - 1; i >= 0; i-- {
		if s.requests[i].Question == q {
			return s.requests[i], true
		}
	}
	return answer.Request{}, false
}

// harness is a bot served by an adapter connected to a fake Discord, over
// a knowledge base in a temporary directory (a copy of the embedded
// article).
type harness struct {
	fake    *fakediscord.Server
	bot     *bot.Bot
	adapter *Adapter
	store   *knowledge.Store
	ans     *scriptedAnswerer
	logs    *testlog.Buffer
	dir     string
}

// options are the bot's and the adapter's, as a test sets them; the
// adapter logs where the bot does unless told otherwise.
type options struct {
	bot.Options
	adapter Options
}

func newHarness(t testing.TB, mod func(*options)) *harness {
	t.Helper()
	ctx := context.Background()
	// A long heartbeat interval: discordgo reconnects after five missed ACKs,
	// and a loaded machine running -race can miss a few seconds.
	fake := fakediscord.New(t, fakediscord.WithToken(testToken), fakediscord.WithHeartbeatInterval(4*time.Second))
	dir := t.TempDir()
	copyDefaultKB(t, dir)
	store := knowledge.NewStore(knowledge.DirSource(dir), knowledge.Options{})
	if _, err := store.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	real := answer.New(store, prompts.Default(), answer.Options{})
	sa := &scriptedAnswerer{real: real, fake: fake, canned: map[string]answer.Answer{}, streamed: map[string]string{},
		gate: map[string]chan struct{}{}, started: make(chan string, 16)}
	logs := &testlog.Buffer{}
	// Attachments come from the fake's CDN, on loopback.
	attachments := fetch.New(fetch.Options{AllowHosts: AttachmentHosts(), ContentTypes: AttachmentTypes(), Timeout: wait},
		fetch.PermitAddrs(fake.Addr()), fetch.WrapTransport(fake.CDNTransport))
	opts := options{Options: bot.Options{
		Answerer:      sa,
		Knowledge:     store,
		Reloader:      store,
		Documents:     knowledge.NewEditor(dir, store, knowledge.Options{}),
		Attachments:   attachments,
		Channels:      []string{qChannel},
		AdminRoles:    []string{adminRole},
		AdminUsers:    []string{adminUserID},
		RateLimit:     3,
		RateWindow:    time.Hour,
		Logger:        slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		ShutdownGrace: 10 * time.Second,
	}, adapter: Options{GuildID: fakediscord.DefaultGuildID, TypingDelay: -1}} // the typing indicator at once, as the tests look for it
	if mod != nil {
		mod(&opts)
	}
	if opts.adapter.Logger == nil {
		opts.adapter.Logger = opts.Logger
	}
	sess, err := fake.Session(testToken)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(opts.Options)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(sess, b, opts.adapter)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	h := &harness{fake: fake, bot: b, adapter: a, store: store, ans: sa, logs: logs, dir: dir}
	t.Cleanup(func() {
		_ = a.Shutdown()
		if strings.Contains(logs.String(), testToken) {
			t.Error("the token appears in the logs")
		}
	})
	return h
}

// embeddedBot is a bot over the embedded article that answers with the
// real answering layer, for the tests that build their own adapter.
func embeddedBot(t testing.TB) *bot.Bot {
	t.Helper()
	store := knowledge.NewStore(knowledge.FSSource(knowledge.DefaultFS()), knowledge.Options{})
	if _, err := store.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(bot.Options{Answerer: answer.New(store, prompts.Default(), answer.Options{}), Knowledge: store, Reloader: store,
		RateLimit: 5, Channels: []string{qChannel}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func copyDefaultKB(t testing.TB, dir string) {
	t.Helper()
	err := fs.WalkDir(knowledge.DefaultFS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(knowledge.DefaultFS(), path)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// user returns a distinct human user for a test case.
func user(n int) fakediscord.User {
	return fakediscord.User{ID: fmt.Sprintf("20000000000000%05d", n), Username: fmt.Sprintf("user%d", n)}
}

func (h *harness) botUser() fakediscord.User { return h.fake.BotUser() }

func (h *harness) mention() string { return "<@" + h.botUser().ID + ">" }

// send dispatches a message and fails the test on error.
func (h *harness) send(t testing.TB, spec fakediscord.MessageSpec) string {
	t.Helper()
	id, err := h.fake.SendMessage(spec)
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	return id
}

// replyTo waits for the bot's message replying to message id.
func (h *harness) replyTo(t testing.TB, id string) fakediscord.Request {
	t.Helper()
	got, err := h.fake.WaitFor(wait, 1, isReplyTo(id))
	if err != nil {
		t.Fatalf("no reply to %s: %v", id, err)
	}
	return got[0]
}

func isReplyTo(id string) func(fakediscord.Request) bool {
	return func(r fakediscord.Request) bool {
		if r.Route != fakediscord.RouteCreateMessage || !fakediscord.Succeeded(r) {
			return false
		}
		ref, _ := r.Message()["message_reference"].(map[string]any)
		return ref != nil && ref["message_id"] == id
	}
}

// replyID is the id of the bot's (first) message replying to message id,
// "" when there is none yet. Once the bot is idle (bot.Bot.InFlight), the
// conversation it ends is remembered: a reply to it is a follow-up.
func (h *harness) replyID(id string) string {
	for _, m := range h.fake.Messages() {
		ref, _ := m["message_reference"].(map[string]any)
		if ref != nil && ref["message_id"] == id {
			s, _ := m["id"].(string)
			return s
		}
	}
	return ""
}

// repliesTo counts the successful replies to message id so far.
func (h *harness) repliesTo(id string) int {
	n := 0
	for _, r := range h.fake.Requests() {
		if isReplyTo(id)(r) {
			n++
		}
	}
	return n
}

// interaction dispatches an interaction.
func (h *harness) interaction(t testing.TB, spec fakediscord.InteractionSpec) fakediscord.SentInteraction {
	t.Helper()
	in, err := h.fake.SendInteraction(spec)
	if err != nil {
		t.Fatalf("SendInteraction: %v", err)
	}
	return in
}

// callback waits for the interaction's callback request.
func (h *harness) callback(t testing.TB, in fakediscord.SentInteraction) fakediscord.Request {
	t.Helper()
	got, err := h.fake.WaitFor(wait, 1, func(r fakediscord.Request) bool {
		return r.Route == fakediscord.RouteInteractionCallback && r.Params["interaction_id"] == in.ID
	})
	if err != nil {
		t.Fatalf("no callback for interaction %s: %v", in.ID, err)
	}
	return got[0]
}

// edit waits for the edit of the interaction's deferred response.
func (h *harness) edit(t testing.TB, in fakediscord.SentInteraction) fakediscord.Request {
	t.Helper()
	got, err := h.fake.WaitFor(wait, 1, func(r fakediscord.Request) bool {
		return r.Route == fakediscord.RouteEditOriginal && r.Params["interaction_token"] == in.Token
	})
	if err != nil {
		t.Fatalf("no edit for interaction %s: %v", in.ID, err)
	}
	return got[0]
}

// followups returns the follow-ups of an interaction so far.
func (h *harness) followups(in fakediscord.SentInteraction) []fakediscord.Request {
	var out []fakediscord.Request
	for _, r := range h.fake.Requests() {
		if r.Route == fakediscord.RouteCreateFollowup && r.Params["interaction_token"] == in.Token {
			out = append(out, r)
		}
	}
	return out
}

// text is everything a message body shows: content and embed texts.
func text(msg map[string]any) string {
	var parts []string
	if c, _ := msg["content"].(string); c != "" {
		parts = append(parts, c)
	}
	embeds, _ := msg["embeds"].([]any)
	for _, e := range embeds {
		em, _ := e.(map[string]any)
		for _, k := range []string{"title", "description"} {
			if s, _ := em[k].(string); s != "" {
				parts = append(parts, s)
			}
		}
		fields, _ := em["fields"].([]any)
		for _, f := range fields {
			fm, _ := f.(map[string]any)
			parts = append(parts, fmtAny(fm["name"])+" "+fmtAny(fm["value"]))
		}
		if ft, _ := em["footer"].(map[string]any); ft != nil {
			parts = append(parts, fmtAny(ft["text"]))
		}
	}
	return strings.Join(parts, "\n")
}

func fmtAny(v any) string {
	s, _ := v.(string)
	return s
}

func flagsOf(msg map[string]any) int {
	f, _ := msg["flags"].(float64)
	return int(f)
}

// assertClean fails on spec violations, mention violations, unexpected
// routes and gateway errors recorded by the fake.
func (h *harness) assertClean(t testing.TB) {
	t.Helper()
	h.fake.AssertClean(t)
}

// eventually polls cond until it holds or the wait is over.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Errorf("%s: not within %v", what, wait)
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
