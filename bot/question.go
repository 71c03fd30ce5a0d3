package bot

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/answer"
)

// question is one question on its way to the answering layer.
type question struct {
	trigger string
	user    string
	text    string
	history []answer.Turn
	// locale is the asker's Discord locale (interactions; "" for a
	// message): English ones get English replies (see questionLang).
	locale discordgo.Locale
}

// precheck refuses an empty or too long question and a user over the rate
// limit, before anything else is done. quiet is set when the refusal was
// already given (a user still over the limit) and should not be repeated on
// a message trigger.
func (b *Bot) precheck(q question) (r *Reply, outcome string, quiet bool) {
	text := strings.TrimSpace(q.text)
	// The language of a refusal is worked out only when there is one.
	v := func() voice { return b.voice(questionLang(q.locale, q.text)) }
	if text == "" {
		return &Reply{Content: v().say(msgEmpty, nil)}, OutcomeRefused, false
	}
	var long *answer.LengthError
	if errors.As(answer.CheckLength(text, b.opts.MaxQuestionLength), &long) {
		return &Reply{Content: tooLong(v(), long.Chars, long.Limit)}, OutcomeRefused, false
	}
	if d := b.limiter.allow(q.user); !d.OK {
		return &Reply{Content: rateLimited(v(), b.opts.RateLimit, b.opts.RateWindow, d.RetryAfter)}, OutcomeRateLimited, !d.FirstDeny
	}
	return nil, "", false
}

// ask answers q and lays the answer out. When live is not nil, the
// model's answer is shown through it as it is written (LLM mode); the
// caller sends the final reply after live.finish. A declined question is
// kept for /sans-reponse.
func (b *Bot) ask(ctx context.Context, q question, live *stream) (Reply, QuestionEvent) {
	start := time.Now()
	ev := QuestionEvent{Trigger: q.trigger, Chars: utf8.RuneCountInString(strings.TrimSpace(q.text))}
	req := answer.Request{Question: q.text, History: q.history}
	if localeLang(q.locale) == langEN {
		req.Lang = langEN
	}
	if live != nil && live.interval >= 0 {
		live.render = b.partialRenderer(questionLang(q.locale, q.text))
		req.OnDelta = live.delta
	}
	ans, err := b.opts.Answerer.Ask(ctx, req)
	ev.Latency = time.Since(start)
	if err != nil {
		r, outcome := b.errorReply(err, q)
		ev.Outcome = outcome
		if outcome == OutcomeError {
			b.log.Error("answering failed", "trigger", q.trigger, "err", err)
		}
		return r, ev
	}
	ev.Mode = ans.Mode
	ev.Fallback = ans.Note != ""
	ev.Outcome = OutcomeAnswered
	if !ans.Found {
		ev.Outcome = OutcomeDeclined
		if b.opts.Unanswered != nil {
			b.opts.Unanswered.Add(q.text, b.opts.Now())
		}
	}
	r := b.answerReply(ans)
	r.turns = answer.FollowUp(q.history, q.text, ans.Text, 0) // memory keeps the last turns
	return r, ev
}

// onMessage handles MESSAGE_CREATE: mentions, DMs, replies to the bot and
// messages in the configured channels are questions. The bot shows that it
// is typing, then answers with a reply to the message; in LLM mode the
// first piece of the model's answer creates the reply, which is edited as
// the answer is written and finally replaced by the checked answer.
//
// It runs in the gateway's goroutine; the chain (see serve) registers the
// question and answers it in another goroutine.
func (b *Bot) onMessage(_ *discordgo.Session, mc *discordgo.MessageCreate) {
	if mc == nil || mc.Message == nil {
		return
	}
	defer b.recover("message")
	m := mc.Message
	trigger, text, ok := b.classify(m)
	if !ok {
		return
	}
	if trigger == TriggerChannel && strings.TrimSpace(text) == "" {
		return // an image or a sticker in a question channel
	}
	inv := &Invocation{User: m.Author, message: m, text: text, trigger: trigger,
		job:     job{kind: "message", trigger: trigger, id: m.ID, user: userHash(m.Author.ID)},
		created: createdAt(m.ID, m.Timestamp),
		conv:    &messageConversation{b: b, m: m, trigger: trigger}}
	b.serve(b.work, inv)
}

// messageConversation shows the reply to a message: a reply to it, or,
// once acknowledged (typing), the edit of the partial answer shown while
// the model wrote, if any.
type messageConversation struct {
	b       *Bot
	m       *discordgo.Message
	trigger string

	acked bool   // typing, and answers may be shown as written
	stop  func() // stops the typing indicator
	live  *stream
}

var _ conversation = (*messageConversation)(nil)

// ack shows the typing indicator until the first partial answer or the
// reply.
func (c *messageConversation) ack(ctx context.Context, _ bool) (*stream, error) {
	b, m := c.b, c.m
	c.acked = true
	c.stop = b.keepTyping(ctx, m.ChannelID)
	c.live = newStream(b.opts.StreamInterval, func(r Reply, id string) (string, error) {
		c.stop() // the reply is there: no more typing indicator
		return b.partial(ctx, m, r, id)
	})
	return c.live, nil
}

// send replies to the message with r, or replaces the partial answer with
// it.
func (c *messageConversation) send(ctx context.Context, r Reply) error {
	b, m := c.b, c.m
	if r.quiet {
		return nil
	}
	if !c.acked {
		_, err := b.sendReply(ctx, m, r)
		return err
	}
	c.stop()
	id, err := c.live.finish(ctx)
	if err != nil {
		b.log.Warn("partial answer failed", "trigger", c.trigger, "err", err)
	}
	var ids []string
	if id != "" {
		if ids, err = b.editReply(ctx, m.ChannelID, id, r); err != nil && len(ids) == 0 && statusOf(err) == http.StatusNotFound {
			// The partial reply is gone (deleted): reply anew. After other
			// failures the edit may have taken effect: no second reply.
			b.log.Warn("final edit failed, replying anew", "trigger", c.trigger, "err", err)
			ids, err = b.sendReply(ctx, m, r)
		}
	} else {
		ids, err = b.sendReply(ctx, m, r)
	}
	b.memory.remember(r.turns, ids...)
	return err
}

// fail replaces a partial answer left by a panic with r, an apology, best
// effort; without one nothing is sent.
func (c *messageConversation) fail(ctx context.Context, r Reply) {
	defer func() { _ = recover() }()
	if c.stop != nil {
		c.stop()
	}
	id, _ := c.live.finish(ctx)
	if id == "" {
		return
	}
	if err := c.b.editMessage(ctx, c.m.ChannelID, id, part{content: r.Content}); err != nil {
		c.b.log.Error("could not report the panic to the user", "err", err)
	}
}

// keepTyping shows the typing indicator until stop is called: once now,
// then every 8 seconds (it lasts 10). stop may be called more than once.
func (b *Bot) keepTyping(ctx context.Context, channelID string) (stop func()) {
	b.typing(ctx, channelID)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(8 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				b.typing(ctx, channelID)
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}

// classify decides whether m is a question for the bot, and how it came.
func (b *Bot) classify(m *discordgo.Message) (trigger, text string, ok bool) {
	self := b.self()
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
		trigger = TriggerDM
	case replyToBot:
		trigger = TriggerReply
	case explicit || mentions(m.Mentions, self):
		trigger = TriggerMention
	case b.channels[m.ChannelID]:
		trigger = TriggerChannel
	default:
		return "", "", false
	}
	if trigger != TriggerDM && !explicit && !replyToBot && pingsEveryone(m) {
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

// history is the conversation a message follows up: the remembered turns
// of the bot's message it replies to, or that message's text.
func (b *Bot) history(m *discordgo.Message) []answer.Turn {
	ref := m.ReferencedMessage
	if ref == nil || ref.Author == nil || ref.Author.ID != b.self() {
		return nil
	}
	if turns, ok := b.memory.recall(ref.ID); ok {
		return turns
	}
	text := ref.Content
	for _, e := range ref.Embeds {
		if e != nil && e.Description != "" {
			text = strings.TrimSpace(text + "\n" + e.Description)
		}
	}
	if text == "" {
		return nil
	}
	return []answer.Turn{{Answer: text}}
}
