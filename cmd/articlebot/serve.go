package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/spf13/cobra"

	"github.com/articlebot/articlebot/bot"
	"github.com/articlebot/articlebot/bot/discord"
	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/discordapi"
	"github.com/articlebot/articlebot/internal/metrics"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/prompts"
)

// watchDebounce is the quiet time after a change in knowledge.dir before
// the automatic reload (knowledge.watch).
const watchDebounce = 500 * time.Millisecond

func newServeCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the Discord bot until interrupted (SIGINT/SIGTERM)",
		Long: `Connect to Discord with discord.token and answer questions: mentions of the
bot, direct messages, every message of the channels in discord.channels, and
the slash commands (/question, /chiffres, /source, /resume, /aide,
/recharger). REST calls and gateway discovery go to discord.api_url.

While Discord cannot be reached at start, serve tries again with
exponential backoff (1 s doubling to 2 min, with jitter) and /readyz says
503 until the gateway is connected and the commands registered; a token
Discord refuses ends it at once (exit code 2).

On SIGINT or SIGTERM the bot stops taking questions, answers those already
received for up to discord.shutdown_grace (logging any left unanswered),
saves the unanswered questions and closes the gateway connection.`,
		Example: `  DISCORD_TOKEN=... articlebot serve
  articlebot serve --kb ./kb --guild 123456789012345678`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.loadConfig(cmd.Flags(), map[string]string{
				"kb": "knowledge.dir", "guild": "discord.guild_id", "style": "discord.reply_style",
			})
			if err != nil {
				return err
			}
			if err := cfg.RequireDiscord(); err != nil {
				return err
			}
			// Requests are built for discord.com and sent to discord.api_url:
			// errors and log lines name the host really contacted.
			nameHost := discordapi.ErrorNamer(cfg.Discord.APIURL)
			return nameHost(serve(cmd.Context(), cfg, newLogger(e.stderr, cfg.Log, nameHost)))
		},
	}
	cmd.Flags().String("kb", "", "knowledge directory (default: the embedded article)")
	cmd.Flags().String("guild", "", "register the slash commands in this guild only (instant; default: global)")
	cmd.Flags().String("style", "embed", `reply style: "embed" or "text"`)
	return cmd
}

// serve runs the bot until ctx is done.
func serve(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	for _, w := range cfg.Warnings() {
		log.Warn("configuration", "warning", w)
	}
	var m *metrics.Metrics // nil: no metrics, every call a no-op
	if cfg.Metrics.Addr != "" {
		m = metrics.New()
	}
	p, err := prompts.Load(cfg.Prompts.Dir)
	if err != nil {
		return err
	}
	a, store, err := buildAnswererWith(ctx, cfg, log, m.LLM, p)
	if err != nil {
		return err
	}
	base := store.Base()
	m.SetKnowledge(len(base.Documents()), base.PassageCount())
	unans, err := unanswered.New(cfg.Unanswered.Max, cfg.Unanswered.File)
	if err != nil {
		// A usable empty store comes back with the error: keep serving.
		log.Warn("unanswered questions: starting empty", "err", err)
	}
	m.SetUnanswered(unans.Len())
	// The store is saved every minute and, last, once the bot has answered
	// its last question: not at the signal, while the questions received
	// are still being answered (and declined).
	saveCtx, stopSaving := context.WithCancel(context.WithoutCancel(ctx))
	saved := make(chan struct{})
	go func() {
		defer close(saved)
		if err := unans.Run(saveCtx, time.Minute, func(err error) { log.Warn("saving unanswered questions", "err", err) }); err != nil {
			log.Warn("saving unanswered questions", "err", err)
		}
	}()
	defer func() { stopSaving(); <-saved }()
	sess, err := newSession(cfg)
	if err != nil {
		return err
	}
	sess.AddHandler(func(*discordgo.Session, *discordgo.Connect) { m.SetConnected(true) })
	sess.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { m.SetConnected(false) })
	rl := &reloader{store: store, answerer: a, metrics: m, log: log}
	opts := bot.Options{
		Answerer:          a,
		Prompts:           p,
		Knowledge:         store,
		Reloader:          rl,
		Observer:          observer{m},
		Unanswered:        countedUnanswered{unans, m},
		Channels:          cfg.Discord.Channels,
		AdminRoles:        cfg.Discord.AdminRoles,
		AdminUsers:        cfg.Discord.AdminUsers,
		ReplyStyle:        cfg.Discord.ReplyStyle,
		RateLimit:         cfg.Answer.RateLimit,
		RateWindow:        cfg.Answer.RateWindow,
		MaxQuestionLength: cfg.Answer.MaxQuestionLength,
		ShutdownGrace:     cfg.Discord.ShutdownGrace,
		Logger:            log,
	}
	documentOptions(cfg, rl, &opts)
	b, err := bot.New(opts)
	if err != nil {
		return err
	}
	d, err := discord.New(sess, b, discord.Options{
		GuildID:    cfg.Discord.GuildID,
		ShardID:    cfg.Discord.ShardID,
		ShardCount: cfg.Discord.ShardCount,
		Logger:     log,
	})
	if err != nil {
		return err
	}
	if cfg.Knowledge.Watch && cfg.Knowledge.Dir != "" {
		go watch(ctx, rl, cfg.Knowledge.Dir, log)
	}
	if cfg.Metrics.Addr != "" {
		ready := func() error {
			if store.Base() == nil {
				return errors.New("knowledge base not loaded")
			}
			return d.Readiness() // connected, commands registered
		}
		go func() {
			if err := metrics.Serve(ctx, cfg.Metrics.Addr, m.Handler(ready)); err != nil {
				log.Error("metrics server", "addr", cfg.Metrics.Addr, "err", err)
			}
		}()
		log.Info("metrics and health endpoints", "addr", cfg.Metrics.Addr, "paths", "/metrics /healthz /readyz")
	}
	log.Info("knowledge base loaded", "documents", len(base.Documents()), "passages", base.PassageCount(), "mode", cfg.Answer.Mode)
	return startError(cfg, d.Run(ctx))
}

// startError makes the start-up failures that no retry would cure (see
// discord.Adapter.Start) configuration errors (exit code 2), saying what to check.
func startError(cfg *config.Config, err error) error {
	switch {
	case errors.Is(err, discord.ErrInvalidToken):
		return &config.ValidationError{Problems: []config.Problem{{Key: "discord.token",
			Message: "Discord refused it: copy the bot's token again (Developer Portal → your application → Bot → Reset Token)",
			Source:  cfg.Source("discord.token")}}}
	case errors.Is(err, discord.ErrGatewayRefused), errors.Is(err, discord.ErrRefused):
		return fmt.Errorf("%w: %w", config.ErrInvalid, err)
	}
	return err
}

// newSession creates the discordgo session: its HTTP client sends every
// request for https://discord.com/api (REST and gateway discovery) to
// discord.api_url.
func newSession(cfg *config.Config) (*discordgo.Session, error) {
	token := strings.TrimPrefix(strings.TrimSpace(cfg.Discord.Token.Reveal()), "Bot ")
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	rt, err := discordapi.NewTransport(cfg.Discord.APIURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: discord.api_url: %w", config.ErrInvalid, err)
	}
	s.Client = &http.Client{Timeout: 30 * time.Second, Transport: rt}
	return s, nil
}

// watch reloads the knowledge base when knowledge.dir changes.
func watch(ctx context.Context, rl *reloader, dir string, log *slog.Logger) {
	err := rl.store.Watch(ctx, dir, watchDebounce, func(d knowledge.Diff, err error) {
		rl.after(ctx, d, err)
		if err != nil {
			log.Warn("automatic reload refused; the previous knowledge base keeps answering", "err", err)
			return
		}
		log.Info("knowledge base reloaded (watch)", "documents", d.Documents, "passages", d.Passages,
			"added", len(d.DocsAdded), "removed", len(d.DocsRemoved), "changed", len(d.DocsChanged))
	})
	if err != nil && ctx.Err() == nil {
		log.Error("watching the knowledge directory failed", "dir", dir, "err", err)
	}
}

// newLogger returns the slog logger configured by log.level and log.format.
// rewrite, if not nil, is applied to every error logged (see
// discordapi.ErrorNamer).
func newLogger(w io.Writer, lc config.LogConfig, rewrite func(error) error) *slog.Logger {
	opts := &slog.HandlerOptions{Level: lc.SlogLevel()}
	if rewrite != nil {
		opts.ReplaceAttr = func(_ []string, a slog.Attr) slog.Attr {
			if err, ok := a.Value.Any().(error); ok && a.Value.Kind() == slog.KindAny {
				a.Value = slog.AnyValue(rewrite(err))
			}
			return a
		}
	}
	if lc.Format == config.LogFormatJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
