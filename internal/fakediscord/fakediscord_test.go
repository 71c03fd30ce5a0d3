package fakediscord_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/fakediscord"
)

const (
	wait    = 20 * time.Second
	intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentsMessageContent
)

// noMentions is what the bot must send with every message.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// restSession returns an unopened session: enough for REST calls, and no
// one-second Close.
func restSession(t *testing.T, srv *fakediscord.Server) *discordgo.Session {
	t.Helper()
	s, err := srv.Session("test-token")
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	return s
}

// openSession opens a gateway session; setup runs before Open (add handlers
// there).
func openSession(t *testing.T, srv *fakediscord.Server, setup func(*discordgo.Session)) *discordgo.Session {
	t.Helper()
	s := restSession(t, srv)
	s.Identify.Intents = intents
	s.SyncEvents = true // deliver events in order
	if setup != nil {
		setup(s)
	}
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// messages collects MESSAGE_CREATE events.
func messages(s *discordgo.Session) <-chan *discordgo.MessageCreate {
	ch := make(chan *discordgo.MessageCreate, 16)
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { ch <- m })
	return ch
}

func receive[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(wait):
		var zero T
		t.Fatalf("no %T received within %v", zero, wait)
		return zero
	}
}

func logSpec(t *testing.T, srv *fakediscord.Server) {
	t.Helper()
	if msg := srv.SpecSkipped(); msg != "" {
		t.Log(msg)
	}
}

func requireSpec(t *testing.T, srv *fakediscord.Server) {
	t.Helper()
	if msg := srv.SpecSkipped(); msg != "" {
		t.Skip(msg)
	}
}

func TestReadyMessagesAndSend(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	logSpec(t, srv)
	var got <-chan *discordgo.MessageCreate
	s := openSession(t, srv, func(s *discordgo.Session) { got = messages(s) })

	if u := s.State.User; u == nil || u.ID != srv.BotUser().ID || !u.Bot || u.Username != fakediscord.DefaultBotUsername {
		t.Fatalf("State.User = %+v, want bot %s", u, srv.BotUser().ID)
	}
	if s.State.Application == nil || s.State.Application.ID != srv.ApplicationID() {
		t.Errorf("State.Application = %+v, want id %s", s.State.Application, srv.ApplicationID())
	}
	ids := srv.Identifies()
	if len(ids) != 1 || !ids[0].HasIntents || ids[0].Intents != int(intents) || ids[0].Shard != nil {
		t.Fatalf("Identifies = %+v, want one with intents %d", ids, intents)
	}

	bot := srv.BotUser()
	origID, err := srv.SendMessage(fakediscord.MessageSpec{Author: bot, Content: "Bonjour !"})
	if err != nil {
		t.Fatal(err)
	}
	mid, err := srv.SendMessage(fakediscord.MessageSpec{
		Content:     "<@" + bot.ID + "> quelle est la date de la visioconférence ?",
		Mentions:    []fakediscord.User{bot},
		AuthorRoles: []string{"1000000000000000100"},
		ReplyTo:     &fakediscord.MessageSpec{ID: origID},
	})
	if err != nil {
		t.Fatal(err)
	}
	first := receive(t, got)
	if first.ID != origID || !first.Author.Bot {
		t.Errorf("first event = %+v, want bot message %s", first.Message, origID)
	}
	m := receive(t, got)
	switch {
	case m.ID != mid, m.GuildID != fakediscord.DefaultGuildID, m.ChannelID != fakediscord.DefaultChannelID:
		t.Errorf("message ids = %s/%s/%s", m.ID, m.GuildID, m.ChannelID)
	case m.Author == nil || m.Author.ID != fakediscord.DefaultUserID || m.Author.Bot:
		t.Errorf("author = %+v", m.Author)
	case len(m.Mentions) != 1 || m.Mentions[0].ID != bot.ID:
		t.Errorf("mentions = %+v", m.Mentions)
	case m.MessageReference == nil || m.MessageReference.MessageID != origID || m.Type != discordgo.MessageTypeReply:
		t.Errorf("reply fields: type %d ref %+v", m.Type, m.MessageReference)
	case m.ReferencedMessage == nil || m.ReferencedMessage.Author.ID != bot.ID || m.ReferencedMessage.Content != "Bonjour !":
		t.Errorf("referenced message = %+v", m.ReferencedMessage)
	case m.Member == nil || len(m.Member.Roles) != 1:
		t.Errorf("member = %+v", m.Member)
	}

	if _, err := srv.SendMessage(fakediscord.MessageSpec{DM: true, Content: "en privé"}); err != nil {
		t.Fatal(err)
	}
	dm := receive(t, got)
	if dm.GuildID != "" || dm.ChannelID != fakediscord.DefaultDMChannelID || dm.Content != "en privé" || dm.Member != nil {
		t.Errorf("DM = %+v", dm.Message)
	}

	sent, err := s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
		Content:         "Le 23 avril.",
		Reference:       m.Reference(),
		AllowedMentions: noMentions(),
		Embeds:          []*discordgo.MessageEmbed{{Title: "Source", Description: "article"}},
	})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if sent.ID == "" || sent.Content != "Le 23 avril." || sent.Author.ID != bot.ID || len(sent.Embeds) != 1 || sent.Type != discordgo.MessageTypeReply {
		t.Errorf("sent = %+v", sent)
	}
	edited, err := s.ChannelMessageEditComplex(&discordgo.MessageEdit{
		ID: sent.ID, Channel: sent.ChannelID, Content: ptr("Le 23 avril (corrigé)."), AllowedMentions: noMentions(),
	})
	if err != nil || edited.Content != "Le 23 avril (corrigé)." || edited.EditedTimestamp == nil {
		t.Errorf("edit = %+v, %v", edited, err)
	}
	if err := s.ChannelTyping(m.ChannelID); err != nil {
		t.Errorf("typing: %v", err)
	}

	reqs, err := srv.WaitFor(wait, 1, fakediscord.OnRoute(fakediscord.RouteCreateMessage))
	if err != nil {
		t.Fatal(err)
	}
	am, _ := reqs[0].Message()["allowed_mentions"].(map[string]any)
	if parse, ok := am["parse"].([]any); !ok || len(parse) != 0 {
		t.Errorf("recorded allowed_mentions = %v", am)
	}
	if reqs[0].Params["channel_id"] != fakediscord.DefaultChannelID || reqs[0].Status != http.StatusOK {
		t.Errorf("recorded request = %+v", reqs[0])
	}
	srv.AssertClean(t)
}

func ptr[T any](v T) *T { return &v }

func TestMentionViolationsAreRecorded(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	s := restSession(t, srv)

	if _, err := s.ChannelMessageSend(fakediscord.DefaultChannelID, "no allowed_mentions"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChannelMessageSendComplex(fakediscord.DefaultChannelID, &discordgo.MessageSend{
		Content:         "parse everyone",
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeEveryone}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChannelMessageSendComplex(fakediscord.DefaultChannelID, &discordgo.MessageSend{
		Content: "fine", AllowedMentions: noMentions(),
	}); err != nil {
		t.Fatal(err)
	}
	v := srv.MentionViolations()
	if len(v) != 2 {
		t.Fatalf("MentionViolations = %v, want 2", v)
	}
	if !strings.Contains(v[0].Reason, "missing") || !strings.Contains(v[1].Reason, "everyone") {
		t.Errorf("reasons = %q, %q", v[0].Reason, v[1].Reason)
	}
	if v[0].Route != fakediscord.RouteCreateMessage {
		t.Errorf("route = %q", v[0].Route)
	}
}

func TestRateLimitIsRetried(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	s := restSession(t, srv)
	srv.Fail429(fakediscord.RouteCreateMessage, 2, 50*time.Millisecond)

	msg, err := s.ChannelMessageSendComplex(fakediscord.DefaultChannelID, &discordgo.MessageSend{Content: "retry me", AllowedMentions: noMentions()})
	if err != nil {
		t.Fatalf("send after 429s: %v", err)
	}
	if msg.Content != "retry me" {
		t.Errorf("content = %q", msg.Content)
	}
	var statuses []int
	for _, r := range srv.Requests() {
		statuses = append(statuses, r.Status)
	}
	if want := []int{429, 429, 200}; !equal(statuses, want) {
		t.Errorf("statuses = %v, want %v", statuses, want)
	}

	// Without retries the rate limit surfaces as an error.
	srv.Fail429(fakediscord.RouteCreateMessage, 1, 2*time.Second)
	_, err = s.ChannelMessageSendComplex(fakediscord.DefaultChannelID, &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()},
		discordgo.WithRetryOnRatelimit(false))
	var rle *discordgo.RateLimitError
	if !errors.As(err, &rle) || rle.RetryAfter != 2*time.Second {
		t.Fatalf("err = %v, want RateLimitError retry 2s", err)
	}
	srv.AssertClean(t)
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestServerErrors(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	s := restSession(t, srv)

	srv.Fail5xx(fakediscord.RouteCreateMessage, 1, http.StatusInternalServerError)
	_, err := s.ChannelMessageSendComplex(fakediscord.DefaultChannelID, &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusInternalServerError {
		t.Fatalf("err = %v, want RESTError 500", err)
	}

	srv.Fail5xx(fakediscord.RouteCreateMessage, 1, http.StatusBadGateway)
	if _, err := s.ChannelMessageSendComplex(fakediscord.DefaultChannelID, &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()}); err != nil {
		t.Fatalf("discordgo should retry a 502: %v", err)
	}
	got, err := srv.WaitFor(wait, 3, fakediscord.OnRoute(fakediscord.RouteCreateMessage))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Status != 500 || got[1].Status != 502 || got[2].Status != 200 {
		t.Errorf("statuses = %d %d %d", got[0].Status, got[1].Status, got[2].Status)
	}
	srv.AssertClean(t)
}

func TestDropGatewayResumesAndReplays(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	var got <-chan *discordgo.MessageCreate
	openSession(t, srv, func(s *discordgo.Session) { got = messages(s) })
	if _, err := srv.SendMessage(fakediscord.MessageSpec{Content: "avant"}); err != nil {
		t.Fatal(err)
	}
	receive(t, got)

	if err := srv.DropGateway(); err != nil {
		t.Fatal(err)
	}
	// Sent while disconnected: must be replayed after RESUME.
	if _, err := srv.SendMessage(fakediscord.MessageSpec{Content: "pendant"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitUntil(wait, func() bool { return len(srv.Resumes()) > 0 }); err != nil {
		t.Fatalf("no RESUME after drop: %v", err)
	}
	r := srv.Resumes()[0]
	if !r.Accepted || r.Seq != 2 {
		t.Errorf("resume = %+v, want accepted at seq 2 (READY, one message)", r)
	}
	if m := receive(t, got); m.Content != "pendant" {
		t.Errorf("replayed = %q", m.Content)
	}
	if _, err := srv.SendMessage(fakediscord.MessageSpec{Content: "après"}); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, got); m.Content != "après" {
		t.Errorf("after resume = %q", m.Content)
	}
	if n := len(srv.Identifies()); n != 1 {
		t.Errorf("identifies = %d, want 1", n)
	}
	srv.AssertClean(t)
}

func TestReconnectOpcodeResumes(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	var got <-chan *discordgo.MessageCreate
	openSession(t, srv, func(s *discordgo.Session) { got = messages(s) })
	if err := srv.Reconnect(); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitUntil(wait, func() bool { r := srv.Resumes(); return len(r) > 0 && r[0].Accepted }); err != nil {
		t.Fatalf("no accepted RESUME after op 7: %v (resumes %+v)", err, srv.Resumes())
	}
	if _, err := srv.SendMessage(fakediscord.MessageSpec{Content: "toujours là ?"}); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, got); m.Content != "toujours là ?" {
		t.Errorf("content = %q", m.Content)
	}
	if n := len(srv.Identifies()); n != 1 {
		t.Errorf("identifies = %d, want 1", n)
	}
	srv.AssertClean(t)
}

func TestInvalidSessionReidentifies(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	var got <-chan *discordgo.MessageCreate
	s := openSession(t, srv, func(s *discordgo.Session) { got = messages(s) })
	if err := srv.InvalidSession(false); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitUntil(wait, func() bool { return len(srv.Identifies()) == 2 }); err != nil {
		t.Fatalf("no second IDENTIFY after op 9: %v", err)
	}
	if ids := srv.Identifies(); ids[1].Intents != int(intents) {
		t.Errorf("re-identify intents = %d", ids[1].Intents)
	}
	if _, err := srv.SendMessage(fakediscord.MessageSpec{Content: "nouvelle session"}); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, got); m.Content != "nouvelle session" {
		t.Errorf("content = %q", m.Content)
	}
	if s.State.User == nil || s.State.User.ID != srv.BotUser().ID {
		t.Errorf("State.User after re-identify = %+v", s.State.User)
	}
	srv.AssertClean(t)
}

func TestHeartbeatsAndShardedIdentify(t *testing.T) {
	t.Parallel()
	// 100 ms, not less: discordgo reconnects when no ACK arrives for 5
	// intervals, and at 20 ms a loaded machine (the race detector beside
	// other builds) once delayed an ACK past that.
	srv := fakediscord.New(t, fakediscord.WithHeartbeatInterval(100*time.Millisecond))
	s := openSession(t, srv, func(s *discordgo.Session) { s.ShardID, s.ShardCount = 1, 2 })
	// 10 beats without a reconnect means ACKs work.
	if err := srv.WaitUntil(wait, func() bool { return srv.Heartbeats() >= 10 }); err != nil {
		t.Fatal(err)
	}
	ids := srv.Identifies()
	if n, r := len(ids), len(srv.Resumes()); n != 1 || r != 0 {
		t.Fatalf("identifies = %d, resumes = %d: the client reconnected", n, r)
	}
	if ids[0].Shard == nil || *ids[0].Shard != [2]int{1, 2} {
		t.Errorf("identify shard = %v, want [1 2]", ids[0].Shard)
	}
	if sh := s.State.Shard; sh == nil || *sh != [2]int{1, 2} {
		t.Errorf("READY shard = %v, want [1 2]", sh)
	}
	srv.AssertClean(t)
}

func TestValidationAgainstSpec(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	requireSpec(t, srv)
	s := restSession(t, srv)
	chURL := discordgo.EndpointChannelMessages(fakediscord.DefaultChannelID)
	tests := []struct {
		name       string
		url        string
		body       any
		wantSource string
		wantText   string
	}{
		{"content over 2000 characters", chURL, map[string]any{"content": strings.Repeat("é", 2001), "allowed_mentions": map[string]any{"parse": []any{}}}, fakediscord.SourceLimits, "2001"},
		{"content over the spec's 4000", chURL, map[string]any{"content": strings.Repeat("a", 4001), "allowed_mentions": map[string]any{"parse": []any{}}}, fakediscord.SourceOpenAPI, "content"},
		{"wrong field type", chURL, map[string]any{"content": "x", "tts": "yes", "allowed_mentions": map[string]any{"parse": []any{}}}, fakediscord.SourceOpenAPI, "tts"},
		{"wrong nested type", chURL, map[string]any{"content": "x", "allowed_mentions": map[string]any{"parse": "none"}}, fakediscord.SourceOpenAPI, "parse"},
		{"bad snowflake in path", discordgo.EndpointChannelMessages("general"), map[string]any{"content": "x", "allowed_mentions": map[string]any{"parse": []any{}}}, fakediscord.SourceOpenAPI, "channel_id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := len(srv.ValidationErrors())
			_, _ = s.RequestWithBucketID(http.MethodPost, tc.url, tc.body, tc.url)
			errs := srv.ValidationErrors()[before:]
			var found bool
			for _, e := range errs {
				if e.Source == tc.wantSource && strings.Contains(e.Message, tc.wantText) {
					found = true
					t.Log(e)
				}
			}
			if !found {
				t.Errorf("validation errors %v: none from %s mentioning %q", errs, tc.wantSource, tc.wantText)
			}
		})
	}

	// A correct body produces nothing.
	before := len(srv.ValidationErrors())
	if _, err := s.ChannelMessageSendComplex(fakediscord.DefaultChannelID, &discordgo.MessageSend{Content: "ok", AllowedMentions: noMentions()}); err != nil {
		t.Fatal(err)
	}
	if errs := srv.ValidationErrors()[before:]; len(errs) > 0 {
		t.Errorf("valid body flagged: %v", errs)
	}
}

func TestInteractions(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	logSpec(t, srv)
	got := make(chan *discordgo.InteractionCreate, 8)
	s := openSession(t, srv, func(s *discordgo.Session) {
		s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
	})
	appID := srv.ApplicationID()

	// Slash command with options, roles and permissions; deferred answer,
	// edit of @original, followup and its edit.
	sent, err := srv.SendInteraction(fakediscord.InteractionSpec{
		CommandName: "ask",
		Options: []fakediscord.CommandOption{
			{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "Quand ?"},
			{Name: "public", Type: discordgo.ApplicationCommandOptionBoolean, Value: true},
		},
		Roles:       []string{"1000000000000000100"},
		Permissions: discordgo.PermissionManageGuild | discordgo.PermissionSendMessages,
	})
	if err != nil {
		t.Fatal(err)
	}
	i := receive(t, got)
	data := i.ApplicationCommandData()
	switch {
	case i.ID != sent.ID || i.Token != sent.Token || i.Type != discordgo.InteractionApplicationCommand:
		t.Errorf("interaction = %+v", i.Interaction)
	case data.Name != "ask" || len(data.Options) != 2 || data.Options[0].StringValue() != "Quand ?" || !data.Options[1].BoolValue():
		t.Errorf("data = %+v", data)
	case i.Member == nil || i.Member.User.ID != fakediscord.DefaultUserID || i.Member.Permissions&discordgo.PermissionManageGuild == 0 || len(i.Member.Roles) != 1:
		t.Errorf("member = %+v", i.Member)
	case i.GuildID != fakediscord.DefaultGuildID || i.Locale != discordgo.French:
		t.Errorf("guild/locale = %s/%s", i.GuildID, i.Locale)
	}
	if _, err := s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: ptr("trop tôt"), AllowedMentions: noMentions()}); err == nil {
		t.Error("editing @original before any response should fail")
	}
	if err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatalf("defer: %v", err)
	}
	if err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err == nil {
		t.Error("second callback should fail (already acknowledged)")
	}
	orig, err := s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: ptr("Le 23 avril."), AllowedMentions: noMentions()})
	if err != nil || orig.Content != "Le 23 avril." {
		t.Fatalf("edit original = %+v, %v", orig, err)
	}
	fu, err := s.FollowupMessageCreate(i.Interaction, true, &discordgo.WebhookParams{Content: "Source : article", AllowedMentions: noMentions()})
	if err != nil || fu.ID == "" || fu.ID == orig.ID {
		t.Fatalf("followup = %+v, %v", fu, err)
	}
	if _, err := s.FollowupMessageEdit(i.Interaction, fu.ID, &discordgo.WebhookEdit{Content: ptr("Source : l'article"), AllowedMentions: noMentions()}); err != nil {
		t.Fatalf("followup edit: %v", err)
	}

	// Autocomplete.
	if _, err := srv.SendInteraction(fakediscord.InteractionSpec{
		Type:        discordgo.InteractionApplicationCommandAutocomplete,
		CommandName: "ask",
		Options:     []fakediscord.CommandOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "Qua", Focused: true}},
	}); err != nil {
		t.Fatal(err)
	}
	ac := receive(t, got)
	if ac.Type != discordgo.InteractionApplicationCommandAutocomplete || !ac.ApplicationCommandData().Options[0].Focused {
		t.Errorf("autocomplete = %+v", ac.Interaction)
	}
	if err := s.InteractionRespond(ac.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "Quand ?", Value: "Quand ?"}}},
	}); err != nil {
		t.Fatalf("autocomplete result: %v", err)
	}

	// Button on a message the bot sent, in a DM; UPDATE_MESSAGE.
	botMsg, err := s.ChannelMessageSendComplex(fakediscord.DefaultDMChannelID, &discordgo.MessageSend{Content: "Utile ?", AllowedMentions: noMentions()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.SendInteraction(fakediscord.InteractionSpec{
		Type: discordgo.InteractionMessageComponent, DM: true, CustomID: "feedback:yes",
		Message: &fakediscord.MessageSpec{ID: botMsg.ID},
	}); err != nil {
		t.Fatal(err)
	}
	btn := receive(t, got)
	if btn.MessageComponentData().CustomID != "feedback:yes" || btn.User == nil || btn.Member != nil || btn.Message == nil || btn.Message.ID != botMsg.ID {
		t.Errorf("component = %+v", btn.Interaction)
	}
	if err := s.InteractionRespond(btn.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "Merci !", AllowedMentions: noMentions()},
	}); err != nil {
		t.Fatalf("update message: %v", err)
	}

	// Unknown command: delivered as is; answered without allowed_mentions,
	// which is flagged.
	if _, err := srv.SendInteraction(fakediscord.InteractionSpec{CommandName: "nope"}); err != nil {
		t.Fatal(err)
	}
	unk := receive(t, got)
	if unk.ApplicationCommandData().Name != "nope" {
		t.Errorf("unknown command name = %q", unk.ApplicationCommandData().Name)
	}
	if err := s.InteractionRespond(unk.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "Commande inconnue", Flags: discordgo.MessageFlagsEphemeral},
	}); err != nil {
		t.Fatal(err)
	}
	v := srv.MentionViolations()
	if len(v) != 1 || v[0].Route != fakediscord.RouteInteractionCallback {
		t.Errorf("MentionViolations = %v, want exactly the unknown-command callback", v)
	}
	if errs := srv.ValidationErrors(); len(errs) > 0 {
		t.Errorf("validation errors: %v", errs)
	}
	if u := srv.Unexpected(); len(u) > 0 {
		t.Errorf("unexpected: %v", u)
	}
	for _, r := range srv.Requests() {
		if strings.Contains(r.Path, "/webhooks/") && r.Params["application_id"] != appID {
			t.Errorf("webhook call with application %q", r.Params["application_id"])
		}
	}
}

func TestBulkOverwriteCommands(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	s := restSession(t, srv)
	cmds := []*discordgo.ApplicationCommand{{
		Name: "ask", Description: "Poser une question sur l'article",
		Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "La question", Required: true, Autocomplete: true}},
	}}
	for _, guild := range []string{"", fakediscord.DefaultGuildID} {
		got, err := s.ApplicationCommandBulkOverwrite(srv.ApplicationID(), guild, cmds)
		if err != nil {
			t.Fatalf("guild %q: %v", guild, err)
		}
		if len(got) != 1 || got[0].ID == "" || got[0].Name != "ask" || got[0].ApplicationID != srv.ApplicationID() || got[0].GuildID != guild {
			t.Errorf("guild %q: echoed %+v", guild, got)
		}
	}
	if _, err := srv.WaitFor(wait, 1, fakediscord.OnRoute(fakediscord.RouteBulkGuildCommands)); err != nil {
		t.Error(err)
	}
	srv.AssertClean(t)
}

func TestReadEndpointsAndUnexpectedRoutes(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	s := restSession(t, srv)
	if u, err := s.User("@me"); err != nil || u.ID != srv.BotUser().ID || !u.Bot {
		t.Errorf("User(@me) = %+v, %v", u, err)
	}
	if c, err := s.Channel(fakediscord.DefaultChannelID); err != nil || c.Type != discordgo.ChannelTypeGuildText || c.GuildID != fakediscord.DefaultGuildID {
		t.Errorf("guild channel = %+v, %v", c, err)
	}
	if c, err := s.Channel(fakediscord.DefaultDMChannelID); err != nil || c.Type != discordgo.ChannelTypeDM || len(c.Recipients) != 1 {
		t.Errorf("DM channel = %+v, %v", c, err)
	}
	var rest *discordgo.RESTError
	if _, err := s.Channel("1999999999999999999"); !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusNotFound || rest.Message.Code != 10003 {
		t.Errorf("unknown channel err = %v", err)
	}
	if gw, err := s.Gateway(); err != nil || !strings.HasPrefix(gw, srv.GatewayURL()) {
		t.Errorf("Gateway = %q, %v", gw, err)
	}
	if gb, err := s.GatewayBot(); err != nil || gb.Shards != 1 || !strings.HasPrefix(gb.URL, srv.GatewayURL()) {
		t.Errorf("GatewayBot = %+v, %v", gb, err)
	}
	if len(srv.Unexpected()) != 0 {
		t.Fatalf("unexpected before the bad call: %v", srv.Unexpected())
	}

	if _, err := s.GuildRoles(fakediscord.DefaultGuildID); !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusNotFound {
		t.Errorf("GuildRoles err = %v, want 404", err)
	}
	u := srv.Unexpected()
	if len(u) != 1 || u[0].Path != "/guilds/"+fakediscord.DefaultGuildID+"/roles" || u[0].Route != "" {
		t.Errorf("Unexpected = %+v", u)
	}

	all := srv.Requests()
	if len(all) < 7 {
		t.Fatalf("%d requests recorded, want 7", len(all))
	}
	if from := srv.RequestsFrom(0); len(from) != len(all) || from[0].Path != all[0].Path {
		t.Errorf("RequestsFrom(0) = %d requests, Requests %d", len(from), len(all))
	}
	if from := srv.RequestsFrom(len(all) - 1); len(from) != 1 || from[0].Path != all[len(all)-1].Path {
		t.Errorf("RequestsFrom(last) = %+v, want the last request", from)
	}
	if from := srv.RequestsFrom(len(all)); len(from) != 0 {
		t.Errorf("RequestsFrom(all) = %+v, want none", from)
	}
}

func TestWrongToken(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t, fakediscord.WithToken("right"))
	good, err := srv.Session("right")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := good.User("@me"); err != nil {
		t.Errorf("right token: %v", err)
	}
	bad, err := srv.Session("wrong")
	if err != nil {
		t.Fatal(err)
	}
	var rest *discordgo.RESTError
	if _, err := bad.User("@me"); !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong token err = %v, want 401", err)
	}
	bad.ShouldReconnectOnError = false
	if err := bad.Open(); err == nil {
		t.Error("Open with a wrong token succeeded")
	}
	if errs := srv.GatewayErrors(); len(errs) != 1 || !strings.Contains(errs[0], "4004") {
		t.Errorf("GatewayErrors = %v", errs)
	}
}

// createWithNonce posts a message with a nonce, as discordgo's MessageSend
// cannot.
func createWithNonce(s *discordgo.Session, content, nonce string, enforce bool) (map[string]any, error) {
	endpoint := discordgo.EndpointChannelMessages(fakediscord.DefaultChannelID)
	body := map[string]any{"content": content, "nonce": nonce, "enforce_nonce": enforce, "allowed_mentions": map[string]any{"parse": []string{}}}
	raw, err := s.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithRestRetries(0))
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, discordgo.Unmarshal(raw, &m)
}

// countContent counts the messages the fake holds with this content.
func countContent(srv *fakediscord.Server, content string) int {
	n := 0
	for _, m := range srv.Messages() {
		if m["content"] == content {
			n++
		}
	}
	return n
}

// TestNonceAndLostResponses checks what makes retries safe: a repeated
// enforced nonce returns the first message, a response lost after the
// request took effect (FailAfter5xx) leaves its effect, and a second
// callback is refused with 40060.
func TestNonceAndLostResponses(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	s := openSession(t, srv, nil)
	steps := []struct {
		name         string
		fault        int // FailAfter5xx before the first send
		content      string
		nonce        string
		enforce      bool
		sends        int
		wantMessages int
	}{
		{"enforced nonce sent twice", 0, "a", "nonce-a", true, 2, 1},
		{"nonce not enforced", 0, "b", "nonce-b", false, 2, 2},
		{"other nonce, same content", 0, "a", "nonce-a2", true, 1, 2},
		{"lost response, retried", http.StatusGatewayTimeout, "c", "nonce-c", true, 2, 1},
		{"lost response, no nonce check", http.StatusInternalServerError, "d", "nonce-d", false, 2, 2},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.fault != 0 {
				srv.FailAfter5xx(fakediscord.RouteCreateMessage, 1, st.fault)
			}
			var ids []string
			for n := range st.sends {
				m, err := createWithNonce(s, st.content, st.nonce, st.enforce)
				var rest *discordgo.RESTError
				if n == 0 && st.fault != 0 {
					if !errors.As(err, &rest) || rest.Response.StatusCode != st.fault {
						t.Fatalf("first send: %v, want %d", err, st.fault)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if m["nonce"] != st.nonce {
					t.Errorf("nonce %q echoed as %v", st.nonce, m["nonce"])
				}
				ids = append(ids, m["id"].(string))
			}
			if got := countContent(srv, st.content); got != st.wantMessages {
				t.Errorf("%d messages %q, want %d", got, st.content, st.wantMessages)
			}
			if st.enforce && len(ids) == 2 && ids[0] != ids[1] {
				t.Errorf("ids %v: the same nonce should return the same message", ids)
			}
		})
	}

	t.Run("callback response lost", func(t *testing.T) {
		in, err := srv.SendInteraction(fakediscord.InteractionSpec{CommandName: "ask"})
		if err != nil {
			t.Fatal(err)
		}
		i := &discordgo.Interaction{ID: in.ID, Token: in.Token, AppID: srv.ApplicationID()}
		resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "réponse", AllowedMentions: noMentions()}}
		srv.FailAfter5xx(fakediscord.RouteInteractionCallback, 1, http.StatusServiceUnavailable)
		var rest *discordgo.RESTError
		if err := s.InteractionRespond(i, resp); !errors.As(err, &rest) || rest.Response.StatusCode != 503 {
			t.Fatalf("first callback: %v, want 503", err)
		}
		if err := s.InteractionRespond(i, resp); !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 40060 {
			t.Fatalf("second callback: %v, want 40060", err)
		}
		if got := countContent(srv, "réponse"); got != 1 {
			t.Errorf("%d responses, want 1", got)
		}
		fu, err := s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "suite", AllowedMentions: noMentions()})
		if err != nil {
			t.Fatal(err)
		}
		if fu.InteractionMetadata == nil || fu.InteractionMetadata.ID != in.ID {
			t.Errorf("follow-up interaction_metadata = %+v, want interaction %s", fu.InteractionMetadata, in.ID)
		}
	})

	t.Run("channel history", func(t *testing.T) {
		all, err := s.ChannelMessages(fakediscord.DefaultChannelID, 100, "", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 8 {
			t.Fatalf("%d messages listed", len(all))
		}
		for i := 1; i < len(all); i++ {
			if len(all[i].ID) > len(all[i-1].ID) || (len(all[i].ID) == len(all[i-1].ID) && all[i].ID > all[i-1].ID) {
				t.Fatalf("not newest first: %s before %s", all[i-1].ID, all[i].ID)
			}
		}
		after, err := s.ChannelMessages(fakediscord.DefaultChannelID, 2, "", all[len(all)-1].ID, "")
		if err != nil || len(after) != 2 || after[1].ID != all[len(all)-2].ID {
			t.Errorf("the 2 after the oldest = %v, %v", after, err)
		}
		if ts, err := discordgo.SnowflakeTimestamp(all[0].ID); err != nil || time.Since(ts) > time.Hour || time.Since(ts) < -time.Minute {
			t.Errorf("snowflake %s carries %v, want about now", all[0].ID, ts)
		}
	})
	srv.AssertClean(t)
}
