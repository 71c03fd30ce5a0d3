package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

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

	GuildID    string   // register commands in this guild (instant), else globally
	Channels   []string // channel ids where every message is a question
	AdminRoles []string // role ids allowed to reload
	AdminUsers []string // user ids allowed to reload
	ReplyStyle string   // StyleEmbed (default) or StyleText
	ShardID    int
	ShardCount int // 0 or 1: no sharding

	RateLimit         int           // questions per RateWindow and user; 0: no limit
	RateWindow        time.Duration // default one minute
	MaxQuestionLength int           // in characters; default 500

	// ShutdownGrace bounds the wait, on shutdown, for the questions already
	// received to be answered (default DefaultShutdownGrace).
	ShutdownGrace time.Duration
	// RetryWait is the wait before retrying a request to Discord that failed
	// transiently (default DefaultRetryWait), doubled for each next try, with
	// jitter.
	RetryWait time.Duration
	// ConnectWait is the wait before trying again to connect to Discord at
	// start, doubled after each failure up to MaxConnectWait, with jitter
	// (defaults DefaultConnectWait, DefaultMaxConnectWait).
	ConnectWait, MaxConnectWait time.Duration
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
	// its guards; see AttachmentHosts). Nil: that way of adding says it is
	// not available.
	Pages, Attachments Fetcher

	// StreamInterval is the least time between two edits of a message
	// showing an answer as the model writes it (LLM mode); default
	// DefaultStreamInterval (one second), negative: no partial answers.
	StreamInterval time.Duration

	Logger   *slog.Logger // default: slog.Default()
	Observer Observer     // optional
	Now      func() time.Time
}

// Bot serves the answering layer on Discord through one session.
type Bot struct {
	s        *discordgo.Session
	opts     Options
	log      *slog.Logger
	commands []Command
	byName   map[string]*Command
	// serve runs every invocation, message or interaction, through the
	// shared middlewares and the command table (see middleware.go).
	serve    Handler
	limiter  *rateLimiter
	memory   *memory
	channels map[string]bool
	admRoles map[string]bool
	admUsers map[string]bool
	selfID   atomic.Value // string: the bot's user id, known after READY
	appID    atomic.Value // string: the application id
	ready    atomic.Bool
	confirms *confirmations // buttons waiting for a click (/retirer)

	// How far Start got (see connect).
	started  atomic.Bool  // connected, commands registered
	attempts atomic.Int64 // failed tries to connect

	work     context.Context // cancelled when shutdown gives up waiting
	stopWork context.CancelFunc
	removers []func()

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

// New returns a Bot that will serve on s. It sets the session's intents
// and shard; call Start (or Run) to connect. s may point anywhere (a
// proxy, a fake) through its HTTP client's transport.
func New(s *discordgo.Session, opts Options) (*Bot, error) {
	if opts.Answerer == nil {
		return nil, ErrNoAnswerer
	}
	if s == nil {
		return nil, errors.New("bot: nil session")
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
	if opts.RetryWait <= 0 {
		opts.RetryWait = DefaultRetryWait
	}
	if opts.ConnectWait <= 0 {
		opts.ConnectWait = DefaultConnectWait
	}
	if opts.MaxConnectWait <= 0 {
		opts.MaxConnectWait = DefaultMaxConnectWait
	}
	if opts.HistoryTurns <= 0 {
		opts.HistoryTurns = 3
	}
	if opts.HistorySize <= 0 {
		opts.HistorySize = 2000
	}
	if opts.StreamInterval == 0 {
		opts.StreamInterval = DefaultStreamInterval
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
		s:        s,
		opts:     opts,
		log:      opts.Logger,
		limiter:  newRateLimiter(opts.RateLimit, opts.RateWindow, opts.Now),
		memory:   newMemory(opts.HistorySize, opts.HistoryTurns+1),
		channels: set(opts.Channels),
		admRoles: set(opts.AdminRoles),
		admUsers: set(opts.AdminUsers),
		jobs:     map[uint64]job{},
		confirms: newConfirmations(confirmTTL, maxConfirmations),
		idle:     make(chan struct{}),
	}
	b.selfID.Store("")
	b.appID.Store("")
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
	s.Identify.Intents = Intents(len(opts.Channels) > 0)
	// Events are taken in the order they arrive (each handler starts its
	// work in a goroutine), so that shutdown knows what was received.
	s.SyncEvents = true
	if opts.ShardCount > 1 {
		s.ShardID, s.ShardCount = opts.ShardID, opts.ShardCount
	}
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

// Intents are the gateway intents the bot asks for: guild and direct
// messages (to see mentions, DMs and replies) and guilds. Message content
// is privileged and only needed to read messages that neither mention the
// bot nor are DMs: it is asked for when channels are configured, where
// every message is a question.
func Intents(channels bool) discordgo.Intent {
	i := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if channels {
		i |= discordgo.IntentMessageContent
	}
	return i
}

// Commands returns the command table.
func (b *Bot) Commands() []Command { return b.commands }

// Definitions returns the application commands the bot registers.
func (b *Bot) Definitions() []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, len(b.commands))
	for i, c := range b.commands {
		out[i] = c.Definition
	}
	return out
}

// Ready reports whether the bot serves: connected to the gateway, with
// its commands registered (see Readiness).
func (b *Bot) Ready() bool { return b.Readiness() == nil }

// Start installs the handlers, connects to the gateway and registers the
// commands (bulk overwrite, in GuildID when set). While Discord cannot be
// reached it tries again, with backoff, until ctx is done (see connect).
func (b *Bot) Start(ctx context.Context) error {
	b.removers = append(b.removers,
		b.s.AddHandler(b.onReady),
		b.s.AddHandler(b.onResumed),
		b.s.AddHandler(b.onDisconnect),
		b.s.AddHandler(b.onMessage),
		b.s.AddHandler(b.onInteraction),
	)
	if err := b.connect(ctx); err != nil {
		return err
	}
	b.log.Info("discord bot started", "user", b.self(), "guild", b.opts.GuildID, "channels", len(b.channels),
		"shard", b.opts.ShardID, "shards", max(b.opts.ShardCount, 1), "style", b.opts.ReplyStyle)
	return nil
}

// open connects to the gateway and learns the bot's ids from READY.
func (b *Bot) open() error {
	if err := b.s.Open(); err != nil {
		return fmt.Errorf("connect to the Discord gateway: %w", err)
	}
	if st := b.s.State; st != nil {
		st.RLock()
		if st.User != nil {
			b.selfID.Store(st.User.ID)
		}
		switch {
		case st.Application != nil && st.Application.ID != "":
			b.appID.Store(st.Application.ID)
		case st.User != nil:
			b.appID.Store(st.User.ID) // a bot's user id is its application id
		}
		st.RUnlock()
	}
	b.ready.Store(true)
	return nil
}

// register bulk-overwrites the application commands.
func (b *Bot) register(ctx context.Context) error {
	app := b.appID.Load().(string)
	if app == "" {
		return errors.New("register commands: application id unknown (no READY)")
	}
	body, err := registrationBody(b.Definitions())
	if err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	endpoint, where := discordgo.EndpointApplicationGlobalCommands(app), "global"
	if b.opts.GuildID != "" {
		endpoint, where = discordgo.EndpointApplicationGuildCommands(app, b.opts.GuildID), "guild "+b.opts.GuildID
	}
	var resp []byte
	err = b.retry(ctx, "register commands", func(int) error {
		var err error
		resp, err = b.s.RequestWithBucketID("PUT", endpoint, body, endpoint, discordgo.WithContext(ctx), noRestRetries())
		return err
	})
	if err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	var got []json.RawMessage
	if err := json.Unmarshal(resp, &got); err != nil {
		return fmt.Errorf("register commands: response: %w", err)
	}
	b.log.Info("slash commands registered", "count", len(got), "scope", where)
	return nil
}

// registrationBody encodes the command definitions for a bulk overwrite.
// discordgo writes default_member_permissions as a string; Discord's OpenAPI
// description has an integer, so the body is rewritten with a number.
func registrationBody(defs []*discordgo.ApplicationCommand) ([]map[string]any, error) {
	out := make([]map[string]any, len(defs))
	for i, d := range defs {
		raw, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		if d.DefaultMemberPermissions != nil {
			m["default_member_permissions"] = *d.DefaultMemberPermissions
		}
		out[i] = m
	}
	return out, nil
}

// Run starts the bot and serves until ctx is done, then shuts down. Done
// before the bot could connect, it returns nil: a clean stop.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.Start(ctx); err != nil {
		_ = b.s.Close()
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			b.log.Info("discord bot stopped before it could connect")
			return nil
		}
		return err
	}
	<-ctx.Done()
	return b.Shutdown()
}

func (b *Bot) self() string { return b.selfID.Load().(string) }

func (b *Bot) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	if r.User != nil {
		b.selfID.Store(r.User.ID)
	}
	if r.Application != nil && r.Application.ID != "" {
		b.appID.Store(r.Application.ID)
	} else if r.User != nil && b.appID.Load().(string) == "" {
		b.appID.Store(r.User.ID)
	}
	b.ready.Store(true)
	b.log.Info("gateway ready", "session", "new")
}

func (b *Bot) onResumed(_ *discordgo.Session, _ *discordgo.Resumed) {
	b.ready.Store(true)
	b.log.Info("gateway resumed")
}

func (b *Bot) onDisconnect(_ *discordgo.Session, _ *discordgo.Disconnect) {
	b.ready.Store(false)
	b.log.Warn("gateway disconnected")
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
// of its SHA-256.
func userHash(id string) string {
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("articlebot-user:" + id))
	return hex.EncodeToString(sum[:6])
}
