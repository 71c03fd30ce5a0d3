package discord

import ()

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
