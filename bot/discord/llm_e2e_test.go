package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/fakediscord"
	"github.com/articlebot/articlebot/internal/fakeopenai"
	"github.com/articlebot/articlebot/internal/llm"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/articlebot/articlebot/prompts"
)

// testStreamInterval is the pace of partial answers in the tests.
const testStreamInterval = 50 * time.Millisecond

// newLLMHarness is a harness whose answers come from the LLM (a fake
// OpenAI-compatible server), streamed into Discord every
// testStreamInterval, and which keeps declined questions in store.
func newLLMHarness(t *testing.T) (*harness, *fakeopenai.Server, *unanswered.Store) {
	t.Helper()
	srv := fakeopenai.New(t)
	client, err := llm.New(llm.Config{BaseURL: srv.URL(), APIKey: "sk-test-key-never-logged", Model: "m",
		Timeout: 30 * time.Second, CircuitThreshold: 100})
	if err != nil {
		t.Fatal(err)
	}
	store, err := unanswered.New(0, "")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(o *options) {
		sa := o.Answerer.(*scriptedAnswerer)
		sa.real = answer.New(o.Knowledge, prompts.Default(), answer.Options{Mode: answer.ModeLLM, LLM: client})
		o.adapter.StreamInterval = testStreamInterval
		o.Unanswered = store
		o.RateLimit = 0
	})
	t.Cleanup(func() {
		if strings.Contains(h.logs.String(), "sk-test-key") {
			t.Error("the API key appears in the logs")
		}
	})
	return h, srv, store
}

// words cuts text into pieces of one word each, as a model streams.
func words(text string) []string {
	var out []string
	for _, w := range strings.SplitAfter(text, " ") {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// streamedReply waits for the edit of the reply to message id that holds
// want, and returns the reply's creation and every edit of it up to that
// one, in order.
func (h *harness) streamedReply(t *testing.T, id, want string) (create fakediscord.Request, edits []fakediscord.Request) {
	t.Helper()
	create = h.replyTo(t, id)
	channel := create.Params["channel_id"]
	final, err := h.fake.WaitFor(wait, 1, func(r fakediscord.Request) bool {
		return r.Route == fakediscord.RouteEditMessage && r.Params["channel_id"] == channel && fakediscord.Succeeded(r) &&
			!r.Time.Before(create.Time) && strings.Contains(text(r.Message()), want)
	})
	if err != nil {
		t.Fatalf("no edit of the reply with %q: %v", want, err)
	}
	for _, r := range h.fake.Requests() {
		if r.Route == fakediscord.RouteEditMessage && r.Params["message_id"] == final[0].Params["message_id"] && !r.Time.After(final[0].Time) {
			edits = append(edits, r)
		}
	}
	return create, edits
}

// replyStream queues a streamed answer whose pieces wait, from the second
// on, until the fake Discord has shown as many partial answers as pieces
// before them, up to partials: the test gets its partials however slow
// the machine.
func (h *harness) replyStream(srv *fakeopenai.Server, partials int, delay time.Duration, pieces ...string) {
	before := len(h.fake.Requests())
	shown := func() int {
		n := 0
		for _, r := range h.fake.Requests()[before:] {
			if fakediscord.Succeeded(r) && strings.Contains(text(r.Message()), "en cours de rédaction") {
				n++
			}
		}
		return n
	}
	srv.Enqueue(fakeopenai.Chat, fakeopenai.Response{Text: strings.Join(pieces, ""), Chunks: pieces, ChunkDelay: delay,
		BeforeChunk: func(i int) {
			if i >= 1 && i <= partials {
				_ = h.fake.WaitUntil(wait, func() bool { return shown() >= i })
			}
		}})
}

// checkPaced fails when two of the requests (to one message) came closer
// than the stream interval.
func checkPaced(t *testing.T, reqs []fakediscord.Request) {
	t.Helper()
	for i := 1; i < len(reqs); i++ {
		if gap := reqs[i].Time.Sub(reqs[i-1].Time); gap < testStreamInterval {
			t.Errorf("requests %d and %d to the message came %v apart, want at least %v", i-1, i, gap, testStreamInterval)
		}
	}
}

func checkNoMentions(t *testing.T, reqs []fakediscord.Request) {
	t.Helper()
	for _, r := range reqs {
		am, _ := r.Message()["allowed_mentions"].(map[string]any)
		if p, ok := am["parse"].([]any); !ok || len(p) != 0 {
			t.Errorf("%s: allowed_mentions = %v, want an empty parse list", r.Route, am)
		}
	}
}

// TestDiscordLLM streams LLM answers into Discord through the fake Discord
// and the fake OpenAI server.
func TestDiscordLLM(t *testing.T) {
	h, srv, store := newLLMHarness(t)
	defer h.assertClean(t)
	const question = "Combien de salariés emploie le secteur ?"
	modelAnswer := "D'après l'article, le secteur des centres d'appels emploie près de 80.000 salariés, principalement des jeunes diplômés [4]."

	t.Run("nothing unanswered yet", func(t *testing.T) {
		in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "sans-reponse", User: user(2999), Permissions: discordgo.PermissionManageGuild})
		if got := text(h.callback(t, in).Message()); got != fr(msgAllAnswered) {
			t.Errorf("reply %q, want %q", got, fr(msgAllAnswered))
		}
	})

	t.Run("streamed mention", func(t *testing.T) {
		h.replyStream(srv, 2, 60*time.Millisecond, words(modelAnswer)...)
		u := user(3000)
		id := h.send(t, fakediscord.MessageSpec{ChannelID: otherChannel, Author: u, Content: h.mention() + " " + question, Mentions: []fakediscord.User{h.botUser()}})
		create, edits := h.streamedReply(t, id, "Sources :")
		if n := h.repliesTo(id); n != 1 {
			t.Errorf("%d replies created, want 1 (then edited)", n)
		}
		if len(edits) < 2 {
			t.Fatalf("%d edits, want partial edits and then the final one", len(edits))
		}
		if got := text(create.Message()); !strings.Contains(got, "en cours de rédaction") || strings.Contains(got, "Sources") {
			t.Errorf("first partial = %q", got)
		}
		for _, e := range edits[:len(edits)-1] {
			if got := text(e.Message()); !strings.Contains(got, "en cours de rédaction") {
				t.Errorf("partial edit = %q", got)
			}
		}
		final := text(edits[len(edits)-1].Message())
		for _, want := range []string{"80.000 salariés", "Sources : [4]", "§4", "Réponse : LLM"} {
			if !strings.Contains(final, want) {
				t.Errorf("final answer %q lacks %q", final, want)
			}
		}
		if strings.Contains(final, "en cours") || strings.Contains(final, "modèle de texte") {
			t.Errorf("final answer %q", final)
		}
		checkPaced(t, append([]fakediscord.Request{create}, edits...))
		checkNoMentions(t, append([]fakediscord.Request{create}, edits...))
		typed := false
		for _, r := range h.fake.Requests() {
			if r.Route == fakediscord.RouteTyping && r.Params["channel_id"] == otherChannel && r.Time.Before(create.Time) {
				typed = true
			}
		}
		if !typed {
			t.Error("no typing indicator before the first partial")
		}
		eventually(t, "question logged", func() bool { return strings.Contains(h.logs.String(), "mode=llm") })
		for _, line := range strings.Split(h.logs.String(), "\n") {
			if strings.Contains(line, "msg=question") && strings.Contains(line, "mode=llm") {
				if strings.Contains(line, u.ID) || !strings.Contains(line, "user="+userHash(u.ID)) || !strings.Contains(line, "partials=") ||
					!strings.Contains(line, "question_chars=") || strings.Contains(line, "salariés") {
					t.Errorf("log line %q: want the hashed user, partials and length, not the id nor the question", line)
				}
			}
		}
	})

	t.Run("model fails", func(t *testing.T) {
		srv.Fail(http.StatusInternalServerError, 1)
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(3001), Content: question})
		got := text(h.replyTo(t, id).Message())
		if !strings.Contains(got, "80.000") || !strings.Contains(got, "Réponse : modèle de texte — le modèle a échoué") {
			t.Errorf("reply = %q, want the template answer with the fallback footer", got)
		}
	})

	t.Run("wrong number replaced", func(t *testing.T) {
		h.replyStream(srv, 1, 30*time.Millisecond, words("Le secteur emploie près de 95.000 salariés selon l'article [4].")...)
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(3002), Content: question})
		create, edits := h.streamedReply(t, id, "modèle de texte")
		if got := text(create.Message()); !strings.Contains(got, "en cours de rédaction") {
			t.Errorf("first partial = %q", got)
		}
		final := text(edits[len(edits)-1].Message())
		if strings.Contains(final, "95.000") || !strings.Contains(final, "80.000") || !strings.Contains(final, "Réponse : modèle de texte — réponse du modèle écartée") {
			t.Errorf("final = %q, want the template answer and why", final)
		}
		checkPaced(t, append([]fakediscord.Request{create}, edits...))
	})

	t.Run("slash streamed", func(t *testing.T) {
		h.replyStream(srv, 2, 40*time.Millisecond, words(modelAnswer)...)
		in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "question", User: user(3003),
			Options: []fakediscord.CommandOption{{Name: "texte", Type: discordgo.ApplicationCommandOptionString, Value: question}}})
		if typ, _ := h.callback(t, in).Body.(map[string]any)["type"].(float64); typ != 5 {
			t.Fatalf("callback type %v, want 5 (deferred)", typ)
		}
		ofThis := func(r fakediscord.Request) bool {
			return r.Route == fakediscord.RouteEditOriginal && r.Params["interaction_token"] == in.Token
		}
		if _, err := h.fake.WaitFor(wait, 1, func(r fakediscord.Request) bool { return ofThis(r) && strings.Contains(text(r.Message()), "Sources :") }); err != nil {
			t.Fatal(err)
		}
		var edits []fakediscord.Request
		for _, r := range h.fake.Requests() {
			if ofThis(r) {
				edits = append(edits, r)
			}
		}
		if len(edits) < 2 {
			t.Fatalf("%d edits of @original, want partials then the final answer", len(edits))
		}
		for _, e := range edits[:len(edits)-1] {
			if got := text(e.Message()); !strings.Contains(got, "en cours de rédaction") {
				t.Errorf("partial edit = %q", got)
			}
		}
		if final := text(edits[len(edits)-1].Message()); !strings.Contains(final, "§4") || !strings.Contains(final, "Réponse : LLM") {
			t.Errorf("final = %q", final)
		}
		checkPaced(t, edits)
		checkNoMentions(t, edits)
		if n := len(h.followups(in)); n != 0 {
			t.Errorf("%d follow-ups, want none", n)
		}
	})

	t.Run("panic after a partial", func(t *testing.T) {
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(3010), Content: "PANIQUE EN ROUTE"})
		create, edits := h.streamedReply(t, id, fr(msgError))
		if got := text(create.Message()); !strings.Contains(got, "Début de la réponse") {
			t.Errorf("partial = %q", got)
		}
		if got := text(edits[len(edits)-1].Message()); got != fr(msgError) {
			t.Errorf("after the panic the reply says %q, want %q", got, fr(msgError))
		}
		in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "question", User: user(3011),
			Options: []fakediscord.CommandOption{{Name: "texte", Type: discordgo.ApplicationCommandOptionString, Value: "PANIQUE EN ROUTE"}}})
		ofThis := func(r fakediscord.Request) bool {
			return r.Route == fakediscord.RouteEditOriginal && r.Params["interaction_token"] == in.Token
		}
		if _, err := h.fake.WaitFor(wait, 1, func(r fakediscord.Request) bool { return ofThis(r) && text(r.Message()) == fr(msgError) }); err != nil {
			t.Fatal(err)
		}
		var last string
		for _, r := range h.fake.Requests() {
			if ofThis(r) {
				last = text(r.Message())
			}
		}
		if last != fr(msgError) {
			t.Errorf("last edit of @original = %q, want %q", last, fr(msgError))
		}
	})

	t.Run("not found is not streamed", func(t *testing.T) {
		srv.ReplyStream(20*time.Millisecond, "NON_", "TROU", "VÉ")
		const q = "Combien de salariés emploie le secteur en Tunisie ?"
		asked := len(srv.Requests())
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(3004), Content: q})
		r := h.replyTo(t, id)
		if len(srv.Requests()) != asked+1 {
			t.Fatalf("the model was asked %d times, want once", len(srv.Requests())-asked)
		}
		if got := text(r.Message()); strings.Contains(got, "NON_") || strings.Contains(got, "en cours") {
			t.Errorf("reply = %q, want the not-found answer and no partial", got)
		}
		eventually(t, "declined question kept", func() bool {
			for _, e := range store.Top(0) {
				if e.Question == q {
					return true
				}
			}
			return false
		})
	})
}

// TestLLMInjection streams answers written by a model that followed
// instructions planted in a document: no message the bot sends — not even
// the first partial answer — pings anyone or shows a link, an e-mail
// address or an invite that the cited passages do not hold.
func TestLLMInjection(t *testing.T) {
	h, srv, _ := newLLMHarness(t)
	defer h.assertClean(t)
	const question = "Combien de salariés emploie le secteur ?"
	doc := "---\ntitle: Rapport de l'AMRC\n---\n\nLe rapport annuel de l'AMRC est publié sur https://www.amrc.ma/rapport-2020 et présenté aux adhérents.\n"
	tests := []struct {
		name     string
		question string
		pieces   []string // the model's answer; [N] is the report's passage
		slash    bool
		never    []string // in no request body, ever
		partial  string   // in the partial answer shown before the last piece
		final    string   // in the final answer
	}{
		{"mentions", question, []string{"@everyone ", "<@&555> ", "près de 80.000 salariés [4]."}, false,
			[]string{"@everyone", "<@&555>"}, "@\u200beveryone", "Réponse : LLM"},
		{"mentions, slash", question, []string{"@here ", "<@&555> ", "près de 80.000 salariés [4]."}, true,
			[]string{"@here", "<@&555>"}, "@\u200bhere", "Réponse : LLM"},
		{"phishing link", question, []string{"Près de 80.000 salariés [4]. Mettez à jour votre paie sur ", "https://paie-amrc.example/login", " avant lundi."}, false,
			[]string{"paie-amrc.example"}, "[lien]", "lien absent des sources"},
		{"masked link, slash", question, []string{"Près de 80.000 salariés [4], ", "voir [le rapport](http://paie-amrc.example/r)", "."}, true,
			[]string{"paie-amrc.example"}, "[lien]", "lien absent des sources"},
		{"e-mail address", question, []string{"Près de 80.000 salariés [4]. Écrivez à ", "rh@paie-amrc.example", " pour la prime."}, false,
			[]string{"paie-amrc.example"}, "[lien]", "lien absent des sources"},
		{"discord invite", question, []string{"Près de 80.000 salariés [4]. Rejoignez ", "discord.gg/amrc-prime", " !"}, false,
			[]string{"amrc-prime"}, "[lien]", "lien absent des sources"},
		{"link of a cited passage", "Où le rapport annuel de l'AMRC est-il publié ?", []string{"Le rapport annuel est publié sur ", "https://www.amrc.ma/rapport-2020", " [N]."}, false,
			nil, "[lien]", "https://www.amrc.ma/rapport-2020"},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(strings.Join(tt.pieces, ""), "[N]") {
				if err := os.WriteFile(filepath.Join(h.dir, "rapport.md"), []byte(doc), 0o644); err != nil {
					t.Fatal(err)
				}
				if _, err := h.store.Reload(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			before := len(h.fake.Requests())
			sent := func() []fakediscord.Request { return h.fake.Requests()[before:] }
			shown := func() bool {
				for _, r := range sent() {
					if got := text(r.Message()); fakediscord.Succeeded(r) && strings.Contains(got, "en cours de rédaction") && strings.Contains(got, tt.partial) {
						return true
					}
				}
				return false
			}
			srv.Handle(func(r fakeopenai.Request) *fakeopenai.Response {
				if r.Chat == nil {
					return nil
				}
				prompt := r.Chat.Messages[len(r.Chat.Messages)-1].Content
				report := regexp.MustCompile(`\[(\d+)\] « Rapport de l'AMRC »`).FindStringSubmatch(prompt)
				var pieces []string
				for _, p := range tt.pieces {
					if report != nil {
						p = strings.ReplaceAll(p, "[N]", "["+report[1]+"]")
					}
					pieces = append(pieces, p)
				}
				return &fakeopenai.Response{Chunks: pieces, Text: strings.Join(pieces, ""), BeforeChunk: func(i int) {
					if i == len(pieces)-1 {
						_ = h.fake.WaitUntil(wait, shown) // a partial answer is shown first
					}
				}}
			})
			defer srv.Handle(nil)
			u := user(3100 + n)
			if tt.slash {
				in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "question", User: u,
					Options: []fakediscord.CommandOption{{Name: "texte", Type: discordgo.ApplicationCommandOptionString, Value: tt.question}}})
				if _, err := h.fake.WaitFor(wait, 1, func(r fakediscord.Request) bool {
					return r.Route == fakediscord.RouteEditOriginal && r.Params["interaction_token"] == in.Token && strings.Contains(text(r.Message()), tt.final)
				}); err != nil {
					t.Fatalf("no final answer with %q: %v", tt.final, err)
				}
			} else {
				id := h.send(t, fakediscord.MessageSpec{DM: true, Author: u, Content: tt.question})
				h.streamedReply(t, id, tt.final)
			}
			eventually(t, "the bot idle", func() bool { return h.bot.InFlight() == 0 })
			for _, r := range sent() {
				body := fmt.Sprint(r.Body)
				for _, bad := range tt.never {
					if strings.Contains(body, bad) {
						t.Errorf("%s carries %q: %s", r.Route, bad, body)
					}
				}
			}
			if !shown() {
				t.Errorf("no partial answer showed %q: the test would prove nothing", tt.partial)
			}
			var messages []fakediscord.Request
			for _, r := range sent() {
				switch r.Route {
				case fakediscord.RouteCreateMessage, fakediscord.RouteEditMessage, fakediscord.RouteInteractionCallback,
					fakediscord.RouteEditOriginal, fakediscord.RouteCreateFollowup, fakediscord.RouteEditFollowup:
					messages = append(messages, r)
				}
			}
			if len(messages) < 2 {
				t.Errorf("%d messages sent, want a partial answer then the final one", len(messages))
			}
			checkNoMentions(t, messages)
		})
	}
}

// userHash is how the bot logs a user id: the first 12 hex digits of the
// SHA-256 of "articlebot-user:" and the id.
func userHash(id string) string {
	sum := sha256.Sum256([]byte("articlebot-user:" + id))
	return hex.EncodeToString(sum[:6])
}
