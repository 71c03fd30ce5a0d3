package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestLoadDefaults(t *testing.T) {
	cfg := mustLoad(t, fixture{}.opts(t))
	want := Default()
	if !reflect.DeepEqual(sectionsOf(cfg), sectionsOf(want)) {
		t.Errorf("Load with no sources:\n got %+v\nwant %+v", sectionsOf(cfg), sectionsOf(want))
	}
	if got := cfg.Source("answer.mode"); got != "default" {
		t.Errorf("Source(answer.mode) = %q, want default", got)
	}
	if err := Default().Validate(); err != nil {
		t.Errorf("Default().Validate() = %v", err)
	}
}

// sectionsOf strips unexported bookkeeping so configs compare by value.
func sectionsOf(c *Config) Config {
	return Config{Discord: c.Discord, Knowledge: c.Knowledge, Answer: c.Answer, Prompts: c.Prompts,
		LLM: c.LLM, Log: c.Log, Metrics: c.Metrics, Unanswered: c.Unanswered}
}

func TestLoadFullYAML(t *testing.T) {
	cfg := mustLoad(t, fixture{yaml: "full.yaml"}.opts(t))
	want := Config{
		Discord: DiscordConfig{
			Token:         "yaml-discord-token",
			APIURL:        "http://127.0.0.1:8080/api",
			GuildID:       "111111111111111111",
			Channels:      []string{"222222222222222222", "333333333333333333"},
			AdminRoles:    []string{"444444444444444444", "555555555555555555"},
			AdminUsers:    []string{},
			ShardID:       1,
			ShardCount:    2,
			ReplyStyle:    "text",
			ShutdownGrace: 30 * time.Second,
		},
		Knowledge: KnowledgeConfig{Dir: "./kb", Watch: true, MaxFileSize: 512 << 10,
			Fetch: FetchConfig{AllowHosts: []string{"lemonde.fr", "*.example.org"}, Timeout: 5 * time.Second, MaxSize: 2 << 20}},
		Answer: AnswerConfig{Mode: "llm", TopK: 3, MaxQuestionLength: 300, RateLimit: 0,
			RateWindow: 90 * time.Second},
		Prompts: PromptsConfig{Dir: "./prompts"},
		LLM: LLMConfig{BaseURL: "http://localhost:11434/v1", APIKey: "yaml-openai-key", Model: "llama3",
			EmbeddingsModel: "nomic-embed-text", Timeout: 90 * time.Second, MaxContextTokens: 4000, Temperature: 0},
		Log:        LogConfig{Level: "debug", Format: "json"},
		Metrics:    MetricsConfig{Addr: "127.0.0.1:9090"},
		Unanswered: UnansweredConfig{File: "unanswered.jsonl", Max: 10},
	}
	if got := sectionsOf(cfg); !reflect.DeepEqual(got, want) {
		t.Errorf("full.yaml:\n got %+v\nwant %+v", got, want)
	}
	if got := cfg.Source("llm.model"); got != DefaultConfigFile {
		t.Errorf("Source(llm.model) = %q, want %q", got, DefaultConfigFile)
	}
}

func TestLoadPrecedence(t *testing.T) {
	const dotenv = "ARTICLEBOT_ANSWER_TOP_K=7\nARTICLEBOT_KNOWLEDGE_DIR=from-dotenv\n"
	env := map[string]string{"ARTICLEBOT_ANSWER_TOP_K": "8", "ARTICLEBOT_KNOWLEDGE_DIR": "from-env"}
	tests := []struct {
		name       string
		f          fixture
		args       []string // command line parsed into the flag set
		wantTopK   int
		wantDir    string
		wantSource string // of answer.top_k
	}{
		{"defaults", fixture{}, nil, 5, "", "default"},
		{"yaml over default", fixture{yaml: "layered.yaml"}, nil, 6, "from-yaml", DefaultConfigFile},
		{"dotenv over yaml", fixture{yaml: "layered.yaml", dotenv: dotenv}, nil, 7, "from-dotenv", ".env (ARTICLEBOT_ANSWER_TOP_K)"},
		{"env over dotenv", fixture{yaml: "layered.yaml", dotenv: dotenv, env: env}, nil, 8, "from-env", "env ARTICLEBOT_ANSWER_TOP_K"},
		{"flag over env", fixture{yaml: "layered.yaml", dotenv: dotenv, env: env}, []string{"--top-k=9", "--kb", "from-flag"}, 9, "from-flag", "flag --top-k"},
		{"unset flag ignored", fixture{yaml: "layered.yaml", env: env}, []string{"--kb=x"}, 8, "x", "env ARTICLEBOT_ANSWER_TOP_K"},
		{"flag set to its default still wins", fixture{env: env}, []string{"--top-k=1"}, 1, "from-env", "flag --top-k"},
		{"empty env value is unset", fixture{yaml: "layered.yaml", env: map[string]string{"ARTICLEBOT_ANSWER_TOP_K": ""}}, nil, 6, "from-yaml", DefaultConfigFile},
		{"empty dotenv value is unset", fixture{yaml: "layered.yaml", dotenv: "ARTICLEBOT_ANSWER_TOP_K=\n"}, nil, 6, "from-yaml", DefaultConfigFile},
		{"empty flag value is kept", fixture{yaml: "layered.yaml"}, []string{"--kb="}, 6, "", DefaultConfigFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			fs.Int("top-k", 1, "")
			fs.String("kb", "", "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			opts := tt.f.opts(t)
			opts.Flags = fs
			opts.FlagKeys = map[string]string{"top-k": "answer.top_k", "kb": "knowledge.dir", "not-defined": "answer.mode"}
			cfg := mustLoad(t, opts)
			if cfg.Answer.TopK != tt.wantTopK {
				t.Errorf("answer.top_k = %d, want %d", cfg.Answer.TopK, tt.wantTopK)
			}
			if cfg.Knowledge.Dir != tt.wantDir {
				t.Errorf("knowledge.dir = %q, want %q", cfg.Knowledge.Dir, tt.wantDir)
			}
			if got := cfg.Source("answer.top_k"); got != tt.wantSource {
				t.Errorf("Source(answer.top_k) = %q, want %q", got, tt.wantSource)
			}
		})
	}
}

func TestLoadUnchangedFlagDoesNotOverride(t *testing.T) {
	// A flag with a non-default default value must not win unless set.
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.String("mode", "llm", "")
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	opts := fixture{}.opts(t)
	opts.Flags, opts.FlagKeys = fs, map[string]string{"mode": "answer.mode"}
	if got := mustLoad(t, opts).Answer.Mode; got != AnswerModeTemplate {
		t.Errorf("answer.mode = %q, want the built-in default %q", got, AnswerModeTemplate)
	}
}

func TestLoadEnvAliases(t *testing.T) {
	tests := []struct {
		name      string
		f         fixture
		wantToken string
		wantKey   string
		wantURL   string
		wantSrc   string // of discord.token
	}{
		{"aliases", fixture{env: map[string]string{
			"DISCORD_TOKEN": "alias-token", "OPENAI_API_KEY": "alias-key", "OPENAI_BASE_URL": "http://alias/v1"}},
			"alias-token", "alias-key", "http://alias/v1", "env DISCORD_TOKEN"},
		{"prefixed name beats alias", fixture{env: map[string]string{
			"DISCORD_TOKEN": "alias-token", "ARTICLEBOT_DISCORD_TOKEN": "prefixed-token",
			"OPENAI_API_KEY": "alias-key", "ARTICLEBOT_LLM_API_KEY": "prefixed-key",
			"OPENAI_BASE_URL": "http://alias/v1", "ARTICLEBOT_LLM_BASE_URL": "http://prefixed/v1"}},
			"prefixed-token", "prefixed-key", "http://prefixed/v1", "env ARTICLEBOT_DISCORD_TOKEN"},
		{"alias in env beats prefixed name in .env", fixture{
			dotenv: "ARTICLEBOT_DISCORD_TOKEN=dotenv-token\nOPENAI_API_KEY=dotenv-key\n",
			env:    map[string]string{"DISCORD_TOKEN": "env-token"}},
			"env-token", "dotenv-key", "https://api.openai.com/v1", "env DISCORD_TOKEN"},
		{"aliases in .env", fixture{dotenv: "DISCORD_TOKEN=dotenv-token\nOPENAI_BASE_URL=http://dotenv/v1\n"},
			"dotenv-token", "", "http://dotenv/v1", ".env (DISCORD_TOKEN)"},
		{"yaml below alias", fixture{yaml: "full.yaml", env: map[string]string{"OPENAI_API_KEY": "env-key"}},
			"yaml-discord-token", "env-key", "http://localhost:11434/v1", DefaultConfigFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustLoad(t, tt.f.opts(t))
			if got := cfg.Discord.Token.Reveal(); got != tt.wantToken {
				t.Errorf("discord.token = %q, want %q", got, tt.wantToken)
			}
			if got := cfg.LLM.APIKey.Reveal(); got != tt.wantKey {
				t.Errorf("llm.api_key = %q, want %q", got, tt.wantKey)
			}
			if cfg.LLM.BaseURL != tt.wantURL {
				t.Errorf("llm.base_url = %q, want %q", cfg.LLM.BaseURL, tt.wantURL)
			}
			if got := cfg.Source("discord.token"); got != tt.wantSrc {
				t.Errorf("Source(discord.token) = %q, want %q", got, tt.wantSrc)
			}
		})
	}
}

func TestLoadDotEnvNeverOverridesEnv(t *testing.T) {
	f := fixture{
		dotenv: "# comment\nexport ARTICLEBOT_ANSWER_MODE=llm\nARTICLEBOT_LOG_LEVEL='debug'\nARTICLEBOT_LOG_FORMAT=\"json\" # trailing\nOTHER_TOOL_SETTING=x\n",
		env:    map[string]string{"ARTICLEBOT_ANSWER_MODE": "template"},
	}
	cfg := mustLoad(t, f.opts(t))
	if cfg.Answer.Mode != AnswerModeTemplate {
		t.Errorf("answer.mode = %q: .env overrode the environment", cfg.Answer.Mode)
	}
	if cfg.Log.Level != "debug" || cfg.Log.Format != "json" {
		t.Errorf("log = %+v, want debug/json from .env", cfg.Log)
	}
}

func TestLoadLists(t *testing.T) {
	tests := []struct {
		name string
		f    fixture
		args []string
		want []string
	}{
		{"env comma-separated with spaces and empties", fixture{env: map[string]string{
			"ARTICLEBOT_DISCORD_CHANNELS": " 1, 22 ,,333, "}}, nil, []string{"1", "22", "333"}},
		{".env comma-separated", fixture{dotenv: "ARTICLEBOT_DISCORD_CHANNELS=\"4,5\"\n"}, nil, []string{"4", "5"}},
		{"yaml list with numbers", fixture{yaml: "full.yaml"}, nil, []string{"222222222222222222", "333333333333333333"}},
		{"env replaces yaml list", fixture{yaml: "full.yaml", env: map[string]string{"ARTICLEBOT_DISCORD_CHANNELS": "9"}}, nil, []string{"9"}},
		{"string-slice flag", fixture{}, []string{"--channel=7", "--channel=8,9"}, []string{"7", "8", "9"}},
		{"default is empty, not nil", fixture{}, nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			fs.StringSlice("channel", nil, "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			opts := tt.f.opts(t)
			opts.Flags, opts.FlagKeys = fs, map[string]string{"channel": "discord.channels"}
			cfg := mustLoad(t, opts)
			if !reflect.DeepEqual(cfg.Discord.Channels, tt.want) {
				t.Errorf("discord.channels = %#v, want %#v", cfg.Discord.Channels, tt.want)
			}
		})
	}
}

func TestLoadScalars(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		args  []string
		check func(*Config) string // returns a complaint or ""
	}{
		{"duration from env", map[string]string{"ARTICLEBOT_LLM_TIMEOUT": "45s", "ARTICLEBOT_ANSWER_RATE_WINDOW": "1h30m"}, nil,
			func(c *Config) string {
				if c.LLM.Timeout != 45*time.Second || c.Answer.RateWindow != 90*time.Minute {
					return "got " + c.LLM.Timeout.String() + ", " + c.Answer.RateWindow.String()
				}
				return ""
			}},
		{"duration flag", nil, []string{"--timeout=2m"},
			func(c *Config) string {
				if c.LLM.Timeout != 2*time.Minute {
					return "got " + c.LLM.Timeout.String()
				}
				return ""
			}},
		{"sizes", map[string]string{"ARTICLEBOT_KNOWLEDGE_MAX_FILE_SIZE": "1MB"}, nil,
			func(c *Config) string {
				if c.Knowledge.MaxFileSize != 1000*1000 {
					return "got " + formatSize(c.Knowledge.MaxFileSize)
				}
				return ""
			}},
		{"plain byte size", map[string]string{"ARTICLEBOT_KNOWLEDGE_MAX_FILE_SIZE": "2048"}, nil,
			func(c *Config) string {
				if c.Knowledge.MaxFileSize != 2048 {
					return "got " + formatSize(c.Knowledge.MaxFileSize)
				}
				return ""
			}},
		{"bools, floats, enums", map[string]string{"ARTICLEBOT_KNOWLEDGE_WATCH": "yes", "ARTICLEBOT_LLM_TEMPERATURE": "1.5",
			"ARTICLEBOT_ANSWER_MODE": " LLM ", "ARTICLEBOT_LOG_LEVEL": "WARN"}, []string{"--watch=false"},
			func(c *Config) string {
				if c.Knowledge.Watch || c.LLM.Temperature != 1.5 || c.Answer.Mode != "llm" || c.Log.Level != "warn" {
					return "got " + c.Redacted()
				}
				return ""
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			fs.Duration("timeout", time.Second, "")
			fs.Bool("watch", true, "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			opts := fixture{env: tt.env}.opts(t)
			opts.Flags, opts.FlagKeys = fs, map[string]string{"timeout": "llm.timeout", "watch": "knowledge.watch"}
			if msg := tt.check(mustLoad(t, opts)); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func TestLoadYAMLKeysAreCaseInsensitiveAndMayBeDotted(t *testing.T) {
	cfg := mustLoad(t, fixture{yaml: "dotted.yaml"}.opts(t))
	if cfg.Answer.Mode != AnswerModeLLM || cfg.Answer.TopK != 7 {
		t.Errorf("answer = %+v, want mode llm and top_k 7", cfg.Answer)
	}
	if cfg := mustLoad(t, fixture{yaml: "empty.yaml"}.opts(t)); cfg.Answer.TopK != 5 {
		t.Errorf("empty YAML: top_k = %d, want 5", cfg.Answer.TopK)
	}
}

func TestLoadExplicitConfigFile(t *testing.T) {
	t.Run("relative to WorkDir, default file ignored", func(t *testing.T) {
		opts := fixture{yaml: "layered.yaml"}.opts(t)
		data, err := os.ReadFile(filepath.Join("testdata", "full.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(opts.WorkDir, "other.yaml"), data, 0o600); err != nil {
			t.Fatal(err)
		}
		opts.ConfigFile = "other.yaml"
		cfg := mustLoad(t, opts)
		if cfg.Answer.TopK != 3 || cfg.Knowledge.Dir != "./kb" {
			t.Errorf("explicit file not used: top_k=%d dir=%q", cfg.Answer.TopK, cfg.Knowledge.Dir)
		}
		if got := cfg.Source("answer.top_k"); got != "other.yaml" {
			t.Errorf("Source = %q, want other.yaml", got)
		}
	})
	t.Run("absolute path", func(t *testing.T) {
		abs, err := filepath.Abs(filepath.Join("testdata", "full.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		opts := fixture{}.opts(t)
		opts.ConfigFile = abs
		if cfg := mustLoad(t, opts); cfg.Answer.TopK != 3 {
			t.Errorf("top_k = %d, want 3", cfg.Answer.TopK)
		}
	})
	t.Run("missing", func(t *testing.T) {
		opts := fixture{yaml: "layered.yaml"}.opts(t)
		opts.ConfigFile = "nope/articlebot-prod.yaml"
		_, err := Load(opts)
		if err == nil {
			t.Fatal("Load succeeded with a missing --config file")
		}
		if !errors.Is(err, ErrInvalid) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error %v should wrap ErrInvalid and fs.ErrNotExist", err)
		}
		if !strings.Contains(err.Error(), "nope/articlebot-prod.yaml") {
			t.Errorf("error %q does not name the file", err)
		}
	})
}

func TestLoadFileErrors(t *testing.T) {
	tests := []struct {
		name    string
		f       fixture
		want    []string // substrings of the error
		secrets []string // must not appear in the error
	}{
		{"malformed yaml names the file and line", fixture{yaml: "malformed.yaml"},
			[]string{DefaultConfigFile, "line 3"}, nil},
		{"top-level scalar", fixture{yaml: "scalar_secret.yaml"},
			[]string{DefaultConfigFile, "top level must be a mapping"}, []string{"sk-proj", "SECRET"}},
		{"malformed .env hides the line", fixture{dotenv: "ARTICLEBOT_LOG_LEVEL=info\nDISCORD_TOKEN my-secret-token\n"},
			[]string{".env", "line 2"}, []string{"my-secret-token"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.f.opts(t))
			if err == nil {
				t.Fatal("Load succeeded")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if leaked := containsAny(err.Error(), tt.secrets...); leaked != "" {
				t.Errorf("error %q leaks %q", err, leaked)
			}
		})
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name    string
		f       fixture
		want    []string // exact problem strings, in order
		secrets []string
	}{
		{"unknown yaml keys", fixture{yaml: "unknown_keys.yaml"}, []string{
			`answer: must be a mapping of settings, got a string (from articlebot.yaml)`,
			`colour: unknown key (from articlebot.yaml)`,
			`discord.tokn: unknown key (did you mean "discord.token"?) (from articlebot.yaml)`,
		}, nil},
		{"secret of the wrong type", fixture{yaml: "secret_list.yaml"}, []string{
			`discord.token: expected a string, got a list (from articlebot.yaml)`,
		}, []string{"super-secret"}},
		{"bad types", fixture{yaml: "bad_types.yaml"}, []string{
			`discord.guild_id: expected a string, got the number 1.5 (quote it in YAML) (from articlebot.yaml)`,
			`knowledge.watch: expected true or false, got "maybe" (from articlebot.yaml)`,
			`knowledge.max_file_size: expected a size in bytes or with a unit such as 512KiB, 5MiB or 1MB, got "5 parsecs" (from articlebot.yaml)`,
			`answer.top_k: expected an integer, got "many" (from articlebot.yaml)`,
			`answer.rate_window: expected a duration with a unit such as 30s, 1m or 1h30m, got 60 (from articlebot.yaml)`,
			`llm.timeout: expected a duration such as 30s, 1m or 1h30m, got "soon" (from articlebot.yaml)`,
			`llm.temperature: expected a number, got "warm" (from articlebot.yaml)`,
		}, nil},
		{"bad env values name the variable", fixture{env: map[string]string{
			"ARTICLEBOT_ANSWER_MODE": "foo", "ARTICLEBOT_LLM_TIMEOUT": "20", "DISCORD_TOKEN": "Bot abc.def"}}, []string{
			`discord.token: contains whitespace (remove spaces, newlines and any "Bot " prefix) (from env DISCORD_TOKEN)`,
			`answer.mode: must be "template" or "llm", got "foo" (from env ARTICLEBOT_ANSWER_MODE)`,
			`llm.timeout: expected a duration such as 30s, 1m or 1h30m, got "20" (from env ARTICLEBOT_LLM_TIMEOUT)`,
		}, []string{"abc.def"}},
		{"unknown variable in .env", fixture{dotenv: "ARTICLEBOT_ANSWER_TOPK=3\n"}, []string{
			`ARTICLEBOT_ANSWER_TOPK: unknown variable (did you mean "ARTICLEBOT_ANSWER_TOP_K"?) (from .env)`,
		}, nil},
		{"llm mode with default model and url is valid", fixture{env: map[string]string{"ARTICLEBOT_ANSWER_MODE": "llm"},
			yaml: "empty.yaml", dotenv: "ARTICLEBOT_LLM_MODEL= \n"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.f.opts(t))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Load succeeded")
			}
			got := problemStrings(t, err)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n got %q\nwant %q", got, tt.want)
			}
			if leaked := containsAny(err.Error(), tt.secrets...); leaked != "" {
				t.Errorf("error %q leaks %q", err, leaked)
			}
		})
	}
}

func TestLoadWarnsAboutUnknownEnvironment(t *testing.T) {
	cfg := mustLoad(t, fixture{env: map[string]string{"ARTICLEBOT_LOG_LEVL": "debug", "HOME": "/root"}}.opts(t))
	want := []string{`environment variable ARTICLEBOT_LOG_LEVL matches no setting and is ignored (did you mean "ARTICLEBOT_LOG_LEVEL"?)`}
	if got := cfg.Warnings(); !reflect.DeepEqual(got, want) {
		t.Errorf("Warnings() = %q, want %q", got, want)
	}
}

func TestLoadRejectsFlagMappedToUnknownKey(t *testing.T) {
	opts := fixture{}.opts(t)
	opts.FlagKeys = map[string]string{"kb": "knowledge.directory"}
	_, err := Load(opts)
	if err == nil || !strings.Contains(err.Error(), "knowledge.directory") {
		t.Fatalf("Load error = %v, want one naming knowledge.directory", err)
	}
	if errors.Is(err, ErrInvalid) {
		t.Errorf("a programming error should not wrap ErrInvalid: %v", err)
	}
}

// TestLoadNestedKeys: a key three levels deep (knowledge.fetch.*) comes from
// the YAML file, .env and the environment like any other, beside its
// section's own keys, and an unknown key inside its mapping is named.
func TestLoadNestedKeys(t *testing.T) {
	tests := []struct {
		name    string
		f       fixture
		hosts   []string
		timeout time.Duration
		source  string // of knowledge.fetch.allow_hosts
	}{
		{"yaml", fixture{yaml: "full.yaml"}, []string{"lemonde.fr", "*.example.org"}, 5 * time.Second, DefaultConfigFile},
		{"dotenv", fixture{dotenv: "ARTICLEBOT_KNOWLEDGE_FETCH_ALLOW_HOSTS=a.example, b.example\n"}, []string{"a.example", "b.example"}, 15 * time.Second,
			".env (ARTICLEBOT_KNOWLEDGE_FETCH_ALLOW_HOSTS)"},
		{"env over yaml", fixture{yaml: "full.yaml", env: map[string]string{"ARTICLEBOT_KNOWLEDGE_FETCH_TIMEOUT": "1m"}},
			[]string{"lemonde.fr", "*.example.org"}, time.Minute, DefaultConfigFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustLoad(t, tt.f.opts(t))
			f := cfg.Knowledge.Fetch
			if !reflect.DeepEqual(f.AllowHosts, tt.hosts) || f.Timeout != tt.timeout {
				t.Errorf("fetch = %+v, want hosts %v timeout %v", f, tt.hosts, tt.timeout)
			}
			if got := cfg.Source("knowledge.fetch.allow_hosts"); got != tt.source {
				t.Errorf("source %q, want %q", got, tt.source)
			}
			if cfg.Knowledge.MaxFileSize == 0 {
				t.Error("the section's own keys are lost")
			}
		})
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(path, []byte("knowledge:\n  fetch:\n    allow_host: [x.example]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(LoadOptions{WorkDir: dir, ConfigFile: path, LookupEnv: mapEnv(nil)})
	if err == nil || !strings.Contains(err.Error(), `knowledge.fetch.allow_host: unknown key (did you mean "knowledge.fetch.allow_hosts"?)`) {
		t.Errorf("unknown nested key: %v", err)
	}
}
