package bot

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

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
	locale string
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
// caller sends the final reply after live.Finish. A declined question is
// kept for /sans-reponse.
func (b *Bot) ask(ctx context.Context, q question, live *Stream) (Reply, QuestionEvent) {
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

// history is the conversation a message follows up: the remembered turns
// of the bot's message it replies to, or that message's text.
func (b *Bot) history(previous *OwnMessage) []answer.Turn {
	if previous == nil {
		return nil
	}
	if turns, ok := b.memory.recall(previous.ID); ok {
		return turns
	}
	if previous.Text == "" {
		return nil
	}
	return []answer.Turn{{Answer: previous.Text}}
}
