package discord

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// Start-up retries: waits between two tries to connect to Discord.
const (
	DefaultConnectWait    = time.Second     // Options.ConnectWait
	DefaultMaxConnectWait = 2 * time.Minute // Options.MaxConnectWait
)

// Errors that end the start-up at once: configuration errors, which no
// retry would cure.
var (
	// ErrInvalidToken: Discord refused the bot token (HTTP 401, or the
	// gateway closed with 4004).
	ErrInvalidToken = errors.New("Discord refused the bot token")
	// ErrGatewayRefused: the gateway closed with a code after which Discord
	// says not to reconnect: an invalid shard, sharding required, an
	// invalid API version, invalid or disallowed intents (4010–4014).
	ErrGatewayRefused = errors.New("Discord refused the gateway connection")
	// ErrRefused: Discord answered a start-up request with a client error
	// (403, 404…), the same on every try.
	ErrRefused = errors.New("Discord refused a start-up request")
)

// connect opens the gateway connection and registers the commands. When
// Discord cannot be reached (a network error, a 5xx, a gateway that
// closes), it tries again after ConnectWait, then twice as long each time
// up to MaxConnectWait, with jitter, until ctx is done; each failure is
// logged without secrets. A configuration error (ErrInvalidToken,
// ErrGatewayRefused, ErrRefused) ends it at once.
func (a *Adapter) connect(ctx context.Context) error {
	opened := false
	for try := 0; ; try++ {
		err := ctx.Err()
		if err == nil && !opened {
			if err = a.open(); err == nil {
				opened = true
			}
		}
		if err == nil {
			if err = a.register(ctx); err == nil {
				a.started.Store(true)
				return nil
			}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("connect to Discord: %w", ctx.Err())
		}
		if fatal := startFailure(err); fatal != nil {
			return fatal
		}
		a.attempts.Add(1)
		wait := backoffUpTo(a.opts.ConnectWait, a.opts.MaxConnectWait, try)
		a.log.Warn("cannot reach Discord, retrying", "try", try+1, "retry_in", wait.Round(time.Millisecond).String(),
			"err", redactErr(err, a.secrets()...))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("connect to Discord: %w (last error: %s)", ctx.Err(), redact(err, a.secrets()...))
		case <-t.C:
		}
	}
}

// redactedError is an error whose message has its secrets replaced (see
// redact). It is logged as an error, so that the logger may still rewrite
// it (serve names discord.api_url in place of discord.com), and wraps the
// original.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func redactErr(err error, secrets ...string) error {
	return &redactedError{msg: redact(err, secrets...), err: err}
}

// secrets are what must never be logged: the token, with and without its
// "Bot " prefix.
func (a *Adapter) secrets() []string {
	tok := a.s.Token
	return []string{tok, strings.TrimPrefix(tok, "Bot ")}
}

// startFailure returns the error that ends the start-up, for a failure no
// retry would cure (see connect), or nil when trying again may work.
func startFailure(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004:
			return fmt.Errorf("%w (the gateway closed with 4004 %q)", ErrInvalidToken, ce.Text)
		case 4014:
			return fmt.Errorf("%w: close 4014, disallowed intents: turn on the Message Content intent of the bot in the Developer Portal (discord.channels needs it)", ErrGatewayRefused)
		case 4010, 4011, 4012, 4013:
			return fmt.Errorf("%w: close %d %q (check discord.shard_id and discord.shard_count)", ErrGatewayRefused, ce.Code, ce.Text)
		}
		return nil
	}
	switch status := statusOf(err); {
	case status == http.StatusUnauthorized:
		return fmt.Errorf("%w (HTTP 401): %w", ErrInvalidToken, err)
	case status == http.StatusTooManyRequests, status == http.StatusRequestTimeout:
		return nil
	case status >= 400 && status < 500:
		return fmt.Errorf("%w: %w", ErrRefused, err)
	}
	return nil
}

// Readiness says why the bot does not serve yet, or nil when it does:
// connected to the gateway with its commands registered. Its text is short
// and holds no error detail (it is shown on /readyz).
func (a *Adapter) Readiness() error {
	switch {
	case !a.started.Load() && a.attempts.Load() > 0:
		return fmt.Errorf("connecting to Discord (%d failed tries, retrying)", a.attempts.Load())
	case !a.started.Load():
		return errors.New("connecting to Discord")
	case !a.ready.Load():
		return errors.New("gateway not connected")
	}
	return nil
}

// backoffUpTo is the wait before retry n+1: up to base·2ⁿ (at most limit),
// at least half of it, the rest random so that bots failing together do
// not all retry together.
func backoffUpTo(base, limit time.Duration, n int) time.Duration {
	d := limit
	if n < 62 && base<<n > 0 && base<<n < limit {
		d = base << n
	}
	return d/2 + rand.N(d/2+1)
}
