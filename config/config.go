package config

import (
	"log/slog"
	"strings"
	"time"
)

// Allowed values of enumerated settings.
const (
	AnswerModeTemplate = "template"
	AnswerModeLLM      = "llm"

	ReplyStyleEmbed = "embed"
	ReplyStyleText  = "text"

	LogFormatText = "text"
	LogFormatJSON = "json"
)

// MiB is one mebibyte, the unit of the knowledge.max_file_size default.
const MiB int64 = 1 << 20

// Config is the complete, typed articlebot configuration. Build it with
// [Load] (or [Default] in tests) and check it with [Config.Validate].
type Config struct {
	Discord    DiscordConfig
	Knowledge  KnowledgeConfig
	Answer     AnswerConfig
	Prompts    PromptsConfig
	LLM        LLMConfig
	Log        LogConfig
	Metrics    MetricsConfig
	Unanswered UnansweredConfig

	// sources maps a key to where its value came from ("default",
	// "articlebot.yaml", "env ARTICLEBOT_X", ...). Nil for hand-built configs.
	sources map[string]string
	// warnings are non-fatal findings of Load (unknown ARTICLEBOT_ variables).
	warnings []string
}

// DiscordConfig holds the discord.* settings.
type DiscordConfig struct {
	Token      Secret   // discord.token
	APIURL     string   // discord.api_url
	GuildID    string   // discord.guild_id
	Channels   []string // discord.channels
	AdminRoles []string // discord.admin_roles
	AdminUsers []string // discord.admin_users
	ShardID    int      // discord.shard_id
	ShardCount int      // discord.shard_count
	ReplyStyle string   // discord.reply_style: "embed" or "text"
	// ShutdownGrace bounds, on SIGINT/SIGTERM, the wait for the questions
	// already received to be answered (discord.shutdown_grace).
	ShutdownGrace time.Duration
}

// KnowledgeConfig holds the knowledge.* settings.
type KnowledgeConfig struct {
	Dir         string // knowledge.dir; empty = embedded default knowledge base
	Watch       bool   // knowledge.watch
	MaxFileSize int64  // knowledge.max_file_size, in bytes
	Fetch       FetchConfig
}

// FetchConfig holds the knowledge.fetch.* settings: how /ajouter fetches a
// web page.
type FetchConfig struct {
	AllowHosts []string      // knowledge.fetch.allow_hosts; empty = any public host
	Timeout    time.Duration // knowledge.fetch.timeout, the whole fetch
	MaxSize    int64         // knowledge.fetch.max_size, in bytes
}

// AnswerConfig holds the answer.* settings.
type AnswerConfig struct {
	Mode              string        // answer.mode: "template" or "llm"
	TopK              int           // answer.top_k
	MaxQuestionLength int           // answer.max_question_length, in characters (runes)
	RateLimit         int           // answer.rate_limit, questions per RateWindow per user; 0 = off
	RateWindow        time.Duration // answer.rate_window
}

// PromptsConfig holds the prompts.* settings.
type PromptsConfig struct {
	Dir string // prompts.dir; empty = embedded prompts
}

// LLMConfig holds the llm.* settings.
type LLMConfig struct {
	BaseURL          string        // llm.base_url
	APIKey           Secret        // llm.api_key
	Model            string        // llm.model
	EmbeddingsModel  string        // llm.embeddings_model; empty = embeddings off
	Timeout          time.Duration // llm.timeout
	MaxContextTokens int           // llm.max_context_tokens
	Temperature      float64       // llm.temperature
}

// LogConfig holds the log.* settings.
type LogConfig struct {
	Level  string // log.level: "debug", "info", "warn" or "error"
	Format string // log.format: "text" or "json"
}

// SlogLevel converts Level to a slog.Level (info when unknown).
func (l LogConfig) SlogLevel() slog.Level {
	switch strings.ToLower(strings.TrimSpace(l.Level)) {
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}

// MetricsConfig holds the metrics.* settings.
type MetricsConfig struct {
	Addr string // metrics.addr, host:port; empty = metrics endpoint off
}

// UnansweredConfig holds the unanswered.* settings.
type UnansweredConfig struct {
	File string // unanswered.file; empty = memory only
	Max  int    // unanswered.max
}

// Default returns the built-in defaults, the lowest-precedence source of
// [Load]. The result is valid for the "template" answer mode.
func Default() *Config {
	return &Config{
		Discord: DiscordConfig{
			APIURL:        "https://discord.com/api",
			Channels:      []string{},
			AdminRoles:    []string{},
			AdminUsers:    []string{},
			ShardID:       0,
			ShardCount:    1,
			ReplyStyle:    ReplyStyleEmbed,
			ShutdownGrace: 10 * time.Second,
		},
		Knowledge: KnowledgeConfig{
			MaxFileSize: 5 * MiB,
			Fetch: FetchConfig{
				AllowHosts: []string{},
				Timeout:    15 * time.Second,
				MaxSize:    5 * MiB,
			},
		},
		Answer: AnswerConfig{
			Mode:              AnswerModeTemplate,
			TopK:              5,
			MaxQuestionLength: 500,
			RateLimit:         5,
			RateWindow:        time.Minute,
		},
		LLM: LLMConfig{
			BaseURL:          "https://api.openai.com/v1",
			Model:            "gpt-4o-mini",
			Timeout:          20 * time.Second,
			MaxContextTokens: 6000,
			Temperature:      0.2,
		},
		Log: LogConfig{
			Level:  "info",
			Format: LogFormatText,
		},
		Unanswered: UnansweredConfig{
			Max: 500,
		},
	}
}

// Source reports where the value of key came from: "default", the YAML file
// path, ".env (VAR)", "env VAR" or "flag --name". It returns "" for unknown
// keys and for configs not built by [Load].
func (c *Config) Source(key string) string {
	return c.sources[key]
}

// Warnings returns non-fatal findings of [Load], such as ARTICLEBOT_*
// environment variables that match no key. Callers may log them.
func (c *Config) Warnings() []string {
	return append([]string(nil), c.warnings...)
}

// Secret is a string that never prints itself: fmt, slog, JSON and text
// encoding all show "(set)" or "(unset)". Use [Secret.Reveal] to get the value.
type Secret string

// Reveal returns the secret value. Never log or wrap it in errors.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret is non-empty.
func (s Secret) IsSet() bool { return s != "" }

// String returns "(set)" or "(unset)".
func (s Secret) String() string {
	if s.IsSet() {
		return "(set)"
	}
	return "(unset)"
}

// GoString masks the secret for %#v.
func (s Secret) GoString() string { return `config.Secret("` + s.String() + `")` }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText implements encoding.TextMarshaler with the masked form.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
