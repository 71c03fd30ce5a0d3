package discord

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot"
)

// onMessage handles MESSAGE_CREATE: mentions, DMs, replies to the bot and
// messages in the configured channels are questions. The bot shows that it
// is typing, then answers with a reply to the message; in LLM mode the
// first piece of the model's answer creates the reply, which is edited as
// the answer is written and finally replaced by the checked answer.
//
// It runs in the gateway's goroutine; bot.Bot.Serve registers the question
// and answers it in another goroutine.
func (a *Adapter) onMessage(_ *discordgo.Session, mc *discordgo.MessageCreate) {
	if mc == nil || mc.Message == nil {
		return
	}
	defer a.recover("message")
	m := mc.Message
	trigger, text, ok := a.classify(m)
	if !ok {
		return
	}
	if trigger == bot.TriggerChannel && strings.TrimSpace(text) == "" {
		return // an image or a sticker in a question channel
	}
	a.bot.Serve(&bot.Invocation{Kind: bot.KindMessage, ID: m.ID, Created: createdAt(m.ID, m.Timestamp), Label: trigger,
		UserID: m.Author.ID, Text: text, Trigger: trigger, Previous: a.previous(m),
		Conversation: &messageConversation{a: a, m: m, trigger: trigger}})
}

// messageConversation shows the reply to a message: a reply to it, or,
// once acknowledged (typing), the edit of the partial answer shown while
// the model wrote, if any.
type messageConversation struct {
	a       *Adapter
	m       *discordgo.Message
	trigger string

	acked bool   // typing, and answers may be shown as written
	stop  func() // stops the typing indicator
	live  *bot.Stream
}

// Ack shows the typing indicator, once the answer took TypingDelay, until
// the first partial answer or the reply.
func (c *messageConversation) Ack(ctx context.Context, _ bool) (*bot.Stream, error) {
	a, m := c.a, c.m
	c.acked = true
	c.stop = a.keepTyping(ctx, m.ChannelID)
	c.live = bot.NewStream(a.opts.StreamInterval, func(r bot.Reply, id string) (string, error) {
		c.stop() // the reply is there: no more typing indicator
		return a.partial(ctx, m, r, id)
	})
	return c.live, nil
}

// Send replies to the message with r, or replaces the partial answer with
// it; once acknowledged (an answer), it returns the ids of the messages of
// the reply (a refusal's are not returned, so not remembered: a reply to
// it follows up its text).
func (c *messageConversation) Send(ctx context.Context, r bot.Reply) ([]string, error) {
	ids, err := c.send(ctx, r)
	if err != nil {
		c.a.log.Error("reply failed", "trigger", c.trigger, "err", err)
	}
	return ids, err
}

func (c *messageConversation) send(ctx context.Context, r bot.Reply) ([]string, error) {
	a, m := c.a, c.m
	if r.Quiet {
		return nil, nil
	}
	if !c.acked {
		_, err := a.sendReply(ctx, m, r)
		return nil, err
	}
	c.stop()
	id, err := c.live.Finish(ctx)
	if err != nil {
		a.log.Warn("partial answer failed", "trigger", c.trigger, "err", err)
	}
	var ids []string
	if id != "" {
		if ids, err = a.editReply(ctx, m.ChannelID, id, r); err != nil && len(ids) == 0 && statusOf(err) == http.StatusNotFound {
			// The partial reply is gone (deleted): reply anew. After other
			// failures the edit may have taken effect: no second reply.
			a.log.Warn("final edit failed, replying anew", "trigger", c.trigger, "err", err)
			ids, err = a.sendReply(ctx, m, r)
		}
	} else {
		ids, err = a.sendReply(ctx, m, r)
	}
	return ids, err
}

// Fail replaces a partial answer left by a panic with r, an apology, best
// effort; without one nothing is sent.
func (c *messageConversation) Fail(ctx context.Context, r bot.Reply) {
	defer func() { _ = recover() }()
	if c.stop != nil {
		c.stop()
	}
	id, _ := c.live.Finish(ctx)
	if id == "" {
		return
	}
	if err := c.a.editMessage(ctx, c.m.ChannelID, id, bot.Message{Content: r.Content}); err != nil {
		c.a.log.Error("could not report the panic to the user", "err", err)
	}
}

// typingEvery is how often the typing indicator is shown again while an
// answer is awaited: it lasts 10 seconds.
const typingEvery = 8 * time.Second

// keepTyping shows the typing indicator until stop is called: after
// Options.TypingDelay (at once when it is negative), then every
// typingEvery. Stopped before the delay, it shows nothing. stop may be
// called more than once.
func (a *Adapter) keepTyping(ctx context.Context, channelID string) (stop func()) {
	first := a.opts.TypingDelay
	if first < 0 {
		a.typing(ctx, channelID)
		first = typingEvery
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTimer(first)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				a.typing(ctx, channelID)
				t.Reset(typingEvery)
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}

// classify decides whether m is a question for the bot, and how it came.
func (a *Adapter) classify(m *discordgo.Message) (trigger, text string, ok bool) {
	self := a.self()
	if m.Author == nil || m.Author.Bot || m.Author.System || m.WebhookID != "" || self == "" || m.Author.ID == self {
		return "", "", false
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return "", "", false
	}
	explicit := mentionsIn(m.Content, self)
	replyToBot := m.ReferencedMessage != nil && m.ReferencedMessage.Author != nil && m.ReferencedMessage.Author.ID == self
	switch {
	case m.GuildID == "":
		trigger = bot.TriggerDM
	case replyToBot:
		trigger = bot.TriggerReply
	case explicit || mentions(m.Mentions, self):
		trigger = bot.TriggerMention
	case a.channels[m.ChannelID]:
		trigger = bot.TriggerChannel
	default:
		return "", "", false
	}
	if trigger != bot.TriggerDM && !explicit && !replyToBot && pingsEveryone(m) {
		return "", "", false // an announcement to everyone, not a question to the bot
	}
	return trigger, stripMention(m.Content, self), true
}

func mentions(users []*discordgo.User, id string) bool {
	for _, u := range users {
		if u != nil && u.ID == id {
			return true
		}
	}
	return false
}

// pingsEveryone reports whether m pings @everyone or @here.
func pingsEveryone(m *discordgo.Message) bool {
	return m.MentionEveryone || strings.Contains(m.Content, "@everyone") || strings.Contains(m.Content, "@here")
}

// mentionsIn reports whether content mentions the user id: <@id> or <@!id>.
func mentionsIn(content, id string) bool {
	return strings.Contains(content, "<@"+id+">") || strings.Contains(content, "<@!"+id+">")
}

// stripMention removes the bot's mentions from a question, with the
// punctuation that follows a leading one ("@bot, combien…").
func stripMention(content, self string) string {
	s := strings.ReplaceAll(content, "<@"+self+">", "")
	s = strings.TrimSpace(strings.ReplaceAll(s, "<@!"+self+">", ""))
	s = strings.TrimLeft(s, ",:;")
	return strings.TrimSpace(s)
}

// previous is the bot's message m replies to — its id and the text it
// shows (content and embed descriptions) —, or nil when m replies to no
// message of the bot.
func (a *Adapter) previous(m *discordgo.Message) *bot.OwnMessage {
	ref := m.ReferencedMessage
	if ref == nil || ref.Author == nil || ref.Author.ID != a.self() {
		return nil
	}
	text := ref.Content
	for _, e := range ref.Embeds {
		if e != nil && e.Description != "" {
			text = strings.TrimSpace(text + "\n" + e.Description)
		}
	}
	return &bot.OwnMessage{ID: ref.ID, Text: text}
}
