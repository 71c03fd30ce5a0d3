package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/discordapi"
	"github.com/articlebot/articlebot/internal/testlog"
)

// TestAPIURLErrors runs serve with bad discord.api_url values:
// credentials, tokens in the query or fragment are refused as
// configuration errors (exit 2) without being echoed.
func TestAPIURLErrors(t *testing.T) {
	const token = "MTIz.api-url-test-token.XYZ"
	tests := []struct {
		name   string
		apiURL string
		code   int
		want   []string
	}{
		{"user and password", "http://bot:hunter2@127.0.0.1:1/api", exitUsage,
			[]string{"discord.api_url: must not hold credentials", "http://xxxxx@127.0.0.1:1/api"}},
		{"token as user", "https://hunter2@proxy.example/api", exitUsage, []string{"must not hold credentials"}},
		{"token in the query", "https://proxy.example/api?token=hunter2", exitUsage,
			[]string{"must not have a query or a fragment", "https://proxy.example/api?xxxxx"}},
		{"token in the fragment", "https://proxy.example/api#access_token=hunter2", exitUsage, []string{"must not have a query or a fragment"}},
		{"bad scheme with credentials", "ftp://bot:hunter2@proxy.example/api", exitUsage, []string{"must be an http or https URL"}},
		{"unparsable with credentials", "http://bot:hunter2@[::1/api", exitUsage, []string{"does not parse as a URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cliEnv(t)
			t.Setenv("DISCORD_TOKEN", token)
			t.Setenv("ARTICLEBOT_DISCORD_API_URL", tt.apiURL)
			code, stdout, stderr := runWithin(t, cliTimeout, "", "serve")
			out := stdout + stderr
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, out)
			}
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			for _, leak := range []string{"hunter2", token, "api-url-test-token", "discord.com"} {
				if strings.Contains(out, leak) {
					t.Errorf("output shows %q:\n%s", leak, out)
				}
			}
		})
	}
}

// TestAPIURLUnreachable: while discord.api_url cannot be reached, serve
// keeps trying, and its log names the configured host, not discord.com,
// and never the token; stopped, it exits 0.
func TestAPIURLUnreachable(t *testing.T) {
	const token = "MTIz.api-url-test-token.XYZ"
	closed := "http://" + freeAddr(t) + "/api"
	cliEnv(t)
	t.Setenv("DISCORD_TOKEN", token)
	t.Setenv("ARTICLEBOT_DISCORD_API_URL", closed)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr testlog.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr) }()
	poll(t, "a retry logged", func() bool { return strings.Contains(stderr.String(), "cannot reach Discord, retrying") })
	cancel()
	waitExit(t, done, cliTimeout, &stderr)
	out := stdout.String() + stderr.String()
	for _, want := range []string{closed + "/v", "connection refused"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, leak := range []string{token, "api-url-test-token", "discord.com"} {
		if strings.Contains(out, leak) {
			t.Errorf("output shows %q:\n%s", leak, out)
		}
	}
}

// TestLoggerNamesAPIHost checks serve's logger: an error logged by the bot
// (a reply that could not be posted) names discord.api_url, in both log
// formats, and errors.Is still sees the original.
func TestLoggerNamesAPIHost(t *testing.T) {
	const apiURL = "http://127.0.0.1:1/api"
	cause := errors.New("connection refused")
	logged := fmt.Errorf("post reply: %w", &url.Error{Op: "Post", URL: "https://discord.com/api/v9/channels/1/messages", Err: cause})
	for _, format := range []string{config.LogFormatText, config.LogFormatJSON} {
		t.Run(format, func(t *testing.T) {
			var buf strings.Builder
			var seen error
			rewrite := func(err error) error {
				named := discordapi.ErrorNamer(apiURL)(err)
				seen = named
				return named
			}
			log := newLogger(&buf, config.LogConfig{Level: "info", Format: format}, rewrite)
			log.With("shard", 0).Warn("reply failed", "err", logged, "user", "42")
			log.WithGroup("g").Warn("reply failed", "err", logged)
			out := buf.String()
			if strings.Contains(out, "discord.com") || strings.Count(out, apiURL+"/v9/channels/1/messages") != 2 {
				t.Errorf("log does not name %s:\n%s", apiURL, out)
			}
			if !errors.Is(seen, cause) {
				t.Error("the rewritten error does not wrap the original")
			}
		})
	}
}
