package discord

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

	"github.com/articlebot/articlebot/bot"
)

func TestClassify(t *testing.T) {
	b := &Adapter{channels: map[string]bool{"chan-q": true}}
	b.selfID.Store("bot")
	human := &discordgo.User{ID: "u1"}
	botMsg := &discordgo.Message{ID: "prev", Author: &discordgo.User{ID: "bot", Bot: true}}
	tests := []struct {
		name    string
		m       discordgo.Message
		trigger string
		text    string
	}{
		{"mention", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "<@bot> combien ?"}, bot.TriggerMention, "combien ?"},
		{"mention with comma", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "<@!bot>, combien ?"}, bot.TriggerMention, "combien ?"},
		{"mention at the end", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "combien ? <@bot>"}, bot.TriggerMention, "combien ?"},
		{"mentions list only", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "combien ?", Mentions: []*discordgo.User{{ID: "bot"}}}, bot.TriggerMention, "combien ?"},
		{"dm", discordgo.Message{ChannelID: "dm", Author: human, Content: "combien ?"}, bot.TriggerDM, "combien ?"},
		{"dm with @everyone", discordgo.Message{ChannelID: "dm", Author: human, Content: "@everyone combien ?"}, bot.TriggerDM, "@everyone combien ?"},
		{"channel", discordgo.Message{GuildID: "g", ChannelID: "chan-q", Author: human, Content: "combien ?"}, bot.TriggerChannel, "combien ?"},
		{"reply", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "et en 2019 ?", Type: discordgo.MessageTypeReply, ReferencedMessage: botMsg}, bot.TriggerReply, "et en 2019 ?"},
		{"other channel", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "combien ?"}, "", ""},
		{"everyone in channel", discordgo.Message{GuildID: "g", ChannelID: "chan-q", Author: human, Content: "@everyone réunion", MentionEveryone: true}, "", ""},
		{"here in channel", discordgo.Message{GuildID: "g", ChannelID: "chan-q", Author: human, Content: "@here réunion"}, "", ""},
		{"everyone and mention", discordgo.Message{GuildID: "g", ChannelID: "c", Author: human, Content: "@everyone <@bot> combien ?", MentionEveryone: true}, bot.TriggerMention, "@everyone  combien ?"},
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

func TestRedact(t *testing.T) {
	err := errors.New(`Patch "http://x/webhooks/1/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original": EOF`)
	if got := redact(err, "aW50ZXJhY3Rpb24tdG9rZW4"); strings.Contains(got, "aW50") || !strings.Contains(got, "[redacted]") {
		t.Errorf("redact = %q", got)
	}
	if redact(nil, "x") != "" {
		t.Error("redact(nil)")
	}
}

// TestInvocation checks the bot's view of an interaction: its kind,
// command, options, attachments, the member's rights and roles.
func TestInvocation(t *testing.T) {
	a := &Adapter{}
	member := func(perms int64, roles ...string) *discordgo.Member {
		return &discordgo.Member{User: &discordgo.User{ID: "u"}, Permissions: perms, Roles: roles}
	}
	for _, tt := range []struct {
		name    string
		perms   int64
		manager bool
	}{
		{"no rights", 0, false},
		{"Manage Server", discordgo.PermissionManageGuild, true},
		{"Administrator", discordgo.PermissionAdministrator, true},
		{"other rights", discordgo.PermissionSendMessages, false},
	} {
		i := &discordgo.Interaction{ID: "1", Type: discordgo.InteractionApplicationCommand, Member: member(tt.perms, "r1"),
			Data: discordgo.ApplicationCommandInteractionData{Name: "recharger"}}
		inv := a.invocation(i)
		if inv.Member == nil || inv.Member.Manager != tt.manager || len(inv.Member.Roles) != 1 || inv.UserID != "u" {
			t.Errorf("%s: member %+v, user %q; want manager %v", tt.name, inv.Member, inv.UserID, tt.manager)
		}
		if inv.Kind != bot.KindCommand || inv.Command != "recharger" || inv.Label != "/recharger" || inv.Trigger != bot.TriggerSlash {
			t.Errorf("%s: %+v", tt.name, inv)
		}
	}

	// A DM: a user, no member.
	inv := a.invocation(&discordgo.Interaction{ID: "1", Type: discordgo.InteractionApplicationCommand, User: &discordgo.User{ID: "dm-user"},
		Locale: discordgo.EnglishGB, Data: discordgo.ApplicationCommandInteractionData{Name: "aide"}})
	if inv.Member != nil || inv.UserID != "dm-user" || inv.Locale != "en-GB" {
		t.Errorf("DM: %+v", inv)
	}

	// Options and attachments.
	inv = a.invocation(&discordgo.Interaction{ID: "1", Type: discordgo.InteractionApplicationCommand, Member: member(0),
		Data: discordgo.ApplicationCommandInteractionData{Name: "ajouter",
			Options: []*discordgo.ApplicationCommandInteractionDataOption{
				{Name: "fichier", Type: discordgo.ApplicationCommandOptionAttachment, Value: "att1"},
				{Name: "remplacer", Type: discordgo.ApplicationCommandOptionBoolean, Value: true},
			},
			Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Attachments: map[string]*discordgo.MessageAttachment{
				"att1": {ID: "att1", Filename: "a.md", URL: "https://cdn.discordapp.com/a.md"}}}}})
	if att := inv.Attachment("fichier"); att == nil || att.Filename != "a.md" || !inv.Bool("remplacer") {
		t.Errorf("options: %+v, attachment %+v", inv.Options, att)
	}

	// Autocomplete: the focused option.
	inv = a.invocation(&discordgo.Interaction{ID: "1", Type: discordgo.InteractionApplicationCommandAutocomplete,
		Data: discordgo.ApplicationCommandInteractionData{Name: "source", Options: []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: "paragraphe", Value: 2.0}, {Name: "document", Value: "cent", Focused: true}}}})
	if inv.Kind != bot.KindAutocomplete || inv.Focused == nil || inv.Focused.Name != "document" || inv.Focused.Value != "cent" {
		t.Errorf("autocomplete: %+v (focused %+v)", inv, inv.Focused)
	}

	// Components: a button is a click on its command's reply; anything else,
	// and a modal, is stale.
	for _, tt := range []struct {
		name string
		i    *discordgo.Interaction
		kind bot.Kind
	}{
		{"button", &discordgo.Interaction{Type: discordgo.InteractionMessageComponent,
			Data: discordgo.MessageComponentInteractionData{CustomID: "retirer:n:oui", ComponentType: discordgo.ButtonComponent}}, bot.KindClick},
		{"select menu", &discordgo.Interaction{Type: discordgo.InteractionMessageComponent,
			Data: discordgo.MessageComponentInteractionData{CustomID: "retirer:n:oui", ComponentType: discordgo.SelectMenuComponent}}, bot.KindOther},
		{"modal", &discordgo.Interaction{Type: discordgo.InteractionModalSubmit, Data: discordgo.ModalSubmitInteractionData{CustomID: "m"}}, bot.KindOther},
		{"ping", &discordgo.Interaction{Type: discordgo.InteractionPing}, 0},
	} {
		inv := a.invocation(tt.i)
		if inv.Kind != tt.kind {
			t.Errorf("%s: kind %v, want %v", tt.name, inv.Kind, tt.kind)
		}
		if tt.kind == bot.KindClick && (inv.Command != "retirer" || inv.CustomID != "retirer:n:oui") {
			t.Errorf("%s: command %q, custom id %q", tt.name, inv.Command, inv.CustomID)
		}
	}
}

// TestComponents checks that buttons keep the difference between none
// (nil: an edit leaves the message's buttons) and an empty list (an edit
// removes them).
func TestComponents(t *testing.T) {
	if components(nil) != nil {
		t.Error("nil buttons should give nil components")
	}
	if c := components([]bot.Button{}); c == nil || len(c) != 0 {
		t.Errorf("an empty list of buttons gave %v", c)
	}
	c := components([]bot.Button{{Label: "Retirer", Style: bot.ButtonDanger, CustomID: "retirer:n:oui"}, {Label: "Annuler", CustomID: "retirer:n:non"}})
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal([]discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Retirer", Style: discordgo.DangerButton, CustomID: "retirer:n:oui"},
		discordgo.Button{Label: "Annuler", Style: discordgo.SecondaryButton, CustomID: "retirer:n:non"},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if string(raw) != string(want) {
		t.Errorf("components = %s\nwant %s", raw, want)
	}
}
