package discord

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/fakediscord"
	"github.com/articlebot/articlebot/internal/unanswered"
)

// owned selects the bot's messages that belong to one reply.
type owned func(msg map[string]any) bool

// replying selects the bot's replies to message id.
func replying(id string) owned {
	return func(msg map[string]any) bool {
		ref, _ := msg["message_reference"].(map[string]any)
		return ref != nil && ref["message_id"] == id
	}
}

// ofInteraction selects the response and follow-ups of interaction id.
func ofInteraction(id string) owned {
	return func(msg map[string]any) bool {
		meta, _ := msg["interaction_metadata"].(map[string]any)
		return meta != nil && meta["id"] == id
	}
}

// messagesOf returns the messages the fake holds that match sel, oldest
// first.
func (h *harness) messagesOf(sel owned) []map[string]any {
	var out []map[string]any
	for _, m := range h.fake.Messages() {
		if sel(m) {
			out = append(out, m)
		}
	}
	return out
}

// settled waits until the messages of sel number at least n and show want
// (an interaction response no longer "thinking"), then until the bot is
// idle, and returns the messages.
func (h *harness) settled(t *testing.T, sel owned, n int, want string) []map[string]any {
	t.Helper()
	shows := func() bool {
		msgs := h.messagesOf(sel)
		if len(msgs) < n {
			return false
		}
		var all []string
		for _, m := range msgs {
			if f, _ := m["flags"].(int); f&128 != 0 {
				return false // still "thinking…"
			}
			all = append(all, text(m))
		}
		return strings.Contains(strings.Join(all, "\n"), want)
	}
	if err := h.fake.WaitUntil(wait, shows); err != nil {
		t.Errorf("the reply did not arrive: %v", err)
	}
	eventually(t, "the bot idle", func() bool { return h.bot.InFlight() == 0 })
	return h.messagesOf(sel)
}

// TestTransientDiscordErrors injects one 500, 503 or 504 into each kind of
// request that carries a reply — before the request takes effect, or after
// it did (only the response is lost) — and checks that the reply arrives,
// exactly once. It reports the replies lost and duplicated:
//
//	go test ./bot/discord -run TestTransientDiscordErrors -v
func TestTransientDiscordErrors(t *testing.T) {
	h := newHarness(t, func(o *options) {
		o.RateLimit = 0
		o.adapter.RetryWait = 10 * time.Millisecond
		o.adapter.StreamInterval = 10 * time.Millisecond
	})
	defer h.assertClean(t)
	const question = "Combien de salariés emploie le secteur ?"
	long := strings.TrimSpace(strings.Repeat("Le secteur des centres d'appels emploie près de 80.000 salariés, surtout de jeunes diplômés.\n", 120))
	longAnswer := answer.Answer{Text: long, Found: true, Mode: answer.ModeTemplate, Lang: "fr"}
	h.ans.setCanned("question longue", longAnswer)
	h.ans.setStreamed("question en flux", "Début de la réponse en flux",
		answer.Answer{Text: "Réponse finale, après le flux.", Found: true, Mode: answer.ModeTemplate, Lang: "fr"})

	dm := func(q string) func(t *testing.T, n int) owned {
		return func(t *testing.T, n int) owned {
			return replying(h.send(t, fakediscord.MessageSpec{DM: true, Author: user(5000 + n), Content: q}))
		}
	}
	slash := func(command, q string) func(t *testing.T, n int) owned {
		return func(t *testing.T, n int) owned {
			spec := fakediscord.InteractionSpec{CommandName: command, User: user(5000 + n)}
			if q != "" {
				spec.Options = []fakediscord.CommandOption{{Name: "texte", Type: discordgo.ApplicationCommandOptionString, Value: q}}
			}
			return ofInteraction(h.interaction(t, spec).ID)
		}
	}
	// The messages the long answer takes, as sent when nothing fails.
	in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "question", User: user(4999),
		Options: []fakediscord.CommandOption{{Name: "texte", Type: discordgo.ApplicationCommandOptionString, Value: "question longue"}}})
	h.edit(t, in)
	eventually(t, "the long answer sent", func() bool { return h.bot.InFlight() == 0 })
	longParts := 1 + len(h.followups(in))
	if longParts < 2 {
		t.Fatalf("the long answer takes %d message(s): the follow-up case would prove nothing", longParts)
	}
	requests := []struct {
		name  string
		route string // where the error is injected
		ask   func(t *testing.T, n int) owned
		parts int    // messages the reply takes
		want  string // in the reply
	}{
		{"reply", fakediscord.RouteCreateMessage, dm(question), 1, "80.000"},
		{"streamed reply, final edit", fakediscord.RouteEditMessage, dm("question en flux"), 1, "Réponse finale, après le flux."},
		{"slash response", fakediscord.RouteInteractionCallback, slash("aide", ""), 1, "/question"},
		{"deferred slash, acknowledgement", fakediscord.RouteInteractionCallback, slash("question", question), 1, "80.000"},
		{"deferred slash, answer", fakediscord.RouteEditOriginal, slash("question", question), 1, "80.000"},
		{"deferred slash, follow-up", fakediscord.RouteCreateFollowup, slash("question", "question longue"), longParts, "jeunes diplômés"},
	}
	type fault struct {
		name   string
		inject func(route string, status int)
	}
	faults := []fault{
		{"before", func(route string, status int) { h.fake.Fail5xx(route, 1, status) }},
		{"after", func(route string, status int) { h.fake.FailAfter5xx(route, 1, status) }},
	}
	var mu sync.Mutex
	cases, lost, doubled := 0, 0, 0
	n := 0
	for _, rq := range requests {
		for _, status := range []int{http.StatusInternalServerError, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
			for _, f := range faults {
				n++
				t.Run(fmt.Sprintf("%s/%d %s", rq.name, status, f.name), func(t *testing.T) {
					before := len(h.fake.Requests())
					f.inject(rq.route, status)
					sel := rq.ask(t, n)
					msgs := h.settled(t, sel, rq.parts, rq.want)
					injected := false
					for _, r := range h.fake.Requests()[before:] {
						injected = injected || (r.Route == rq.route && r.Status == status)
					}
					if !injected {
						t.Fatalf("no %d was injected on %s: the case proves nothing", status, rq.route)
					}
					var all []string
					for _, m := range msgs {
						all = append(all, text(m))
					}
					mu.Lock()
					defer mu.Unlock()
					cases++
					switch {
					case len(msgs) < rq.parts || !strings.Contains(strings.Join(all, "\n"), rq.want):
						lost++
						t.Errorf("%d message(s), want %d showing %q: %q", len(msgs), rq.parts, rq.want, all)
					case len(msgs) > rq.parts:
						doubled++
						t.Errorf("%d messages, want %d: the reply was posted twice: %q", len(msgs), rq.parts, all)
					}
				})
			}
		}
	}
	t.Logf("one injected 500, 503 or 504: %d replies, %d lost, %d posted twice", cases, lost, doubled)
	if !strings.Contains(h.logs.String(), "discord request failed, retrying") {
		t.Error("no retry was logged")
	}
}

// TestShutdown signals the bot (Shutdown, as `serve` does on SIGTERM)
// while it has questions to answer.
func TestShutdown(t *testing.T) {
	t.Run("after a burst of 300 questions", func(t *testing.T) {
		// The 300 questions reach the bot, then the signal comes at once:
		// every question asked before it is answered, once. The grace
		// period is generous so that a slow machine answers them all.
		store, err := unanswered.New(0, "")
		if err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, func(o *options) {
			o.RateLimit = 0
			o.ShutdownGrace = 2 * time.Minute
			o.Unanswered = store
		})
		defer h.assertClean(t)
		questions := []string{
			"Combien de salariés emploie le secteur ?",
			"Qui préside l'AMRC ?",
			"Combien de masques ont été distribués aux salariés des plateaux ?", // declined
		}
		const total = 300
		ids := make([]string, total)
		for i := range total {
			ids[i] = h.send(t, fakediscord.MessageSpec{DM: true, ChannelID: fmt.Sprintf("4000000000000%06d", i), Author: user(6000 + i),
				Content: questions[i%len(questions)]})
		}
		// The bot takes gateway events in order: once a question sent after
		// the 300 is answered, all 300 have reached it (on a loaded machine
		// they may otherwise still be in the socket when the signal comes).
		h.replyTo(t, h.send(t, fakediscord.MessageSpec{DM: true, ChannelID: "4000000000001000000", Author: user(5999),
			Content: questions[0]}))
		if err := h.adapter.Shutdown(); err != nil {
			t.Fatal(err)
		}
		answered, refused, lost := 0, 0, 0
		logs := h.logs.String()
		for _, id := range ids {
			switch n := len(h.messagesOf(replying(id))); {
			case n == 1:
				answered++
			case n > 1:
				t.Errorf("question %s answered %d times", id, n)
			case strings.Contains(logs, "id="+id):
				refused++
			default:
				lost++
			}
		}
		t.Logf("SIGTERM after a burst of %d questions: %d answered, %d left unanswered with a log line, %d lost", total, answered, refused, lost)
		if answered != total {
			t.Errorf("%d of %d questions answered, want all: they were asked before the signal", answered, total)
		}
		if top := store.Top(0); len(top) != 1 || top[0].Count != total/len(questions) {
			t.Errorf("declined questions kept: %+v, want one asked %d times", top, total/len(questions))
		}
	})

	t.Run("questions asked after the signal", func(t *testing.T) {
		h := newHarness(t, func(o *options) { o.RateLimit = 0 })
		defer h.assertClean(t)
		gate := h.ans.setGate("question lente")
		slow := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(7000), Content: "question lente"})
		<-h.ans.started
		done := make(chan error, 1)
		go func() { done <- h.adapter.Shutdown() }()
		eventually(t, "shutdown started", func() bool { return strings.Contains(h.logs.String(), shutdownBegun) })
		late := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(7001), Content: "Qui préside l'AMRC ?"})
		in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "aide", User: user(7002)})
		eventually(t, "the late questions logged", func() bool {
			logs := h.logs.String()
			return strings.Contains(logs, "question not taken: shutting down") && strings.Contains(logs, "id="+late) && strings.Contains(logs, "id="+in.ID)
		})
		close(gate)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if n := len(h.messagesOf(replying(slow))); n != 1 {
			t.Errorf("the question received before the signal got %d replies, want 1", n)
		}
		if n := len(h.messagesOf(replying(late))) + len(h.messagesOf(ofInteraction(in.ID))); n != 0 {
			t.Errorf("%d replies to questions asked after the signal, want none", n)
		}
	})

	t.Run("grace period over", func(t *testing.T) {
		h := newHarness(t, func(o *options) { o.ShutdownGrace = 100 * time.Millisecond })
		defer h.assertClean(t)
		h.ans.setGate("question sans fin")
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(7100), Content: "question sans fin"})
		<-h.ans.started
		if err := h.adapter.Shutdown(); err != nil {
			t.Fatal(err)
		}
		var line string
		for _, l := range strings.Split(h.logs.String(), "\n") {
			if strings.Contains(l, "not answered within the grace period") {
				line = l
			}
		}
		if !strings.Contains(line, "id="+id) || !strings.Contains(line, "trigger=dm") || strings.Contains(line, user(7100).ID) {
			t.Errorf("log line %q: want the question's id and trigger, not the user's id", line)
		}
		if h.bot.InFlight() != 0 {
			t.Errorf("%d handlers still running after Shutdown", h.bot.InFlight())
		}
	})
}
