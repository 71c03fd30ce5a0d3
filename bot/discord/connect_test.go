package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/articlebot/articlebot/bot"
	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/fakediscord"
	"github.com/articlebot/articlebot/internal/testlog"
)

// noAnswers is an bot.Answerer for bots that are never asked anything.
type noAnswers struct{}

func (noAnswers) Ask(context.Context, answer.Request) (answer.Answer, error) {
	return answer.Answer{}, errors.New("not asked")
}

// startBot is a bot for fake, with the token given, retrying at once
// (waits of a few milliseconds), logging to logs; Start is not called.
func startBot(t *testing.T, fake *fakediscord.Server, token string, logs *testlog.Buffer) *Adapter {
	t.Helper()
	sess, err := fake.Session(token)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(logs, nil))
	core, err := bot.New(bot.Options{Answerer: noAnswers{}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(sess, core, Options{GuildID: fakediscord.DefaultGuildID,
		ConnectWait: time.Millisecond, MaxConnectWait: 5 * time.Millisecond, RetryWait: time.Millisecond, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = b.Shutdown()
		if strings.Contains(logs.String(), token) {
			t.Error("the token appears in the logs")
		}
	})
	return b
}

// TestStartRetries: when Discord cannot be reached at start — gateway
// discovery failing, the gateway refusing connections, command
// registration failing — Start tries again until it is connected and its
// commands registered, logging each failure, and connects only once.
func TestStartRetries(t *testing.T) {
	fake := fakediscord.New(t, fakediscord.WithToken(testToken))
	fake.Fail5xx(fakediscord.RouteGetGateway, 1, http.StatusServiceUnavailable)
	fake.RefuseGateway(3)
	fake.Fail5xx(fakediscord.RouteBulkGuildCommands, 5, http.StatusServiceUnavailable) // more than one request's own retries
	logs := &testlog.Buffer{}
	b := startBot(t, fake, testToken, logs)
	if b.Ready() {
		t.Fatal("ready before Start")
	}
	if err := b.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v\n%s", err, logs.String())
	}
	if !b.Ready() || b.Readiness() != nil {
		t.Errorf("not ready after Start: %v", b.Readiness())
	}
	if n := fake.RefusedGateway(); n != 3 {
		t.Errorf("%d gateway connections refused, want 3", n)
	}
	if n := len(fake.Identifies()); n != 1 {
		t.Errorf("%d IDENTIFY, want 1: a failed registration must not reconnect", n)
	}
	if _, err := fake.WaitFor(wait, 1, func(r fakediscord.Request) bool {
		return r.Route == fakediscord.RouteBulkGuildCommands && fakediscord.Succeeded(r)
	}); err != nil {
		t.Error(err)
	}
	// One failed discovery, three refused connections, one registration
	// that failed all its own tries.
	if n := strings.Count(logs.String(), "cannot reach Discord, retrying"); n != 5 {
		t.Errorf("%d retries logged, want 5:\n%s", n, logs.String())
	}
	fake.AssertClean(t)
}

// TestStartNotReadyWhileRetrying: while Discord refuses connections the
// bot says why it is not ready; it is ready once Discord accepts.
func TestStartNotReadyWhileRetrying(t *testing.T) {
	fake := fakediscord.New(t, fakediscord.WithToken(testToken))
	fake.RefuseGateway(-1)
	b := startBot(t, fake, testToken, &testlog.Buffer{})
	done := make(chan error, 1)
	go func() { done <- b.Start(context.Background()) }()
	if err := fake.WaitUntil(wait, func() bool { return fake.RefusedGateway() >= 2 }); err != nil {
		t.Fatal(err)
	}
	if err := b.Readiness(); b.Ready() || err == nil || !strings.Contains(err.Error(), "connecting to Discord") {
		t.Errorf("while Discord refuses: ready %v, %v", b.Ready(), err)
	}
	fake.RefuseGateway(0)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(wait):
		t.Fatal("Start did not return once Discord accepted")
	}
	if !b.Ready() {
		t.Errorf("not ready: %v", b.Readiness())
	}
}

// TestStartCancelled: a start that keeps failing stops when its context is
// done; Run then returns nil, a clean stop.
func TestStartCancelled(t *testing.T) {
	fake := fakediscord.New(t, fakediscord.WithToken(testToken))
	fake.RefuseGateway(-1)
	b := startBot(t, fake, testToken, &testlog.Buffer{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	if err := fake.WaitUntil(wait, func() bool { return fake.RefusedGateway() >= 1 }); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(wait):
		t.Fatal("Run did not return after cancel")
	}
	if err := b.Start(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Start with a done context = %v, want context.Canceled", err)
	}
}

// TestStartInvalidToken: a token Discord refuses ends the start at once,
// after one try, with ErrInvalidToken.
func TestStartInvalidToken(t *testing.T) {
	fake := fakediscord.New(t, fakediscord.WithToken(testToken))
	logs := &testlog.Buffer{}
	const wrong = "wrong-token-5ECRET"
	b := startBot(t, fake, wrong, logs)
	ctx, cancel := context.WithTimeout(context.Background(), wait) // retrying would end here, with another error
	defer cancel()
	err := b.Start(ctx)
	if !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("Start = %v, want ErrInvalidToken", err)
	}
	if strings.Contains(err.Error(), wrong) {
		t.Errorf("the token appears in the error: %v", err)
	}
	if n := len(fake.Identifies()); n != 1 {
		t.Errorf("%d IDENTIFY, want 1: an invalid token is not retried", n)
	}
	if strings.Contains(logs.String(), "retrying") {
		t.Errorf("retried:\n%s", logs.String())
	}
}

func TestStartFailure(t *testing.T) {
	rest := func(status int) error {
		return fmt.Errorf("connect: %w", &discordgo.RESTError{Response: &http.Response{StatusCode: status}})
	}
	closed := func(code int) error {
		return fmt.Errorf("connect to the Discord gateway: %w", &websocket.CloseError{Code: code, Text: "x"})
	}
	dial := &url.Error{Op: "Get", URL: "https://discord.com/api/v10/gateway", Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}
	tests := []struct {
		name string
		err  error
		want error // nil: try again
	}{
		{"401", rest(http.StatusUnauthorized), ErrInvalidToken},
		{"close 4004", closed(4004), ErrInvalidToken},
		{"close 4014", closed(4014), ErrGatewayRefused},
		{"close 4011", closed(4011), ErrGatewayRefused},
		{"403", rest(http.StatusForbidden), ErrRefused},
		{"429", rest(http.StatusTooManyRequests), nil},
		{"503", rest(http.StatusServiceUnavailable), nil},
		{"502 after discordgo's retries", errors.New("Exceeded Max retries HTTP 502 Bad Gateway"), nil},
		{"close 1006", closed(1006), nil},
		{"close 4000", closed(4000), nil},
		{"bad handshake", fmt.Errorf("connect: %w", websocket.ErrBadHandshake), nil},
		{"connection refused", dial, nil},
		{"unknown", errors.New("expecting Op 10, got Op 0 instead"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := startFailure(tt.err)
			if tt.want == nil && got != nil || tt.want != nil && !errors.Is(got, tt.want) {
				t.Errorf("startFailure(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
