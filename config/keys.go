package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// EnvPrefix prefixes every environment variable: key "llm.base_url" is read
// from ARTICLEBOT_LLM_BASE_URL.
const EnvPrefix = "ARTICLEBOT_"

// Value types reported in [Key].Type.
const (
	TypeString   = "string"
	TypeSecret   = "secret"
	TypeBool     = "bool"
	TypeInt      = "int"
	TypeFloat    = "float"
	TypeDuration = "duration"
	TypeSize     = "size"
	TypeList     = "list"
)

// Key describes one setting. [Keys] lists them all; .env.example and the
// README settings table are generated from that list.
type Key struct {
	Name        string   // dotted key, e.g. "llm.base_url" (YAML: llm: {base_url: ...})
	Env         string   // environment variable, e.g. "ARTICLEBOT_LLM_BASE_URL"
	Aliases     []string // extra environment variables, lower precedence than Env
	Type        string   // one of the Type* constants
	Default     string   // default as written in a .env file ("" when empty)
	Description string   // one line
	Secret      bool     // value must never be printed

	field func(*Config) any // pointer to the field in a Config
}

// Keys returns every configuration key in a stable order (grouped by
// section). The slice is freshly allocated.
func Keys() []Key {
	ks := keyTable()
	def := Default()
	for i := range ks {
		ks[i].Env = envName(ks[i].Name)
		ks[i].Type = typeOf(ks[i].field(def))
		ks[i].Secret = ks[i].Type == TypeSecret
		ks[i].Default = render(ks[i].field(def), false)
	}
	return ks
}

func envName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

func keyTable() []Key {
	return []Key{
		{Name: "discord.token", Aliases: []string{"DISCORD_TOKEN"},
			Description: "Discord bot token, without the \"Bot \" prefix (secret; DISCORD_TOKEN also works). Required by serve.",
			field:       func(c *Config) any { return &c.Discord.Token }},
		{Name: "discord.api_url",
			Description: "Discord REST API base URL (http or https); change only for tests or proxies.",
			field:       func(c *Config) any { return &c.Discord.APIURL }},
		{Name: "discord.guild_id",
			Description: "Only answer in this guild (server) ID; empty = any guild.",
			field:       func(c *Config) any { return &c.Discord.GuildID }},
		{Name: "discord.channels",
			Description: "Comma-separated channel IDs the bot answers in; empty = every channel it can read.",
			field:       func(c *Config) any { return &c.Discord.Channels }},
		{Name: "discord.admin_roles",
			Description: "Comma-separated role IDs allowed to run admin commands.",
			field:       func(c *Config) any { return &c.Discord.AdminRoles }},
		{Name: "discord.admin_users",
			Description: "Comma-separated user IDs allowed to run admin commands.",
			field:       func(c *Config) any { return &c.Discord.AdminUsers }},
		{Name: "discord.shard_id",
			Description: "Gateway shard ID of this process (0-based, below discord.shard_count).",
			field:       func(c *Config) any { return &c.Discord.ShardID }},
		{Name: "discord.shard_count",
			Description: "Total number of gateway shards.",
			field:       func(c *Config) any { return &c.Discord.ShardCount }},
		{Name: "discord.reply_style",
			Description: "How answers are posted: embed or text.",
			field:       func(c *Config) any { return &c.Discord.ReplyStyle }},
		{Name: "discord.shutdown_grace",
			Description: "On SIGINT or SIGTERM, how long to keep answering the questions already received (duration such as 10s); the rest are logged.",
			field:       func(c *Config) any { return &c.Discord.ShutdownGrace }},

		{Name: "knowledge.dir",
			Description: "Directory of documents to index; empty = embedded default knowledge base.",
			field:       func(c *Config) any { return &c.Knowledge.Dir }},
		{Name: "knowledge.watch",
			Description: "Reindex when files in knowledge.dir change (true or false).",
			field:       func(c *Config) any { return &c.Knowledge.Watch }},
		{Name: "knowledge.max_file_size",
			Description: "Largest knowledge file accepted; a larger file refuses the load, which keeps the previous knowledge base (bytes, or with unit: 512KiB, 5MiB, 1MB).",
			field:       func(c *Config) any { return &c.Knowledge.MaxFileSize }},
		{Name: "knowledge.fetch.allow_hosts",
			Description: "Comma-separated hosts /ajouter may fetch articles from (example.org also allows www.example.org); empty = any public host. Private and loopback addresses are always refused.",
			field:       func(c *Config) any { return &c.Knowledge.Fetch.AllowHosts }},
		{Name: "knowledge.fetch.timeout",
			Description: "Longest time /ajouter spends fetching a page or an attached file, redirects included (duration such as 15s).",
			field:       func(c *Config) any { return &c.Knowledge.Fetch.Timeout }},
		{Name: "knowledge.fetch.max_size",
			Description: "Largest web page /ajouter fetches (bytes, or with unit: 512KiB, 5MiB); attached files are bounded by knowledge.max_file_size.",
			field:       func(c *Config) any { return &c.Knowledge.Fetch.MaxSize }},

		{Name: "answer.mode",
			Description: "How answers are written: template (offline, no LLM) or llm.",
			field:       func(c *Config) any { return &c.Answer.Mode }},
		{Name: "answer.top_k",
			Description: "Number of passages retrieved per question.",
			field:       func(c *Config) any { return &c.Answer.TopK }},
		{Name: "answer.max_question_length",
			Description: "Longest accepted question, in characters.",
			field:       func(c *Config) any { return &c.Answer.MaxQuestionLength }},
		{Name: "answer.rate_limit",
			Description: "Questions allowed per user per answer.rate_window; 0 disables rate limiting.",
			field:       func(c *Config) any { return &c.Answer.RateLimit }},
		{Name: "answer.rate_window",
			Description: "Rate-limit window (duration such as 30s, 1m, 1h).",
			field:       func(c *Config) any { return &c.Answer.RateWindow }},

		{Name: "prompts.dir",
			Description: "Directory of prompt templates overriding the embedded ones; empty = embedded.",
			field:       func(c *Config) any { return &c.Prompts.Dir }},

		{Name: "llm.base_url", Aliases: []string{"OPENAI_BASE_URL"},
			Description: "OpenAI-compatible API base URL (OPENAI_BASE_URL also works).",
			field:       func(c *Config) any { return &c.LLM.BaseURL }},
		{Name: "llm.api_key", Aliases: []string{"OPENAI_API_KEY"},
			Description: "LLM API key (secret; OPENAI_API_KEY also works).",
			field:       func(c *Config) any { return &c.LLM.APIKey }},
		{Name: "llm.model",
			Description: "Chat model used when answer.mode is llm.",
			field:       func(c *Config) any { return &c.LLM.Model }},
		{Name: "llm.embeddings_model",
			Description: "Embeddings model for semantic search; empty = embeddings off.",
			field:       func(c *Config) any { return &c.LLM.EmbeddingsModel }},
		{Name: "llm.timeout",
			Description: "Timeout of one LLM request (duration such as 20s).",
			field:       func(c *Config) any { return &c.LLM.Timeout }},
		{Name: "llm.max_context_tokens",
			Description: "Token budget for the passages sent to the LLM.",
			field:       func(c *Config) any { return &c.LLM.MaxContextTokens }},
		{Name: "llm.temperature",
			Description: "LLM sampling temperature, 0 to 2.",
			field:       func(c *Config) any { return &c.LLM.Temperature }},

		{Name: "log.level",
			Description: "Log level: debug, info, warn or error.",
			field:       func(c *Config) any { return &c.Log.Level }},
		{Name: "log.format",
			Description: "Log format: text or json.",
			field:       func(c *Config) any { return &c.Log.Format }},

		{Name: "metrics.addr",
			Description: "Listen address of the Prometheus /metrics endpoint (e.g. :9090); empty = off.",
			field:       func(c *Config) any { return &c.Metrics.Addr }},

		{Name: "unanswered.file",
			Description: "File keeping unanswered questions across restarts; empty = memory only.",
			field:       func(c *Config) any { return &c.Unanswered.File }},
		{Name: "unanswered.max",
			Description: "Maximum number of unanswered questions kept.",
			field:       func(c *Config) any { return &c.Unanswered.Max }},
	}
}

// isEnumKey reports whether Load normalises the key's value (trimmed,
// lower-cased) before validation.
func isEnumKey(name string) bool {
	switch name {
	case "discord.reply_style", "answer.mode", "log.level", "log.format":
		return true
	}
	return false
}

func typeOf(ptr any) string {
	switch ptr.(type) {
	case *Secret:
		return TypeSecret
	case *string:
		return TypeString
	case *bool:
		return TypeBool
	case *int:
		return TypeInt
	case *float64:
		return TypeFloat
	case *time.Duration:
		return TypeDuration
	case *int64:
		return TypeSize
	case *[]string:
		return TypeList
	default:
		panic(fmt.Sprintf("config: unsupported field type %T", ptr))
	}
}

// render formats the field behind ptr the way it is written in a .env file.
// Secrets render as "" (for defaults) or, when mask is set, "(set)"/"(unset)".
func render(ptr any, mask bool) string {
	switch p := ptr.(type) {
	case *Secret:
		if mask {
			return p.String()
		}
		return ""
	case *string:
		return *p
	case *bool:
		return strconv.FormatBool(*p)
	case *int:
		return strconv.Itoa(*p)
	case *float64:
		return strconv.FormatFloat(*p, 'g', -1, 64)
	case *time.Duration:
		return formatDuration(*p)
	case *int64:
		return formatSize(*p)
	case *[]string:
		return strings.Join(*p, ",")
	default:
		panic(fmt.Sprintf("config: unsupported field type %T", ptr))
	}
}

// formatDuration drops zero trailing units: 1m0s -> 1m, 1h0m0s -> 1h.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func formatSize(n int64) string {
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n != 0 && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

// EnvExample renders the content of .env.example: every key as
// ARTICLEBOT_...=default preceded by a one-line comment; secrets are empty.
func EnvExample() string {
	var b strings.Builder
	b.WriteString("# articlebot settings. Generated from config.Keys(); regenerate with\n")
	b.WriteString("#   go test ./config -run TestEnvExampleUpToDate -update\n")
	b.WriteString("# Copy to .env (or export the variables). Precedence, lowest first: built-in\n")
	b.WriteString("# defaults < articlebot.yaml < .env < environment < command-line flags.\n")
	b.WriteString("# Real environment variables always win over .env; empty values are ignored.\n")
	section := ""
	for _, k := range Keys() {
		sec, _, _ := strings.Cut(k.Name, ".")
		if sec != section {
			section = sec
			fmt.Fprintf(&b, "\n# --- %s ---\n", sec)
		}
		fmt.Fprintf(&b, "# %s\n%s=%s\n", k.Description, k.Env, k.Default)
	}
	return b.String()
}

// MarkdownTable renders the README settings table (key, environment
// variable, default, description).
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Key | Environment variable | Default | Description |\n")
	b.WriteString("|---|---|---|---|\n")
	for _, k := range Keys() {
		env := "`" + k.Env + "`"
		for _, a := range k.Aliases {
			env += ", `" + a + "`"
		}
		def := ""
		if k.Default != "" {
			def = "`" + k.Default + "`"
		}
		desc := strings.ReplaceAll(k.Description, "|", `\|`)
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", k.Name, env, def, desc)
	}
	return b.String()
}

// ExampleYAMLFile is the example configuration shipped at the repository
// root, generated by [YAMLExample].
const ExampleYAMLFile = "articlebot.example.yaml"

// YAMLExample renders an articlebot.yaml that sets every key to its
// default, each with its description as a comment. Secrets are left empty:
// they belong in .env or the environment.
func YAMLExample() string {
	var b strings.Builder
	b.WriteString("# articlebot settings. Generated from config.Keys(); regenerate with\n")
	b.WriteString("#   go test ./config -run TestYAMLExampleUpToDate -update\n")
	b.WriteString("# Copy to articlebot.yaml (or pass --config FILE) and keep only what you change.\n")
	b.WriteString("# Precedence, lowest first: built-in defaults < articlebot.yaml < .env <\n")
	b.WriteString("# environment < command-line flags. Secrets belong in .env, not here.\n")
	var open []string // the mappings the previous key is in
	for _, k := range Keys() {
		path := strings.Split(k.Name, ".")
		parents, leaf := path[:len(path)-1], path[len(path)-1]
		same := 0
		for same < len(open) && same < len(parents) && open[same] == parents[same] {
			same++
		}
		for d := same; d < len(parents); d++ {
			if d == 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "%s%s:\n", strings.Repeat("  ", d), parents[d])
		}
		open = parents
		indent := strings.Repeat("  ", len(parents))
		fmt.Fprintf(&b, "%s# %s\n%s%s: %s\n", indent, k.Description, indent, leaf, yamlValue(k))
	}
	return b.String()
}

// yamlValue writes the default of k as a YAML value: numbers and booleans
// bare, lists as flow sequences, everything else double-quoted.
func yamlValue(k Key) string {
	switch k.Type {
	case TypeBool, TypeInt, TypeFloat:
		return k.Default
	case TypeList:
		if k.Default == "" {
			return "[]"
		}
		items := strings.Split(k.Default, ",")
		for i, it := range items {
			items[i] = strconv.Quote(it)
		}
		return "[" + strings.Join(items, ", ") + "]"
	default:
		return strconv.Quote(k.Default)
	}
}
