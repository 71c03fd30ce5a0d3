package bot

import (
	"context"
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
	if n := utf8.RuneCountInString(text); n > b.opts.MaxQuestionLength {
		return &Reply{Content: tooLong(v(), n, b.opts.MaxQuestionLength)}, OutcomeRefused, false
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
// It runs in the gateway's goroutine: it registers the question (see
// begin) and answers it in another goroutine.
func (b *Bot) onMessage(_ *discordgo.Session, mc *discordgo.MessageCreate) {
	if mc == nil || mc.Message == nil {
		return
	}
	defer b.recover("message", nil)
	m := mc.Message
	trigger, text, ok := b.classify(m)
	if !ok {
		return
	}
	if trigger == TriggerChannel && strings.TrimSpace(text) == "" {
		return // an image or a sticker in a question channel
	}
	n, ok := b.begin(job{kind: "message", trigger: trigger, id: m.ID, user: userHash(m.Author.ID)}, createdAt(m.ID, m.Timestamp))
	if !ok {
		return
	}
	go func() {
		defer b.end(n)
		b.answerMessage(m, trigger, text)
	}()
}

// answerMessage answers the question text of message m.
func (b *Bot) answerMessage(m *discordgo.Message, trigger, text string) {
	var live *stream
	defer b.recover("message", func() { b.answerMessagePanic(m.ChannelID, text, live) })
	ctx := b.work
	q := question{trigger: trigger, user: m.Author.ID, text: text, history: b.history(m)}
	if r, outcome, quiet := b.precheck(q); r != nil {
		b.observe(QuestionEvent{Trigger: trigger, Outcome: outcome, Chars: utf8.RuneCountInString(strings.TrimSpace(text))}, q.user)
		if !quiet {
			if _, err := b.sendReply(ctx, m, *r); err != nil {
				b.log.Error("reply failed", "trigger", trigger, "err", err)
			}
		}
		return
	}
	stop := b.keepTyping(ctx, m.ChannelID)
	defer stop() // also after a panic
	live = newStream(b.opts.StreamInterval, func(r Reply, id string) (string, error) {
		stop() // the reply is there: no more typing indicator
		return b.partial(ctx, m, r, id)
	})
	defer live.finish(ctx) // also after a panic, before the recovery
	reply, ev := b.ask(ctx, q, live)
	stop()
	id, err := live.finish(ctx)
	if err != nil {
		b.log.Warn("partial answer failed", "trigger", trigger, "err", err)
	}
	ev.Partials = live.partials()
	var ids []string
	if id != "" {
		if ids, err = b.editReply(ctx, m.ChannelID, id, reply); err != nil && len(ids) == 0 && statusOf(err) == http.StatusNotFound {
			// The partial reply is gone (deleted): reply anew. After other
			// failures the edit may have taken effect: no second reply.
			b.log.Warn("final edit failed, replying anew", "trigger", trigger, "err", err)
			ids, err = b.sendReply(ctx, m, reply)
		}
	} else {
		ids, err = b.sendReply(ctx, m, reply)
	}
	if err != nil {
		b.log.Error("reply failed", "trigger", trigger, "err", err)
		ev.Outcome = OutcomeError
	}
	b.memory.remember(reply.turns, ids...)
	b.observe(ev, q.user)
}

// answerMessagePanic replaces a partial answer left by a panic with an
// apology, in the language of the question text, best effort.
func (b *Bot) answerMessagePanic(channelID, text string, live *stream) {
	defer func() { _ = recover() }()
	id, _ := live.finish(b.work)
	if id == "" {
		return
	}
	if err := b.editMessage(b.work, channelID, id, part{content: b.voice(questionLang("", text)).say(msgError, nil)}); err != nil {
		b.log.Error("could not report the panic to the user", "err", err)
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
