package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const (
	testToken  = "MTIzNDU2.discord-secret-token"
	testAPIKey = "sk-openai-secret-key"
)

func secretConfig(t *testing.T) *Config {
	t.Helper()
	return mustLoad(t, fixture{env: map[string]string{
		"DISCORD_TOKEN": testToken, "OPENAI_API_KEY": testAPIKey, "ARTICLEBOT_ANSWER_MODE": "llm",
	}}.opts(t))
}

func TestSecretsNeverPrinted(t *testing.T) {
	cfg := secretConfig(t)
	if cfg.Discord.Token.Reveal() != testToken || cfg.LLM.APIKey.Reveal() != testAPIKey {
		t.Fatal("secrets were not loaded")
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("start", "config", cfg, "discord", cfg.Discord, "llm", cfg.LLM)
	var textLogged bytes.Buffer
	slog.New(slog.NewTextHandler(&textLogged, nil)).Info("start", "config", cfg, "token", cfg.Discord.Token)
	jsonBytes, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	renderings := map[string]string{
		"Redacted":  cfg.Redacted(),
		"%v":        fmt.Sprintf("%v", cfg),
		"%+v":       fmt.Sprintf("%+v", *cfg),
		"%#v":       fmt.Sprintf("%#v", *cfg),
		"%s":        fmt.Sprintf("%s %s", cfg.Discord.Token, cfg.LLM.APIKey),
		"%q":        fmt.Sprintf("%q", cfg.LLM.APIKey),
		"%x":        fmt.Sprintf("%s %x", cfg.LLM.APIKey, cfg.LLM.APIKey),
		"slog json": logged.String(),
		"slog text": textLogged.String(),
		"json":      string(jsonBytes),
	}
	for name, s := range renderings {
		if leaked := containsAny(s, testToken, testAPIKey, "discord-secret", "openai-secret",
			fmt.Sprintf("%x", testAPIKey)); leaked != "" {
			t.Errorf("%s leaks %q: %s", name, leaked, s)
		}
		if !strings.Contains(s, "(set)") {
			t.Errorf("%s does not show secrets as (set): %s", name, s)
		}
	}
}

func TestRedacted(t *testing.T) {
	cfg := secretConfig(t)
	got := cfg.Redacted()
	for _, line := range []string{
		"discord.token = (set)  # env DISCORD_TOKEN\n",
		"llm.api_key = (set)  # env OPENAI_API_KEY\n",
		"answer.mode = llm  # env ARTICLEBOT_ANSWER_MODE\n",
		"answer.rate_window = 1m\n",
		"knowledge.max_file_size = 5MiB\n",
	} {
		if !strings.Contains(got, line) {
			t.Errorf("Redacted() lacks %q:\n%s", line, got)
		}
	}
	if n := strings.Count(got, "\n"); n != len(Keys()) {
		t.Errorf("Redacted() has %d lines, want one per key (%d)", n, len(Keys()))
	}
	if unset := Default().Redacted(); !strings.Contains(unset, "discord.token = (unset)\n") {
		t.Errorf("unset token not shown as (unset):\n%s", unset)
	}
}

func TestLogValueGroups(t *testing.T) {
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "config", secretConfig(t))
	var rec struct {
		Config map[string]map[string]string `json:"config"`
	}
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("%v: %s", err, buf.String())
	}
	if got := rec.Config["llm"]["api_key"]; got != "(set)" {
		t.Errorf("config.llm.api_key = %q, want (set)", got)
	}
	if got := rec.Config["answer"]["top_k"]; got != "5" {
		t.Errorf("config.answer.top_k = %q, want 5", got)
	}
	if len(rec.Config) != 8 {
		t.Errorf("got %d sections, want 8: %v", len(rec.Config), rec.Config)
	}
}

// TestRedactedURLs checks that URL settings are printed and logged without
// the credentials, query or fragment they may hold.
func TestRedactedURLs(t *testing.T) {
	tests := []struct {
		name, url, want string
	}{
		{"plain", "http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1"},
		{"user and password", "https://bot:hunter2@llm.example/v1", "https://xxxxx@llm.example/v1"},
		{"key in the query", "https://llm.example/v1?api-key=hunter2", "https://llm.example/v1?xxxxx"},
		{"token in the fragment", "https://llm.example/v1#hunter2", "https://llm.example/v1#xxxxx"},
		{"unparsable", "http://bot:hunter2@[::1/v1", "(not a URL, not shown)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.LLM.BaseURL = tt.url
			var logged bytes.Buffer
			slog.New(slog.NewTextHandler(&logged, nil)).Info("start", "config", c)
			for name, out := range map[string]string{"Redacted": c.Redacted(), "LogValue": logged.String()} {
				if strings.Contains(out, "hunter2") {
					t.Errorf("%s leaks a credential:\n%s", name, out)
				}
			}
			if want := "llm.base_url = " + tt.want + "\n"; !strings.Contains(c.Redacted(), want) {
				t.Errorf("Redacted() lacks %q:\n%s", want, c.Redacted())
			}
		})
	}
}
