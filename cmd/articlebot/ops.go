package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/articlebot/articlebot/bot"
	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/lexicon"
	"github.com/articlebot/articlebot/internal/metrics"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/articlebot/articlebot/knowledge"
)

// Compile-time checks: what the CLI hands the bot and the answerer
// implements the interfaces they take (the packages check the rest:
// bot/implements.go, bot/answer).
var (
	_ bot.Observer   = observer{}
	_ bot.Reloader   = (*reloader)(nil)
	_ bot.Unanswered = countedUnanswered{}
	_ answer.Lexicon = (*lexicon.Lexicon)(nil)
)

// observer turns the bot's question and reload events into metrics.
type observer struct{ m *metrics.Metrics }

func (o observer) Question(ev bot.QuestionEvent) {
	trigger := ev.Trigger
	if trigger == bot.TriggerReply {
		trigger = metrics.TriggerMention // a reply to the bot pings it
	}
	o.m.Question(trigger, ev.Mode, ev.Outcome, ev.Latency)
}

// Reload is counted by the reloader, which also sees automatic reloads.
func (o observer) Reload(bool) {}

// reloader reloads the knowledge base, then embeds the new passages (when
// embeddings are on) and updates the metrics: for /recharger and for
// knowledge.watch alike.
type reloader struct {
	store    *knowledge.Store
	answerer *answer.Answerer
	metrics  *metrics.Metrics
	log      *slog.Logger
}

func (r *reloader) Reload(ctx context.Context) (knowledge.Diff, error) {
	d, err := r.store.Reload(ctx)
	r.after(ctx, d, err)
	return d, err
}

func (r *reloader) after(ctx context.Context, d knowledge.Diff, err error) {
	r.metrics.Reload(err == nil, d.Documents, d.Passages)
	if err != nil {
		return
	}
	if err := r.answerer.Prepare(ctx, r.store.Base()); err != nil {
		r.log.Warn("passage embeddings unavailable after reload: BM25 retrieval only", "err", err)
	}
}

// countedUnanswered keeps the unanswered-questions gauge up to date.
type countedUnanswered struct {
	*unanswered.Store
	m *metrics.Metrics
}

func (c countedUnanswered) Add(question string, at time.Time) {
	c.Store.Add(question, at)
	c.m.SetUnanswered(c.Len())
}
