package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot"
)

// DefaultStreamInterval is the least time, by default, between two edits
// of a message that shows an answer as the model writes it.
const DefaultStreamInterval = time.Second

// DefaultTypingDelay is how long, by default, a question by message waits
// for its answer before the typing indicator shows.
const DefaultTypingDelay = time.Second

// Options configure an Adapter: what is Discord's alone.
type Options struct {
	GuildID    string // register commands in this guild (instant), else globally
	ShardID    int
	ShardCount int // 0 or 1: no sharding

	// RetryWait is the wait before retrying a request to Discord that failed
	// transiently (default DefaultRetryWait), doubled for each next try, with
	// jitter.
	RetryWait time.Duration
	// ConnectWait is the wait before trying again to connect to Discord at
	// start, doubled after each failure up to MaxConnectWait, with jitter
	// (defaults DefaultConnectWait, DefaultMaxConnectWait).
	ConnectWait, MaxConnectWait time.Duration
	// StreamInterval is the least time between two edits of a message
	// showing an answer as the model writes it (LLM mode); default
	// DefaultStreamInterval (one second), negative: no partial answers.
	StreamInterval time.Duration
	// TypingDelay is how long a question by message waits for its answer
	// (or the model's first words) before the typing indicator shows
	// (default DefaultTypingDelay); negative: at once. An answer that
	// comes sooner needs no indicator, and saves a request to Discord:
	// template answers take milliseconds.
	TypingDelay time.Duration

	Logger *slog.Logger // default: slog.Default()
}

// Adapter serves a bot.Bot on Discord through one discordgo session: it
// connects and registers the command table, turns gateway events into
// invocations, and does the Discord I/O of their replies.
type Adapter struct {
	s        *discordgo.Session
	bot      *bot.Bot
	opts     Options
	log      *slog.Logger
	channels map[string]bool // where every message is a question
	selfID   atomic.Value    // string: the bot's user id, known after READY
	appID    atomic.Value    // string: the application id
	ready    atomic.Bool

	// How far Start got (see connect).
	started  atomic.Bool  // connected, commands registered
	attempts atomic.Int64 // failed tries to connect

	removers []func()
	closing  atomic.Bool // Shutdown began
}

// New returns an Adapter that will serve b on s. It sets the session's
// intents and shard; call Start (or Run) to connect. s may point anywhere
// (a proxy, a fake) through its HTTP client's transport.
func New(s *discordgo.Session, b *bot.Bot, opts Options) (*Adapter, error) {
	if s == nil {
		return nil, errors.New("discord: nil session")
	}
	if b == nil {
		return nil, errors.New("discord: nil bot")
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
	if opts.StreamInterval == 0 {
		opts.StreamInterval = DefaultStreamInterval
	}
	if opts.TypingDelay == 0 {
		opts.TypingDelay = DefaultTypingDelay
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &Adapter{s: s, bot: b, opts: opts, log: opts.Logger, channels: map[string]bool{}}
	for _, id := range b.Channels() {
		if id != "" {
			a.channels[id] = true
		}
	}
	a.selfID.Store("")
	a.appID.Store("")
	s.Identify.Intents = Intents(len(a.channels) > 0)
	// Events are taken in the order they arrive (each handler starts its
	// work in a goroutine), so that shutdown knows what was received.
	s.SyncEvents = true
	if opts.ShardCount > 1 {
		s.ShardID, s.ShardCount = opts.ShardID, opts.ShardCount
	}
	return a, nil
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

// AttachmentHosts are Discord's CDN hosts, the only ones attachments are
// fetched from (the allow-list of bot.Options.Attachments).
func AttachmentHosts() []string { return []string{"cdn.discordapp.com", "media.discordapp.net"} }

// AttachmentTypes are the content types accepted for an attached document
// (Discord sets them from the file's extension).
func AttachmentTypes() []string {
	return []string{"text/plain", "text/markdown", "text/x-markdown", "application/octet-stream"}
}

// Ready reports whether the bot serves: connected to the gateway, with
// its commands registered (see Readiness).
func (a *Adapter) Ready() bool { return a.Readiness() == nil }

// Start installs the handlers, connects to the gateway and registers the
// commands (bulk overwrite, in GuildID when set). While Discord cannot be
// reached it tries again, with backoff, until ctx is done (see connect).
func (a *Adapter) Start(ctx context.Context) error {
	a.removers = append(a.removers,
		a.s.AddHandler(a.onReady),
		a.s.AddHandler(a.onResumed),
		a.s.AddHandler(a.onDisconnect),
		a.s.AddHandler(a.onMessage),
		a.s.AddHandler(a.onInteraction),
	)
	if err := a.connect(ctx); err != nil {
		return err
	}
	a.log.Info("discord bot started", "user", a.self(), "guild", a.opts.GuildID, "channels", len(a.channels),
		"shard", a.opts.ShardID, "shards", max(a.opts.ShardCount, 1), "style", a.bot.Style())
	return nil
}

// open connects to the gateway and learns the bot's ids from READY.
func (a *Adapter) open() error {
	if err := a.s.Open(); err != nil {
		return fmt.Errorf("connect to the Discord gateway: %w", err)
	}
	if st := a.s.State; st != nil {
		st.RLock()
		if st.User != nil {
			a.selfID.Store(st.User.ID)
		}
		switch {
		case st.Application != nil && st.Application.ID != "":
			a.appID.Store(st.Application.ID)
		case st.User != nil:
			a.appID.Store(st.User.ID) // a bot's user id is its application id
		}
		st.RUnlock()
	}
	a.ready.Store(true)
	return nil
}

// Run starts the bot and serves until ctx is done, then shuts down. Done
// before the bot could connect, it returns nil: a clean stop.
func (a *Adapter) Run(ctx context.Context) error {
	if err := a.Start(ctx); err != nil {
		_ = a.s.Close()
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			a.log.Info("discord bot stopped before it could connect")
			return nil
		}
		return err
	}
	<-ctx.Done()
	return a.Shutdown()
}

// Shutdown stops taking new questions and finishes those already received
// (see bot.Bot.Shutdown), then closes the gateway connection. A second
// call returns at once.
func (a *Adapter) Shutdown() error {
	if a.closing.Swap(true) {
		return nil
	}
	a.bot.Shutdown()
	for _, rm := range a.removers {
		rm()
	}
	a.ready.Store(false)
	if err := a.s.Close(); err != nil {
		return fmt.Errorf("close the gateway: %w", err)
	}
	a.log.Info("discord bot stopped")
	return nil
}

func (a *Adapter) self() string { return a.selfID.Load().(string) }

func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	if r.User != nil {
		a.selfID.Store(r.User.ID)
	}
	if r.Application != nil && r.Application.ID != "" {
		a.appID.Store(r.Application.ID)
	} else if r.User != nil && a.appID.Load().(string) == "" {
		a.appID.Store(r.User.ID)
	}
	a.ready.Store(true)
	a.log.Info("gateway ready", "session", "new")
}

func (a *Adapter) onResumed(_ *discordgo.Session, _ *discordgo.Resumed) {
	a.ready.Store(true)
	a.log.Info("gateway resumed")
}

func (a *Adapter) onDisconnect(_ *discordgo.Session, _ *discordgo.Disconnect) {
	a.ready.Store(false)
	a.log.Warn("gateway disconnected")
}
