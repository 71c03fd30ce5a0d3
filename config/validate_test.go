package config

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestValidateMessages(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		want   string // the single expected problem
	}{
		{"token whitespace", func(c *Config) { c.Discord.Token = "abc.def\n" },
			`discord.token: contains whitespace (remove spaces, newlines and any "Bot " prefix)`},
		{"api url scheme", func(c *Config) { c.Discord.APIURL = "ftp://discord.com/api" },
			`discord.api_url: must be an http or https URL, got "ftp://discord.com/api"`},
		{"api url empty", func(c *Config) { c.Discord.APIURL = "" },
			`discord.api_url: must be an http or https URL, got an empty value`},
		{"api url no host", func(c *Config) { c.Discord.APIURL = "https://" },
			`discord.api_url: must be an http or https URL, got "https://"`},
		{"api url credentials", func(c *Config) { c.Discord.APIURL = "http://bot:hunter2@127.0.0.1:1234/api" },
			`discord.api_url: must not hold credentials (user:password@), got "http://xxxxx@127.0.0.1:1234/api": the bot authenticates with discord.token`},
		{"api url token as user", func(c *Config) { c.Discord.APIURL = "https://hunter2@proxy.example/api" },
			`discord.api_url: must not hold credentials (user:password@), got "https://xxxxx@proxy.example/api": the bot authenticates with discord.token`},
		{"api url token in the query", func(c *Config) { c.Discord.APIURL = "https://proxy.example/api?token=hunter2" },
			`discord.api_url: must not have a query or a fragment, got "https://proxy.example/api?xxxxx"`},
		{"api url token in the fragment", func(c *Config) { c.Discord.APIURL = "https://proxy.example/api#access_token=hunter2" },
			`discord.api_url: must not have a query or a fragment, got "https://proxy.example/api#xxxxx"`},
		{"api url scheme with credentials", func(c *Config) { c.Discord.APIURL = "ftp://bot:hunter2@proxy.example/api" },
			`discord.api_url: must be an http or https URL, got "ftp://xxxxx@proxy.example/api"`},
		{"api url unparsable with credentials", func(c *Config) { c.Discord.APIURL = "http://bot:hunter2@[::1/api" },
			`discord.api_url: must be an http or https URL, got a value that does not parse as a URL (not shown: it may hold credentials)`},
		{"guild id", func(c *Config) { c.Discord.GuildID = "my-guild" },
			`discord.guild_id: must be a numeric Discord ID, got "my-guild"`},
		{"channel id", func(c *Config) { c.Discord.Channels = []string{"123", "general"} },
			`discord.channels: item 2 must be a numeric Discord ID, got "general"`},
		{"admin role id", func(c *Config) { c.Discord.AdminRoles = []string{"Moderators"} },
			`discord.admin_roles: item 1 must be a numeric Discord ID, got "Moderators"`},
		{"admin user id too large", func(c *Config) { c.Discord.AdminUsers = []string{"99999999999999999999"} },
			`discord.admin_users: item 1 must be a numeric Discord ID, got "99999999999999999999"`},
		{"shard count", func(c *Config) { c.Discord.ShardCount = 0 },
			`discord.shard_count: must be at least 1, got 0`},
		{"shard id", func(c *Config) { c.Discord.ShardID, c.Discord.ShardCount = 2, 2 },
			`discord.shard_id: must be between 0 and discord.shard_count-1 (1), got 2`},
		{"negative shard id", func(c *Config) { c.Discord.ShardID = -1 },
			`discord.shard_id: must be between 0 and discord.shard_count-1 (0), got -1`},
		{"reply style", func(c *Config) { c.Discord.ReplyStyle = "markdown" },
			`discord.reply_style: must be "embed" or "text", got "markdown"`},
		{"shutdown grace", func(c *Config) { c.Discord.ShutdownGrace = 0 },
			`discord.shutdown_grace: must be a positive duration such as 30s or 1m, got 0s`},
		{"max file size", func(c *Config) { c.Knowledge.MaxFileSize = 0 },
			`knowledge.max_file_size: must be greater than 0, got 0`},
		{"allow hosts URL", func(c *Config) { c.Knowledge.Fetch.AllowHosts = []string{"lemonde.fr", "https://example.org/"} },
			`knowledge.fetch.allow_hosts: item 2 must be a host name such as example.org (no scheme, port or path), got "https://example.org/"`},
		{"allow hosts port", func(c *Config) { c.Knowledge.Fetch.AllowHosts = []string{"example.org:8080"} },
			`knowledge.fetch.allow_hosts: item 1 must be a host name such as example.org (no scheme, port or path), got "example.org:8080"`},
		{"allow hosts empty item", func(c *Config) { c.Knowledge.Fetch.AllowHosts = []string{"*."} },
			`knowledge.fetch.allow_hosts: item 1 must be a host name such as example.org (no scheme, port or path), got "*."`},
		{"fetch timeout", func(c *Config) { c.Knowledge.Fetch.Timeout = -time.Second },
			`knowledge.fetch.timeout: must be a positive duration such as 30s or 1m, got -1s`},
		{"fetch max size", func(c *Config) { c.Knowledge.Fetch.MaxSize = 0 },
			`knowledge.fetch.max_size: must be greater than 0, got 0`},
		{"answer mode", func(c *Config) { c.Answer.Mode = "foo" },
			`answer.mode: must be "template" or "llm", got "foo"`},
		{"top k", func(c *Config) { c.Answer.TopK = 0 },
			`answer.top_k: must be at least 1, got 0`},
		{"max question length", func(c *Config) { c.Answer.MaxQuestionLength = -3 },
			`answer.max_question_length: must be at least 1, got -3`},
		{"rate limit", func(c *Config) { c.Answer.RateLimit = -1 },
			`answer.rate_limit: must be at least 0, got -1`},
		{"rate window", func(c *Config) { c.Answer.RateWindow = 0 },
			`answer.rate_window: must be a positive duration such as 30s or 1m, got 0s`},
		{"llm base url", func(c *Config) { c.LLM.BaseURL = "localhost:11434" },
			`llm.base_url: must be an http or https URL, got "localhost:11434"`},
		{"llm base url with a key in the query", func(c *Config) { c.LLM.BaseURL = "localhost:11434/v1?key=hunter2" },
			`llm.base_url: must be an http or https URL, got "localhost:11434/v1?xxxxx"`},
		{"llm base url required in llm mode", func(c *Config) { c.Answer.Mode, c.LLM.BaseURL = "llm", "" },
			`llm.base_url: required when answer.mode is "llm"`},
		{"llm model required in llm mode", func(c *Config) { c.Answer.Mode, c.LLM.Model = "llm", " " },
			`llm.model: required when answer.mode is "llm"`},
		{"api key whitespace", func(c *Config) { c.LLM.APIKey = " sk-abc" },
			`llm.api_key: contains whitespace`},
		{"llm timeout", func(c *Config) { c.LLM.Timeout = -time.Second },
			`llm.timeout: must be a positive duration such as 30s or 1m, got -1s`},
		{"max context tokens", func(c *Config) { c.LLM.MaxContextTokens = 0 },
			`llm.max_context_tokens: must be at least 1, got 0`},
		{"temperature", func(c *Config) { c.LLM.Temperature = 2.5 },
			`llm.temperature: must be between 0 and 2, got 2.5`},
		{"temperature NaN", func(c *Config) { c.LLM.Temperature = math.NaN() },
			`llm.temperature: must be between 0 and 2, got NaN`},
		{"log level", func(c *Config) { c.Log.Level = "verbose" },
			`log.level: must be "debug", "info", "warn" or "error", got "verbose"`},
		{"log format", func(c *Config) { c.Log.Format = "xml" },
			`log.format: must be "text" or "json", got "xml"`},
		{"metrics addr", func(c *Config) { c.Metrics.Addr = "9090" },
			`metrics.addr: must be host:port such as ":9090" or "127.0.0.1:9090", got "9090"`},
		{"metrics port", func(c *Config) { c.Metrics.Addr = ":http-alt" },
			`metrics.addr: must be host:port such as ":9090" or "127.0.0.1:9090", got ":http-alt"`},
		{"unanswered max", func(c *Config) { c.Unanswered.Max = 0 },
			`unanswered.max: must be at least 1, got 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.mutate(c)
			err := c.Validate()
			if err == nil {
				t.Fatal("Validate() = nil")
			}
			got := problemStrings(t, err)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("problems = %q, want [%q]", got, tt.want)
			}
			if want := "invalid configuration: " + tt.want; err.Error() != want {
				t.Errorf("Error() = %q, want %q", err, want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("Error() = %q leaks a credential", err)
			}
		})
	}
}

func TestValidateAcceptsGoodValues(t *testing.T) {
	c := Default()
	c.Discord.Token = "MTA.abc-def_ghi"
	c.Discord.APIURL = "http://127.0.0.1:1234/api"
	c.Discord.GuildID = "111111111111111111"
	c.Discord.Channels = []string{"1", "18446744073709551615"}
	c.Discord.ShardID, c.Discord.ShardCount = 3, 4
	c.Discord.ReplyStyle = ReplyStyleText
	c.Answer.Mode = AnswerModeLLM
	c.Answer.RateLimit = 0
	c.LLM.APIKey = "sk-abc"
	c.LLM.Temperature = 2
	c.Metrics.Addr = ":0"
	c.Log = LogConfig{Level: "error", Format: LogFormatJSON}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate() = %v", err)
	}
	// LLM settings are not required in template mode.
	c = Default()
	c.LLM.BaseURL, c.LLM.Model = "", ""
	if err := c.Validate(); err != nil {
		t.Errorf("template mode without LLM settings: Validate() = %v", err)
	}
}

func TestValidateCollectsAllProblems(t *testing.T) {
	cfg, err := Load(fixture{yaml: "bad_values.yaml"}.opts(t))
	if cfg != nil {
		t.Error("Load returned a config along with an error")
	}
	got := problemStrings(t, err)
	want := []string{
		`discord.token: contains whitespace (remove spaces, newlines and any "Bot " prefix) (from articlebot.yaml)`,
		`discord.api_url: must be an http or https URL, got "ftp://example.com" (from articlebot.yaml)`,
		`discord.guild_id: must be a numeric Discord ID, got "my-guild" (from articlebot.yaml)`,
		`discord.channels: item 1 must be a numeric Discord ID, got "general" (from articlebot.yaml)`,
		`discord.shard_id: must be between 0 and discord.shard_count-1 (1), got 3 (from articlebot.yaml)`,
		`discord.reply_style: must be "embed" or "text", got "markdown" (from articlebot.yaml)`,
		`knowledge.max_file_size: must be greater than 0, got 0 (from articlebot.yaml)`,
		`answer.mode: must be "template" or "llm", got "foo" (from articlebot.yaml)`,
		`answer.top_k: must be at least 1, got 0 (from articlebot.yaml)`,
		`answer.max_question_length: must be at least 1, got -1 (from articlebot.yaml)`,
		`answer.rate_limit: must be at least 0, got -2 (from articlebot.yaml)`,
		`answer.rate_window: must be a positive duration such as 30s or 1m, got 0s (from articlebot.yaml)`,
		`llm.base_url: must be an http or https URL, got "not a url" (from articlebot.yaml)`,
		`llm.timeout: must be a positive duration such as 30s or 1m, got -5s (from articlebot.yaml)`,
		`llm.max_context_tokens: must be at least 1, got 0 (from articlebot.yaml)`,
		`llm.temperature: must be between 0 and 2, got 3 (from articlebot.yaml)`,
		`log.level: must be "debug", "info", "warn" or "error", got "verbose" (from articlebot.yaml)`,
		`log.format: must be "text" or "json", got "xml" (from articlebot.yaml)`,
		`metrics.addr: must be host:port such as ":9090" or "127.0.0.1:9090", got "9090" (from articlebot.yaml)`,
		`unanswered.max: must be at least 1, got 0 (from articlebot.yaml)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n got %q\nwant %q", got, want)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "invalid configuration (20 problems):\n  discord.token:") {
		t.Errorf("Error() starts %q", msg[:min(len(msg), 80)])
	}
	if strings.Contains(msg, "abc def") {
		t.Errorf("error leaks the token: %q", msg)
	}
}

func TestRequireDiscord(t *testing.T) {
	c := Default()
	err := c.RequireDiscord()
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("RequireDiscord() without token = %v, want ErrInvalid", err)
	}
	want := `discord.token: required to connect to Discord (set ARTICLEBOT_DISCORD_TOKEN or DISCORD_TOKEN)`
	if got := problemStrings(t, err); len(got) != 1 || got[0] != want {
		t.Errorf("problems = %q, want [%q]", got, want)
	}
	// Validate alone does not require the token.
	if err := c.Validate(); err != nil {
		t.Errorf("Validate() without token = %v", err)
	}
	c.Discord.Token = "x.y.z"
	if err := c.RequireDiscord(); err != nil {
		t.Errorf("RequireDiscord() with token = %v", err)
	}
}

func TestValidationErrorFormat(t *testing.T) {
	e := &ValidationError{Problems: []Problem{
		{Key: "a.b", Message: "bad"},
		{Key: "c.d", Message: "worse", Source: "env C"},
	}}
	want := "invalid configuration (2 problems):\n  a.b: bad\n  c.d: worse (from env C)"
	if e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	if !errors.Is(e, ErrInvalid) {
		t.Error("ValidationError does not wrap ErrInvalid")
	}
}

func TestSlogLevel(t *testing.T) {
	for level, want := range map[string]string{"debug": "DEBUG", "info": "INFO", "warn": "WARN", "error": "ERROR", "": "INFO"} {
		if got := (LogConfig{Level: level}).SlogLevel().String(); got != want {
			t.Errorf("SlogLevel(%q) = %s, want %s", level, got, want)
		}
	}
}
