package bot

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/articlebot/articlebot/bot/answer"
)

// Stream shows an answer while the model writes it. The answering layer
// feeds it pieces of text (delta, its Request.OnDelta); one goroutine,
// started with the first piece, sends the text so far with send at most
// once per interval, counted from the end of the previous send. Finish
// stops it and waits until the message may be edited again, for the final
// answer.
//
// send gets the reply to show and the id of the message the previous
// partials went to ("" the first time), and returns that message's id.
//
// A Conversation makes one when it acknowledges an invocation (see
// Conversation.Ack): the bot feeds it, the conversation sends.
type Stream struct {
	interval time.Duration
	send     func(r Reply, id string) (string, error)
	// render lays out the text so far; set by ask before the question is
	// asked.
	render func(text string) Reply

	mu      sync.Mutex
	text    strings.Builder
	version int // bumped by every piece
	started bool
	stopped bool

	wake chan struct{} // capacity 1: a new piece arrived
	stop chan struct{}
	done chan struct{} // closed when the goroutine is gone
	once sync.Once

	// Owned by the goroutine until done is closed, then by the caller.
	id    string    // the message showing the partials
	shown int       // partials sent
	last  time.Time // end of the last send
	err   error     // the send that failed, after which nothing more is sent
}

// NewStream returns a stream that sends partials with send, at most once
// per interval; a negative interval never sends any (the final answer is
// then sent as if nothing had streamed).
func NewStream(interval time.Duration, send func(r Reply, id string) (string, error)) *Stream {
	return &Stream{interval: interval, send: send, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
}

// delta adds a piece of the answer. It never blocks on Discord.
func (s *Stream) delta(piece string) {
	if s == nil || s.interval < 0 || piece == "" {
		return
	}
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	s.text.WriteString(piece)
	s.version++
	if !s.started {
		s.started = true
		go s.run()
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Stream) run() {
	defer close(s.done)
	seen := 0
	for {
		select {
		case <-s.stop:
			return
		case <-s.wake:
		}
		if !s.last.IsZero() {
			t := time.NewTimer(time.Until(s.last.Add(s.interval)))
			select {
			case <-s.stop:
				t.Stop()
				return
			case <-t.C:
			}
		}
		s.mu.Lock()
		text, v := s.text.String(), s.version
		s.mu.Unlock()
		if v == seen || !showable(text) {
			continue
		}
		seen = v
		id, err := s.send(s.render(text), s.id)
		if err != nil {
			s.err = err
			return
		}
		s.id, s.last = id, time.Now()
		s.shown++
	}
}

// Finish stops the partials and, when one was shown, waits until the
// interval since the last has passed (or ctx is done), so that the final
// edit keeps the pace. It returns the id of the message showing the
// partials ("" when none was shown) and the error that stopped them.
// Calling it again returns the same.
func (s *Stream) Finish(ctx context.Context) (id string, err error) {
	if s == nil {
		return "", nil
	}
	s.once.Do(func() {
		s.mu.Lock()
		s.stopped = true
		started := s.started
		s.mu.Unlock()
		if !started {
			return
		}
		close(s.stop)
		<-s.done
		if s.shown == 0 {
			return
		}
		t := time.NewTimer(time.Until(s.last.Add(s.interval)))
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	})
	if s.shown == 0 {
		return "", s.err
	}
	return s.id, s.err
}

// partials is the number of partial answers shown; call it after Finish.
func (s *Stream) partials() int {
	if s == nil {
		return 0
	}
	return s.shown
}

// showable reports whether the text so far is worth showing: not blank,
// and not the model's "not found" marker, whole or in the making.
func showable(text string) bool {
	t := strings.TrimSpace(text)
	return t != "" && !strings.HasPrefix(answer.NotFoundMarker, t) && !strings.Contains(t, answer.NotFoundMarker)
}

// partialRenderer lays out the model's answer so far, in the language of
// the reply (questionLang): one message within Discord's limits (the text
// is cut with "…" when it does not fit), the final answer's layout without
// sources. The text is not checked yet: mentions are broken and links
// masked (answer.SanitizePartial) from the first partial on.
func (b *Bot) partialRenderer(lang string) func(text string) Reply {
	v := b.voice(lang)
	title, foot := v.say("answer_title", nil), v.say("footer_writing", nil)
	if b.opts.ReplyStyle == StyleText {
		return func(text string) Reply {
			suffix := "\n-# " + foot
			return Reply{Content: truncate(strings.TrimSpace(answer.SanitizePartial(text)), MaxContent-Length(suffix)) + suffix}
		}
	}
	return func(text string) Reply {
		return Reply{Embeds: []*Embed{{
			Title:       title,
			Description: truncate(strings.TrimSpace(answer.SanitizePartial(text)), MaxEmbedDescription),
			Color:       colorAnswer,
			Footer:      &Footer{Text: foot},
		}}}
	}
}
