package discord

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot"
	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/fakediscord"
	"github.com/articlebot/articlebot/internal/unanswered"
)

// TestDiscord runs the bot end to end against the fake Discord: one bot
// and one session for all subtests (closing a session takes a second).
func TestDiscord(t *testing.T) {
	store, err := unanswered.New(0, "")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(o *options) { o.Unanswered = store })
	defer h.assertClean(t)

	t.Run("registration", func(t *testing.T) { testRegistration(t, h) })
	t.Run("triggers", func(t *testing.T) { testTriggers(t, h) })
	t.Run("ignored", func(t *testing.T) { testIgnored(t, h) })
	t.Run("mention injection", func(t *testing.T) { testMentionInjection(t, h) })
	t.Run("long answer", func(t *testing.T) { testLongAnswer(t, h) })
	t.Run("follow-up", func(t *testing.T) { testFollowUp(t, h) })
	t.Run("rate limit", func(t *testing.T) { testRateLimit(t, h) })
	t.Run("too long", func(t *testing.T) { testTooLong(t, h) })
	t.Run("slash commands", func(t *testing.T) { testSlashCommands(t, h) })
	t.Run("panics", func(t *testing.T) { testPanics(t, h) })
	t.Run("reload", func(t *testing.T) { testReload(t, h) })
	t.Run("unanswered", func(t *testing.T) { testUnanswered(t, h) })
	t.Run("429", func(t *testing.T) { test429(t, h) })
	t.Run("reconnect", func(t *testing.T) { testReconnect(t, h) })
}

func testRegistration(t *testing.T, h *harness) {
	ids := h.fake.Identifies()
	if len(ids) != 1 {
		t.Fatalf("%d IDENTIFY, want 1", len(ids))
	}
	want := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentMessageContent
	if ids[0].Intents != int(want) {
		t.Errorf("intents = %d, want %d", ids[0].Intents, want)
	}
	if ids[0].Shard != nil {
		t.Errorf("shard = %v, want none", *ids[0].Shard)
	}
	reqs, err := h.fake.WaitFor(wait, 1, fakediscord.OnRoute(fakediscord.RouteBulkGuildCommands, fakediscord.RouteBulkGlobalCommands))
	if err != nil {
		t.Fatal(err)
	}
	r := reqs[0]
	if r.Route != fakediscord.RouteBulkGuildCommands || r.Params["guild_id"] != fakediscord.DefaultGuildID {
		t.Errorf("commands registered with %s %v, want the guild route", r.Route, r.Params)
	}
	list, _ := r.Body.([]any)
	names := map[string]map[string]any{}
	for _, c := range list {
		m, _ := c.(map[string]any)
		names[fmtAny(m["name"])] = m
	}
	for fr, en := range map[string]string{"question": "ask", "chiffres": "figures", "source": "source", "resume": "summary", "aide": "help", "recharger": "reload", "sans-reponse": "unanswered"} {
		c, ok := names[fr]
		if !ok {
			t.Errorf("command %q not registered", fr)
			continue
		}
		loc, _ := c["name_localizations"].(map[string]any)
		if loc["en-US"] != en || loc["en-GB"] != en {
			t.Errorf("%s: name_localizations = %v, want en-US/en-GB %q", fr, loc, en)
		}
		if d, _ := c["description_localizations"].(map[string]any); d["en-US"] == nil {
			t.Errorf("%s: no English description", fr)
		}
	}
	if len(list) != len(names) || len(list) != len(h.bot.Commands()) {
		t.Errorf("registered %d commands, table has %d", len(list), len(h.bot.Commands()))
	}
	for _, admin := range []string{"recharger", "sans-reponse"} {
		if p := names[admin]["default_member_permissions"]; p != 32.0 {
			t.Errorf("%s default_member_permissions = %v, want 32 (Manage Server)", admin, p)
		}
	}
}

func testTriggers(t *testing.T, h *harness) {
	self := h.botUser()
	tests := []struct {
		name    string
		spec    fakediscord.MessageSpec
		want    string // in the reply
		trigger string
	}{
		{"mention", fakediscord.MessageSpec{ChannelID: otherChannel, Content: h.mention() + " Combien de salariés emploie le secteur ?", Mentions: []fakediscord.User{self}}, "80.000", bot.TriggerMention},
		{"nickname mention", fakediscord.MessageSpec{ChannelID: otherChannel, Content: "<@!" + self.ID + ">, combien de salariés emploie le secteur ?", Mentions: []fakediscord.User{self}}, "80.000", bot.TriggerMention},
		{"dm", fakediscord.MessageSpec{DM: true, Content: "Combien de salariés emploie le secteur ?"}, "80.000", bot.TriggerDM},
		{"configured channel", fakediscord.MessageSpec{ChannelID: qChannel, Content: "Combien de salariés emploie le secteur ?"}, "80.000", bot.TriggerChannel},
		{"mention and everyone", fakediscord.MessageSpec{ChannelID: otherChannel, Content: "@everyone " + h.mention() + " combien de salariés emploie le secteur ?", Mentions: []fakediscord.User{self}, MentionEveryone: true}, "80.000", bot.TriggerMention},
		{"bare mention", fakediscord.MessageSpec{ChannelID: otherChannel, Content: h.mention(), Mentions: []fakediscord.User{self}}, "Je n'ai pas vu de question", bot.TriggerMention},
		{"not in the article", fakediscord.MessageSpec{DM: true, Content: "Combien d'infractions ont été relevées ?"}, "ne le dit pas", bot.TriggerDM},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.Author = user(100 + n)
			id := h.send(t, tt.spec)
			r := h.replyTo(t, id)
			if got := text(r.Message()); !strings.Contains(got, tt.want) {
				t.Errorf("reply = %q, want it to contain %q", got, tt.want)
			}
			am, _ := r.Message()["allowed_mentions"].(map[string]any)
			if p, ok := am["parse"].([]any); !ok || len(p) != 0 {
				t.Errorf("allowed_mentions = %v, want an empty parse list", am)
			}
			eventually(t, "log line with trigger="+tt.trigger, func() bool { return strings.Contains(h.logs.String(), "trigger="+tt.trigger) })
			typed := false
			for _, q := range h.fake.Requests() {
				if q.Route == fakediscord.RouteTyping && q.Params["channel_id"] == r.Params["channel_id"] && !q.Time.After(r.Time) {
					typed = true
				}
			}
			if !typed && tt.name != "bare mention" {
				t.Error("no typing indicator before the reply")
			}
		})
	}
}

// testIgnored sends messages the bot must not answer, then a question: once
// the question is answered, none of the others may have been.
func testIgnored(t *testing.T, h *harness) {
	self := h.botUser()
	other := fakediscord.User{ID: "1000000000000000400", Username: "otherbot", Bot: true}
	ignored := map[string]fakediscord.MessageSpec{
		"other channel without mention": {ChannelID: otherChannel, Author: user(200), Content: "Combien de salariés ?"},
		"another bot":                   {ChannelID: qChannel, Author: other, Content: h.mention() + " combien de salariés ?", Mentions: []fakediscord.User{self}},
		"itself":                        {ChannelID: qChannel, Author: self, Content: "Combien de salariés ?"},
		"a webhook":                     {ChannelID: qChannel, Author: user(201), WebhookID: "1000000000000000401", Content: "Combien de salariés ?"},
		"@everyone only":                {ChannelID: qChannel, Author: user(202), Content: "@everyone réunion à 15 h", MentionEveryone: true},
		"@here only":                    {ChannelID: qChannel, Author: user(203), Content: "@here quelqu'un a vu l'article ?"},
		"empty in a question channel":   {ChannelID: qChannel, Author: user(204), Content: ""},
	}
	ids := map[string]string{}
	for name, spec := range ignored {
		ids[name] = h.send(t, spec)
	}
	sentinel := h.send(t, fakediscord.MessageSpec{ChannelID: qChannel, Author: user(205), Content: "Qui préside l'AMRC ?"})
	h.replyTo(t, sentinel)
	for name, id := range ids {
		if n := h.repliesTo(id); n != 0 {
			t.Errorf("%s: %d replies, want none", name, n)
		}
	}
}

func testMentionInjection(t *testing.T, h *harness) {
	hostile := "@everyone @here <@&1000000000000000500> <@1000000000000000010> <@!1000000000000000010>"
	before := len(h.fake.MentionViolations())
	h.ans.setCanned("injection "+hostile, answer.Answer{Text: "Réponse qui cite " + hostile, Found: true, Mode: answer.ModeTemplate, Lang: "fr"})
	id := h.send(t, fakediscord.MessageSpec{ChannelID: otherChannel, Author: user(300), Content: h.mention() + " injection " + hostile,
		Mentions: []fakediscord.User{h.botUser(), fakediscord.DefaultUser()}, MentionRoles: []string{"1000000000000000500"}, MentionEveryone: true})
	r := h.replyTo(t, id)
	if !strings.Contains(text(r.Message()), "@everyone") {
		t.Fatalf("reply %q does not carry the hostile text (the test would prove nothing)", text(r.Message()))
	}
	in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "question", User: user(301),
		Options: []fakediscord.CommandOption{{Name: "texte", Type: discordgo.ApplicationCommandOptionString, Value: "injection " + hostile}}})
	e := h.edit(t, in)
	for _, msg := range []map[string]any{r.Message(), e.Message()} {
		am, _ := msg["allowed_mentions"].(map[string]any)
		if p, ok := am["parse"].([]any); !ok || len(p) != 0 || am["replied_user"] == true {
			t.Errorf("allowed_mentions = %v, want parse [] and no replied_user", am)
		}
	}
	if v := h.fake.MentionViolations(); len(v) != before {
		t.Errorf("mention violations: %v", v[before:])
	}
}

func testLongAnswer(t *testing.T, h *harness) {
	var b strings.Builder
	for i := range 80 {
		fmt.Fprintf(&b, "> Phrase citée numéro %d, assez longue pour remplir plusieurs messages Discord sans rien perdre.\n", i)
		if i%10 == 9 {
			b.WriteString("\nSource : « Centres d'appels », §4\n\n")
		}
	}
	long := strings.TrimSpace(b.String())
	h.ans.setCanned("question longue", answer.Answer{Text: long, Found: true, Mode: answer.ModeTemplate, Lang: "fr"})

	t.Run("message", func(t *testing.T) {
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(400), Content: "question longue"})
		first := h.replyTo(t, id)
		got := h.collectAfter(t, first, fakediscord.RouteCreateMessage, first.Params["channel_id"], bot.Length(long)/bot.MaxEmbedDescription+1)
		checkNothingLost(t, long, got)
	})
	t.Run("slash", func(t *testing.T) {
		in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "question", User: user(401),
			Options: []fakediscord.CommandOption{{Name: "texte", Type: discordgo.ApplicationCommandOptionString, Value: "question longue"}}})
		e := h.edit(t, in)
		parts := bot.Length(long)/bot.MaxEmbedDescription + 1
		if _, err := h.fake.WaitFor(wait, parts-1, func(r fakediscord.Request) bool {
			return r.Route == fakediscord.RouteCreateFollowup && r.Params["interaction_token"] == in.Token
		}); err != nil {
			t.Fatal(err)
		}
		checkNothingLost(t, long, append([]fakediscord.Request{e}, h.followups(in)...))
	})
}

// collectAfter waits for n bot messages in channel starting with first.
func (h *harness) collectAfter(t testing.TB, first fakediscord.Request, route, channel string, n int) []fakediscord.Request {
	t.Helper()
	got, err := h.fake.WaitFor(wait, n, func(r fakediscord.Request) bool {
		return r.Route == route && r.Params["channel_id"] == channel && fakediscord.Succeeded(r) && !r.Time.Before(first.Time)
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// checkNothingLost verifies that the messages hold every line of text, in
// order, and that no quote line was cut.
func checkNothingLost(t *testing.T, long string, msgs []fakediscord.Request) {
	t.Helper()
	if len(msgs) < 2 {
		t.Fatalf("%d messages, want the answer split", len(msgs))
	}
	var all []string
	for _, m := range msgs {
		embeds, _ := m.Message()["embeds"].([]any)
		for _, e := range embeds {
			em, _ := e.(map[string]any)
			d := fmtAny(em["description"])
			if bot.Length(d) > bot.MaxEmbedDescription {
				t.Errorf("description of %d characters", bot.Length(d))
			}
			all = append(all, d)
		}
	}
	joined := strings.Join(all, "\n")
	var wantLines []string
	for _, l := range strings.Split(long, "\n") {
		if strings.TrimSpace(l) != "" {
			wantLines = append(wantLines, l)
		}
	}
	var gotLines []string
	for _, l := range strings.Split(joined, "\n") {
		if strings.TrimSpace(l) != "" {
			gotLines = append(gotLines, l)
		}
	}
	if strings.Join(gotLines, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("split answer differs from the original:\n got %d lines\nwant %d lines", len(gotLines), len(wantLines))
	}
}

func testFollowUp(t *testing.T, h *harness) {
	u := user(500)
	q1 := "Combien de salariés emploie donc le secteur ?"
	id := h.send(t, fakediscord.MessageSpec{ChannelID: otherChannel, Author: u, Content: h.mention() + " " + q1, Mentions: []fakediscord.User{h.botUser()}})
	h.replyTo(t, id)
	var botMsg string
	eventually(t, "answer remembered", func() bool { botMsg = h.replyID(id); return botMsg != "" && h.bot.InFlight() == 0 })
	if botMsg == "" {
		t.FailNow()
	}
	t.Run("remembered", func(t *testing.T) {
		q2 := "et qui l'a dit ?"
		id2 := h.send(t, fakediscord.MessageSpec{ChannelID: otherChannel, Author: u, Content: q2, ReplyTo: &fakediscord.MessageSpec{ID: botMsg}})
		h.replyTo(t, id2)
		req, ok := h.ans.request(q2)
		if !ok {
			t.Fatal("follow-up not asked")
		}
		if len(req.History) != 1 || req.History[0].Question != q1 || !strings.Contains(req.History[0].Answer, "80.000") {
			t.Errorf("History = %+v, want the first question and its answer", req.History)
		}
		// A follow-up of the follow-up carries both turns.
		var third string
		eventually(t, "follow-up remembered", func() bool { third = h.replyID(id2); return third != "" && h.bot.InFlight() == 0 })
		q3 := "et en 2019 ?"
		id3 := h.send(t, fakediscord.MessageSpec{ChannelID: otherChannel, Author: u, Content: q3, ReplyTo: &fakediscord.MessageSpec{ID: third}})
		h.replyTo(t, id3)
		if req, _ := h.ans.request(q3); len(req.History) != 2 || req.History[1].Question != q2 {
			t.Errorf("History = %+v, want two turns", req.History)
		}
	})
	t.Run("forgotten", func(t *testing.T) {
		q := "et en 2019 ?"
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(501), Content: q,
			ReplyTo: &fakediscord.MessageSpec{ID: "1000000000000000999", Author: h.botUser(), Content: "Le secteur emploie près de 80.000 salariés."}})
		h.replyTo(t, id)
		req, _ := h.ans.request(q)
		if len(req.History) != 1 || !strings.Contains(req.History[0].Answer, "80.000 salariés") {
			t.Errorf("History = %+v, want the referenced message's text", req.History)
		}
	})
}

func testRateLimit(t *testing.T, h *harness) {
	u := user(600)
	ask := func() string {
		return h.send(t, fakediscord.MessageSpec{DM: true, Author: u, Content: "Qui préside l'AMRC ?"})
	}
	for range 3 {
		h.replyTo(t, ask())
	}
	limited := ask()
	r := h.replyTo(t, limited)
	if !strings.Contains(text(r.Message()), "Réessayez dans") {
		t.Errorf("rate-limit reply = %q", text(r.Message()))
	}
	quiet := ask()
	sentinel := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(601), Content: "Qui préside l'AMRC ?"})
	h.replyTo(t, sentinel)
	if n := h.repliesTo(quiet); n != 0 {
		t.Errorf("second refusal sent %d replies, want silence", n)
	}
	in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "question", User: u,
		Options: []fakediscord.CommandOption{{Name: "texte", Type: discordgo.ApplicationCommandOptionString, Value: "Qui préside l'AMRC ?"}}})
	cb := h.callback(t, in)
	if typ, _ := cb.Body.(map[string]any)["type"].(float64); typ != 4 || flagsOf(cb.Message())&64 == 0 || !strings.Contains(text(cb.Message()), "Réessayez") {
		t.Errorf("slash refusal = %s, want an ephemeral message", cb.JSON())
	}
}

func testTooLong(t *testing.T, h *harness) {
	q := strings.Repeat("Combien de salariés ? ", 40)
	id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(700), Content: q})
	if got := text(h.replyTo(t, id).Message()); !strings.Contains(got, "un peu longue") {
		t.Errorf("reply = %q", got)
	}
}

func testSlashCommands(t *testing.T, h *harness) {
	str := func(name, v string) fakediscord.CommandOption {
		return fakediscord.CommandOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
	}
	num := func(name string, v int) fakediscord.CommandOption {
		return fakediscord.CommandOption{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: v}
	}
	tests := []struct {
		name      string
		spec      fakediscord.InteractionSpec
		deferred  bool
		ephemeral bool
		want      string
	}{
		{"question", fakediscord.InteractionSpec{CommandName: "question", Options: []fakediscord.CommandOption{str("texte", "Quand a eu lieu la visioconférence ?")}}, true, false, "23 avril"},
		{"question in a DM", fakediscord.InteractionSpec{DM: true, CommandName: "question", Options: []fakediscord.CommandOption{str("texte", "Combien de salariés emploie le secteur ?")}}, true, false, "80.000"},
		{"chiffres", fakediscord.InteractionSpec{CommandName: "chiffres"}, true, false, "80.000"},
		{"chiffres of a document", fakediscord.InteractionSpec{CommandName: "chiffres", Options: []fakediscord.CommandOption{str("document", "centres")}}, true, false, "11 milliards de DH"},
		{"source", fakediscord.InteractionSpec{CommandName: "source"}, false, false, "2020"},
		{"source passage", fakediscord.InteractionSpec{CommandName: "source", Options: []fakediscord.CommandOption{num("paragraphe", 4)}}, false, false, "> "},
		{"source passage out of range", fakediscord.InteractionSpec{CommandName: "source", Options: []fakediscord.CommandOption{num("paragraphe", 99)}}, false, false, "choisissez un §n"},
		{"source unknown document", fakediscord.InteractionSpec{CommandName: "source", Options: []fakediscord.CommandOption{str("document", "météo")}}, false, false, "Je ne trouve pas le document"},
		{"resume", fakediscord.InteractionSpec{CommandName: "resume"}, true, false, "Résumé"},
		{"aide", fakediscord.InteractionSpec{CommandName: "aide"}, false, true, "/question"},
		{"unknown command", fakediscord.InteractionSpec{CommandName: "inconnue"}, false, true, "Je ne connais pas cette commande"},
		{"component", fakediscord.InteractionSpec{Type: discordgo.InteractionMessageComponent, CustomID: "ancien-bouton"}, false, true, "plus actif"},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.User = user(800 + n)
			in := h.interaction(t, tt.spec)
			cb := h.callback(t, in)
			body, _ := cb.Body.(map[string]any)
			typ, _ := body["type"].(float64)
			msg := cb.Message()
			if tt.deferred {
				if typ != 5 {
					t.Fatalf("callback type %v, want 5 (deferred)", typ)
				}
				msg = h.edit(t, in).Message()
			} else if typ != 4 {
				t.Fatalf("callback type %v, want 4", typ)
			}
			if got := text(msg); !strings.Contains(got, tt.want) {
				t.Errorf("reply = %q, want it to contain %q", got, tt.want)
			}
			if eph := flagsOf(cb.Message())&64 != 0; eph != tt.ephemeral {
				t.Errorf("ephemeral = %v, want %v", eph, tt.ephemeral)
			}
		})
	}
	t.Run("autocomplete", func(t *testing.T) {
		for _, tc := range []struct {
			command, typed string
			want           int
		}{{"source", "centres", 1}, {"resume", "", 1}, {"source", "zzz", 0}, {"inconnue", "x", 0}} {
			in := h.interaction(t, fakediscord.InteractionSpec{Type: discordgo.InteractionApplicationCommandAutocomplete, CommandName: tc.command,
				Options: []fakediscord.CommandOption{{Name: "document", Type: discordgo.ApplicationCommandOptionString, Value: tc.typed, Focused: true}}})
			cb := h.callback(t, in)
			body, _ := cb.Body.(map[string]any)
			data, _ := body["data"].(map[string]any)
			choices, ok := data["choices"].([]any)
			if body["type"] != 8.0 || !ok || len(choices) != tc.want {
				t.Errorf("/%s %q: callback %s, want type 8 with %d choices", tc.command, tc.typed, cb.JSON(), tc.want)
			}
		}
	})
}

func testPanics(t *testing.T, h *harness) {
	id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(900), Content: "PANIQUE"})
	in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "question", User: user(901),
		Options: []fakediscord.CommandOption{{Name: "texte", Type: discordgo.ApplicationCommandOptionString, Value: "PANIQUE"}}})
	if got := text(h.edit(t, in).Message()); got != fr(msgError) {
		t.Errorf("after a panic the response says %q, want %q", got, fr(msgError))
	}
	after := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(902), Content: "Qui préside l'AMRC ?"})
	h.replyTo(t, after)
	if h.repliesTo(id) != 0 {
		t.Error("a reply was sent for the panicking message")
	}
	if !strings.Contains(h.logs.String(), "handler panic") {
		t.Error("the panic was not logged")
	}
}

func testReload(t *testing.T, h *harness) {
	reload := func(spec fakediscord.InteractionSpec) (fakediscord.Request, string) {
		t.Helper()
		spec.CommandName = "recharger"
		in := h.interaction(t, spec)
		cb := h.callback(t, in)
		if typ, _ := cb.Body.(map[string]any)["type"].(float64); typ == 4 {
			return cb, text(cb.Message())
		}
		return cb, text(h.edit(t, in).Message())
	}
	t.Run("refused", func(t *testing.T) {
		for _, spec := range []fakediscord.InteractionSpec{
			{User: user(1000)},
			{User: user(1001), Permissions: discordgo.PermissionSendMessages | discordgo.PermissionManageMessages, Roles: []string{"1000000000000000999"}},
			{User: user(1002), DM: true},
		} {
			cb, got := reload(spec)
			if !strings.Contains(got, "seuls les administrateurs") || flagsOf(cb.Message())&64 == 0 {
				t.Errorf("%+v: reply %q (flags %d), want an ephemeral refusal", spec, got, flagsOf(cb.Message()))
			}
		}
	})
	t.Run("admins", func(t *testing.T) {
		for _, spec := range []fakediscord.InteractionSpec{
			{User: user(1010), Permissions: discordgo.PermissionManageGuild},
			{User: user(1011), Permissions: discordgo.PermissionAdministrator},
			{User: user(1012), Roles: []string{adminRole}},
			{User: fakediscord.User{ID: adminUserID, Username: "admin"}},
		} {
			cb, got := reload(spec)
			if !strings.Contains(got, "rien n'a changé") {
				t.Errorf("%+v: reply %q", spec, got)
			}
			if flagsOf(cb.Message())&64 == 0 {
				t.Errorf("%+v: the deferred response is not ephemeral", spec)
			}
		}
	})
	admin := fakediscord.InteractionSpec{User: user(1020), Permissions: discordgo.PermissionManageGuild}
	t.Run("added document", func(t *testing.T) {
		doc := "---\ntitle: Le port de Tanger Med\ndate: 2021-01-01\n---\n\nLe port a traité 7 millions de conteneurs en 2021.\n"
		if err := os.WriteFile(filepath.Join(h.dir, "port.md"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		_, got := reload(admin)
		if !strings.Contains(got, "Documents ajoutés (1) : `port`") || !strings.Contains(got, "2 documents") {
			t.Errorf("reply %q", got)
		}
	})
	t.Run("broken knowledge base", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(h.dir, "latin1.txt"), []byte("Caf\xe9 cr\xe8me\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, got := reload(admin)
		if !strings.Contains(got, "Rechargement refusé") || !strings.Contains(got, "latin1.txt") {
			t.Errorf("reply %q, want a refusal naming latin1.txt", got)
		}
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(1021), Content: "Combien de conteneurs le port a-t-il traités ?"})
		if got := text(h.replyTo(t, id).Message()); !strings.Contains(got, "7 millions") {
			t.Errorf("after a refused reload the previous base should answer; got %q", got)
		}
		if err := os.Remove(filepath.Join(h.dir, "latin1.txt")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("questions during reloads", func(t *testing.T) {
		var ids []string
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				reload(admin)
			}
		}()
		for n := range 10 {
			ids = append(ids, h.send(t, fakediscord.MessageSpec{DM: true, Author: user(1030 + n), Content: "Combien de salariés emploie le secteur ?"}))
		}
		wg.Wait()
		for _, id := range ids {
			if got := text(h.replyTo(t, id).Message()); !strings.Contains(got, "80.000") {
				t.Errorf("reply %q", got)
			}
		}
	})
}

// testUnanswered declines a question twice, then lists the unanswered
// questions as an admin and as someone who is not.
func testUnanswered(t *testing.T, h *harness) {
	const q = "Combien de masques ont été distribués aux salariés des plateaux ?"
	for n := range 2 {
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(1300 + n), Content: q})
		if got := text(h.replyTo(t, id).Message()); !strings.Contains(got, "Pas de réponse dans les documents") {
			t.Fatalf("reply %q: the question should be declined (the test would prove nothing)", got)
		}
	}
	list := func(spec fakediscord.InteractionSpec) (fakediscord.Request, string) {
		t.Helper()
		spec.CommandName = "sans-reponse"
		cb := h.callback(t, h.interaction(t, spec))
		return cb, text(cb.Message())
	}
	t.Run("admin", func(t *testing.T) {
		for _, spec := range []fakediscord.InteractionSpec{
			{User: user(1310), Permissions: discordgo.PermissionManageGuild},
			{User: user(1311), Roles: []string{adminRole}},
			{User: user(1312), Permissions: discordgo.PermissionAdministrator,
				Options: []fakediscord.CommandOption{{Name: "nombre", Type: discordgo.ApplicationCommandOptionInteger, Value: 1}}},
		} {
			cb, got := list(spec)
			if !strings.Contains(got, "**2 ×** « "+q+" »") || !strings.Contains(got, "dernière fois <t:") {
				t.Errorf("%+v: reply %q, want the question counted twice", spec, got)
			}
			if flagsOf(cb.Message())&64 == 0 {
				t.Errorf("%+v: the list is not ephemeral", spec)
			}
			if spec.Options != nil && strings.Count(got, "•") != 1 {
				t.Errorf("nombre:1 listed %d questions", strings.Count(got, "•"))
			}
		}
	})
	t.Run("refused", func(t *testing.T) {
		for _, spec := range []fakediscord.InteractionSpec{
			{User: user(1320)},
			{User: user(1321), Permissions: discordgo.PermissionSendMessages, Roles: []string{"1000000000000000999"}},
			{User: user(1322), DM: true},
		} {
			cb, got := list(spec)
			if !strings.Contains(got, "seuls les administrateurs") || strings.Contains(got, q) || flagsOf(cb.Message())&64 == 0 {
				t.Errorf("%+v: reply %q (flags %d), want an ephemeral refusal", spec, got, flagsOf(cb.Message()))
			}
		}
	})
}

func test429(t *testing.T, h *harness) {
	h.fake.Fail429(fakediscord.RouteCreateMessage, 1, 200*time.Millisecond)
	id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(1100), Content: "Qui préside l'AMRC ?"})
	h.replyTo(t, id)
	limited, delivered := 0, 0
	for _, r := range h.fake.Requests() {
		if r.Route != fakediscord.RouteCreateMessage {
			continue
		}
		ref, _ := r.Message()["message_reference"].(map[string]any)
		if ref["message_id"] != id {
			continue
		}
		if r.Status == 429 {
			limited++
		} else if fakediscord.Succeeded(r) {
			delivered++
		}
	}
	if limited != 1 || delivered != 1 {
		t.Errorf("%d answers limited and %d delivered, want 1 and 1", limited, delivered)
	}
}

func testReconnect(t *testing.T, h *harness) {
	for _, fault := range []struct {
		name string
		do   func() error
	}{{"dropped connection", h.fake.DropGateway}, {"op 7 reconnect", h.fake.Reconnect}} {
		before := len(h.fake.Resumes())
		if err := fault.do(); err != nil {
			t.Fatal(err)
		}
		if err := h.fake.WaitUntil(wait, func() bool { return len(h.fake.Resumes()) > before }); err != nil {
			t.Fatalf("%s: no RESUME: %v", fault.name, err)
		}
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(1200 + before), Content: "Qui préside l'AMRC ?"})
		h.replyTo(t, id)
		if r := h.fake.Resumes(); !r[len(r)-1].Accepted {
			t.Errorf("%s: RESUME refused", fault.name)
		}
	}
	if n := len(h.fake.Identifies()); n != 1 {
		t.Errorf("%d IDENTIFY, want the session resumed, not a new one", n)
	}
}

// TestDiscordTextStyle covers reply_style text, global registration,
// sharding, intents without channels and a clean shutdown.
func TestDiscordTextStyle(t *testing.T) {
	h := newHarness(t, func(o *options) {
		o.ReplyStyle = bot.StyleText
		o.adapter.GuildID = ""
		o.Channels = nil
		o.adapter.ShardID, o.adapter.ShardCount = 1, 2
	})
	defer h.assertClean(t)

	ids := h.fake.Identifies()
	if want := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages; len(ids) != 1 || ids[0].Intents != int(want) {
		t.Errorf("identify = %+v, want intents %d (no message content)", ids, want)
	}
	if ids[0].Shard == nil || *ids[0].Shard != [2]int{1, 2} {
		t.Errorf("shard = %v, want [1 2]", ids[0].Shard)
	}
	if _, err := h.fake.WaitFor(wait, 1, fakediscord.OnRoute(fakediscord.RouteBulkGlobalCommands)); err != nil {
		t.Errorf("commands not registered globally: %v", err)
	}

	id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(1), Content: "Combien de salariés emploie le secteur ?"})
	msg := h.replyTo(t, id).Message()
	if c := fmtAny(msg["content"]); !strings.Contains(c, "80.000") || !strings.HasSuffix(c, "-# Réponse : modèle de texte") {
		t.Errorf("content = %q", c)
	}
	if e, _ := msg["embeds"].([]any); len(e) != 0 {
		t.Errorf("embeds = %v, want none in text style", e)
	}
	in := h.interaction(t, fakediscord.InteractionSpec{CommandName: "sans-reponse", User: user(5), Permissions: discordgo.PermissionManageGuild})
	if got := text(h.callback(t, in).Message()); got != fr(msgNoUnanswered) {
		t.Errorf("/sans-reponse without a store: %q, want %q", got, fr(msgNoUnanswered))
	}
	in = h.interaction(t, fakediscord.InteractionSpec{CommandName: "chiffres", User: user(2)})
	h.callback(t, in)
	if e := h.edit(t, in).Message(); !strings.Contains(fmtAny(e["content"]), "**Chiffres clés") {
		t.Errorf("/chiffres in text style: %v", e)
	}

	t.Run("shutdown", func(t *testing.T) {
		gate := h.ans.setGate("question lente")
		slow := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(3), Content: "question lente"})
		<-h.ans.started
		done := make(chan error, 1)
		go func() { done <- h.adapter.Shutdown() }()
		if err := h.fake.WaitUntil(wait, func() bool { return strings.Contains(h.logs.String(), shutdownBegun) }); err != nil {
			t.Fatal(err)
		}
		late := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(4), Content: "Qui préside l'AMRC ?"})
		close(gate)
		h.replyTo(t, slow)
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Shutdown: %v", err)
			}
		case <-time.After(wait):
			t.Fatal("Shutdown did not return")
		}
		if h.repliesTo(late) != 0 {
			t.Error("a question sent during shutdown was answered")
		}
		if h.adapter.Ready() {
			t.Error("still ready after shutdown")
		}
	})
}

// TestRun serves until the context is cancelled, as `articlebot serve` does.
func TestRun(t *testing.T) {
	fake := fakediscord.New(t, fakediscord.WithHeartbeatInterval(4*time.Second))
	sess, err := fake.Session(testToken)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(sess, embeddedBot(t), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	if _, err := fake.WaitFor(wait, 1, fakediscord.OnRoute(fakediscord.RouteBulkGlobalCommands)); err != nil {
		t.Fatal(err)
	}
	id, err := fake.SendMessage(fakediscord.MessageSpec{ChannelID: "1000000000000000020", Content: "Combien de salariés emploie le secteur ?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fake.WaitFor(wait, 1, isReplyTo(id)); err != nil {
		t.Fatal(err)
	}
	// The registration request reaches the fake before Start has read its
	// response: the bot may answer a moment before it says it is ready.
	eventually(t, "ready while serving", a.Ready)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Run did not return after cancel")
	}
	fake.AssertClean(t)
}

func TestNewErrors(t *testing.T) {
	s, err := discordgo.New("Bot x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(nil, embeddedBot(t), Options{}); err == nil {
		t.Error("a nil session was accepted")
	}
	if _, err := New(s, nil, Options{}); err == nil {
		t.Error("a nil bot was accepted")
	}
}
