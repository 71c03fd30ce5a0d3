package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/prompts"
)

// Answerer answers a question (an *answer.Answerer).
type Answerer interface {
	Ask(ctx context.Context, req answer.Request) (answer.Answer, error)
}

// Reloader reloads the knowledge base (a *knowledge.Store): on error the
// previous base keeps serving.
type Reloader interface {
	Reload(ctx context.Context) (knowledge.Diff, error)
}

// Unanswered keeps the questions the bot declined, for admins to see what
// the knowledge base lacks (an *unanswered.Store).
type Unanswered interface {
	Add(question string, at time.Time)
	Top(n int) []unanswered.Entry
}

// Summarizer picks the n sentences that best summarize doc.
type Summarizer func(doc knowledge.Document, n int) []knowledge.SummarySentence

// Reply styles.
const (
	StyleEmbed = "embed"
	StyleText  = "text"
)

// Triggers: how a question reached the bot (logged, and passed to the
// Observer).
const (
	TriggerMention = "mention"
	TriggerDM      = "dm"
	TriggerChannel = "channel"
	TriggerReply   = "reply" // a reply to one of the bot's answers
	TriggerSlash   = "slash"
)

// Outcomes of a question.
const (
	OutcomeAnswered    = "answered"
	OutcomeDeclined    = "declined" // the knowledge base has no answer
	OutcomeRateLimited = "rate_limited"
	OutcomeRefused     = "refused" // empty or too long
	OutcomeError       = "error"
)

// QuestionEvent describes one question, for logs and metrics.
type QuestionEvent struct {
	Trigger string
	Outcome string
	Mode    string // answer.ModeTemplate or answer.ModeLLM; "" when not answered
	Latency time.Duration
	// Fallback: the template answer replaced the model's (answer.Answer.Note).
	Fallback bool
	// Chars is the length of the question, in characters.
	Chars int
	// Partials is the number of partial answers shown while the model wrote.
	Partials int
}

// Observer is told about every question and reload (metrics). Its methods
// must not block.
type Observer interface {
	Question(QuestionEvent)
	Reload(ok bool)
}

// Options configure a Bot. Answerer is required.
type Options struct {
	Answerer  Answerer
	Knowledge answer.KnowledgeBase // documents for /chiffres, /source, /resume; nil: those commands say so
	Reloader  Reloader             // nil: /recharger says reloading is not available
	Summarize Summarizer           // nil: knowledge.Summarize (TextRank), else the lead sentences
	// Prompts words the replies: the message catalogue of each language
	// (prompts/templates/messages.<lang>.yaml). nil: prompts.Default().
	Prompts *prompts.Set

	Channels   []string // channel ids where every message is a question
	AdminRoles []string // role ids allowed to use the admin commands
	AdminUsers []string // user ids allowed to use the admin commands
	ReplyStyle string   // StyleEmbed (default) or StyleText

	RateLimit         int           // questions per RateWindow and user; 0: no limit
	RateWindow        time.Duration // default one minute
	MaxQuestionLength int           // in characters; default 500

	// ShutdownGrace bounds the wait, on shutdown, for the questions already
	// received to be answered (default DefaultShutdownGrace).
	ShutdownGrace time.Duration
	// HistoryTurns is the number of earlier turns a follow-up carries
	// (default 3); HistorySize the number of bot messages remembered
	// (default 2000).
	HistoryTurns, HistorySize int

	// Unanswered, if set, receives every declined question, and the admin
	// command /sans-reponse lists the most frequent ones.
	Unanswered Unanswered
	// Documents, if set, lets admins add (/ajouter) and remove (/retirer)
	// documents of the knowledge directory (a *knowledge.Editor); nil: those
	// commands say they are not available.
	Documents DocumentEditor
	// Pages fetches the web pages /ajouter url: reads, Attachments the files
	// attached to /ajouter, from Discord's CDN (each a *fetch.Fetcher with
	// its guards; see discord.AttachmentHosts). Nil: that way of adding says it is
	// not available.
	Pages, Attachments Fetcher

	Logger   *slog.Logger // default: slog.Default()
	Observer Observer     // optional
	Now      func() time.Time
}

// Bot is the transport-independent bot: it turns each Invocation into a
// Reply through the middlewares and the command table, and hands the reply
// to the invocation's Conversation. The adapter of package bot/discord
// serves it on Discord.
type Bot struct {
	opts     Options
	log      *slog.Logger
	commands []Command
	byName   map[string]*Command
	// serve runs every invocation, message or interaction, through the
	// shared middlewares and the command table (see middleware.go).
	serve    Handler
	limiter  *rateLimiter
	memory   *memory
	admRoles map[string]bool
	admUsers map[string]bool
	confirms *confirmations // buttons waiting for a click (/retirer)

	work     context.Context // cancelled when shutdown gives up waiting
	stopWork context.CancelFunc

	mu      sync.Mutex // guards the fields below
	closing bool       // Shutdown began
	cutoff  time.Time  // when: questions asked before are still taken
	expired bool       // nothing more is taken (grace period over, or all answered)
	jobs    map[uint64]job
	lastJob uint64
	idle    chan struct{} // closed when, shutting down, no job is left
	// idleClosed: idle is closed.
	idleClosed bool
}

// ErrNoAnswerer is returned by New without Options.Answerer.
var ErrNoAnswerer = errors.New("bot: no answerer")

// New returns a Bot; an adapter (package bot/discord) serves it.
func New(opts Options) (*Bot, error) {
	if opts.Answerer == nil {
		return nil, ErrNoAnswerer
	}
	if opts.ReplyStyle == "" {
		opts.ReplyStyle = StyleEmbed
	}
	if opts.ReplyStyle != StyleEmbed && opts.ReplyStyle != StyleText {
		return nil, fmt.Errorf("bot: reply style %q: want %q or %q", opts.ReplyStyle, StyleEmbed, StyleText)
	}
	if opts.RateWindow <= 0 {
		opts.RateWindow = time.Minute
	}
	if opts.MaxQuestionLength <= 0 {
		opts.MaxQuestionLength = 500
	}
	if opts.ShutdownGrace <= 0 {
		opts.ShutdownGrace = DefaultShutdownGrace
	}
	if opts.HistoryTurns <= 0 {
		opts.HistoryTurns = 3
	}
	if opts.HistorySize <= 0 {
		opts.HistorySize = 2000
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Summarize == nil {
		opts.Summarize = summarize
	}
	if opts.Prompts == nil {
		opts.Prompts = prompts.Default()
	}
	b := &Bot{
		opts:     opts,
		log:      opts.Logger,
		limiter:  newRateLimiter(opts.RateLimit, opts.RateWindow, opts.Now),
		memory:   newMemory(opts.HistorySize, opts.HistoryTurns+1),
		admRoles: set(opts.AdminRoles),
		admUsers: set(opts.AdminUsers),
		jobs:     map[uint64]job{},
		confirms: newConfirmations(confirmTTL, maxConfirmations),
		idle:     make(chan struct{}),
	}
	b.work, b.stopWork = context.WithCancel(context.Background())
	b.commands = b.commandTable()
	b.byName = map[string]*Command{}
	for i := range b.commands {
		c := &b.commands[i]
		c.serve = chain(c.Handler, c.Use...)
		if c.Click != nil {
			c.serveClick = chain(c.Click, c.UseClick...)
		}
		b.byName[c.Definition.Name] = c
	}
	b.serve = chain(b.route, b.tracked, b.recovered, b.observed, b.sent)
	return b, nil
}

func set(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		if id != "" {
			m[id] = true
		}
	}
	return m
}

// Commands returns the command table.
func (b *Bot) Commands() []Command { return b.commands }

// Channels are the ids of the channels where every message is a question.
func (b *Bot) Channels() []string { return b.opts.Channels }

// Serve handles inv: it registers it for Shutdown (refused once shutting
// down, see begin), then, in a goroutine of its own, runs it through the
// middlewares and its command's handler, and sends the reply through
// inv.Conversation. Call it in the order the events arrive, from the
// goroutine that receives them.
func (b *Bot) Serve(inv *Invocation) {
	kind := "interaction"
	if inv.Kind == KindMessage {
		kind = "message"
	}
	inv.job = job{kind: kind, trigger: inv.Label, id: inv.ID, user: userHash(inv.UserID)}
	b.serve(b.work, inv)
}

// observe logs one question and tells the Observer. The user is logged as
// a short hash of their id (enough to follow one user in the logs), never
// the question itself nor any token.
func (b *Bot) observe(ev QuestionEvent, user string) {
	lvl := slog.LevelInfo
	if ev.Outcome == OutcomeError {
		lvl = slog.LevelError
	}
	attrs := []any{"trigger", ev.Trigger, "outcome", ev.Outcome, "mode", ev.Mode,
		"latency_ms", float64(ev.Latency.Microseconds()) / 1000, "question_chars", ev.Chars, "user", userHash(user)}
	if ev.Fallback {
		attrs = append(attrs, "fallback", true)
	}
	if ev.Partials > 0 {
		attrs = append(attrs, "partials", ev.Partials)
	}
	b.log.Log(context.Background(), lvl, "question", attrs...)
	if b.opts.Observer != nil {
		b.opts.Observer.Question(ev)
	}
}

// userHash pseudonymises a user id for the logs: the first 12 hex digits
// of its SHA-256 ("" for no id).
func userHash(id string) string {
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("articlebot-user:" + id))
	return hex.EncodeToString(sum[:6])
}

// Style is the reply style: StyleEmbed or StyleText.
func (b *Bot) Style() string { return b.opts.ReplyStyle }
