package fakediscord

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/articlebot/articlebot/internal/discordapi"
)

// Fixed identifiers of the fake's world. They are valid snowflakes.
const (
	DefaultApplicationID = "1234567890123456789"
	DefaultBotUserID     = DefaultApplicationID // modern bot users share the application's id
	DefaultBotUsername   = "articlebot"
	DefaultGuildID       = "1000000000000000001"
	DefaultChannelID     = "1000000000000000002" // a guild text channel in DefaultGuildID
	DefaultDMChannelID   = "1000000000000000003" // the DM channel with DefaultUser
	DefaultUserID        = "1000000000000000010"
	DefaultUsername      = "alice"
)

// DefaultHeartbeatInterval is the heartbeat interval sent in HELLO unless
// WithHeartbeatInterval says otherwise. discordgo reconnects when no ACK
// arrives for five intervals, so very small values make slow (-race) test
// machines flaky; a long one also avoids a harmless discordgo log line
// ("error sending heartbeat ... close sent") when a beat races Close.
const DefaultHeartbeatInterval = 10 * time.Second

// Sentinel errors returned by gateway controls.
var (
	// ErrNoConnection means no gateway connection is currently identified or
	// resumed.
	ErrNoConnection = errors.New("fakediscord: no active gateway connection")
	// ErrNoSession means no client ever identified, so there is no session
	// to dispatch events to.
	ErrNoSession = errors.New("fakediscord: no gateway session")
)

// User is a Discord user as the fake builds it into payloads.
type User struct {
	ID       string
	Username string
	Bot      bool
}

// DefaultUser is the human who writes messages and runs commands unless a
// spec names someone else.
func DefaultUser() User { return User{ID: DefaultUserID, Username: DefaultUsername} }

// Option configures a Server.
type Option func(*settings)

type settings struct {
	heartbeat time.Duration
	botUser   User
	appID     string
	token     string
}

// WithHeartbeatInterval sets the heartbeat_interval announced in HELLO.
func WithHeartbeatInterval(d time.Duration) Option {
	return func(s *settings) { s.heartbeat = d }
}

// WithBotUser sets the bot user returned in READY and GET /users/@me.
func WithBotUser(id, username string) Option {
	return func(s *settings) { s.botUser = User{ID: id, Username: username, Bot: true} }
}

// WithApplicationID sets the application id returned in READY and expected
// in interaction webhook and command routes.
func WithApplicationID(id string) Option {
	return func(s *settings) { s.appID = id }
}

// WithToken makes the fake require this bot token (without the "Bot "
// prefix): REST calls with another Authorization get 401 and an IDENTIFY
// with another token is closed with 4004. Without it any non-empty
// "Bot ..." token is accepted.
func WithToken(token string) Option {
	return func(s *settings) { s.token = token }
}

// Server is a running fake Discord. All methods are safe for concurrent use.
type Server struct {
	tb          testing.TB
	srv         *httptest.Server
	cfg         settings
	spec        *specValidator
	specSkipped string

	mu           sync.Mutex // guards the fields below
	changed      chan struct{}
	nextID       uint64
	requests     []Request
	unexpected   []Request
	validation   []ValidationError
	mentions     []MentionViolation
	gwErrors     []string
	faults       map[string][]fault
	channels     map[string]channel
	messages     map[string]map[string]any
	nonces       map[string]sentNonce    // enforced nonces of the bot's messages, by nonce
	interactions map[string]*interaction // by token
	cdn          map[string]cdnFile      // attachments served, by escaped path
	identifies   []Identify
	resumes      []Resume
	heartbeats   int
	refuse       int // gateway connections still to refuse (< 0: all)
	refused      int // gateway connections refused so far

	gw gateway
}

// New starts a fake Discord and registers its shutdown with tb.Cleanup. It
// fails tb when the OpenAPI spec exists but cannot be loaded.
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	cfg := settings{
		heartbeat: DefaultHeartbeatInterval,
		botUser:   User{ID: DefaultBotUserID, Username: DefaultBotUsername, Bot: true},
		appID:     DefaultApplicationID,
	}
	for _, o := range opts {
		o(&cfg)
	}
	spec, skipped, err := loadSpec()
	if err != nil {
		tb.Fatalf("fakediscord: %v", err)
	}
	s := &Server{
		tb:           tb,
		cfg:          cfg,
		spec:         spec,
		specSkipped:  skipped,
		changed:      make(chan struct{}),
		nextID:       1300000000000000000,
		faults:       map[string][]fault{},
		channels:     map[string]channel{},
		messages:     map[string]map[string]any{},
		nonces:       map[string]sentNonce{},
		interactions: map[string]*interaction{},
	}
	s.gw.init()
	s.channels[DefaultChannelID] = channel{id: DefaultChannelID, guildID: DefaultGuildID}
	s.channels[DefaultDMChannelID] = channel{id: DefaultDMChannelID, recipient: DefaultUser()}

	mux := http.NewServeMux()
	mux.HandleFunc("/gateway", s.serveGateway)
	mux.HandleFunc("/gateway/", s.serveGateway)
	mux.HandleFunc("/attachments/", s.serveCDN)
	mux.HandleFunc("/", s.serveREST)
	s.srv = httptest.NewServer(mux)
	tb.Cleanup(s.close)
	return s
}

func (s *Server) close() {
	s.gw.shutdown()
	s.srv.Close()
}

// APIURL is the REST base URL to use as discord.api_url, e.g.
// "http://127.0.0.1:41234/api".
func (s *Server) APIURL() string { return s.srv.URL + "/api" }

// GatewayURL is the websocket URL returned by GET /gateway and in READY's
// resume_gateway_url.
func (s *Server) GatewayURL() string {
	return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway"
}

// BotUser is the bot's own user.
func (s *Server) BotUser() User { return s.cfg.botUser }

// ApplicationID is the bot's application id.
func (s *Server) ApplicationID() string { return s.cfg.appID }

// SpecSkipped is empty when REST requests are validated against the OpenAPI
// spec, and otherwise explains why they are not (../shared absent).
func (s *Server) SpecSkipped() string { return s.specSkipped }

// Session returns a new, not yet opened, discordgo session for token (the
// "Bot " prefix is added when missing) whose REST client goes to the fake
// through discordapi.NewTransport. The session is closed at test cleanup
// (discordgo's Close takes one second); closing it earlier is fine.
func (s *Server) Session(token string) (*discordgo.Session, error) {
	if !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	sess, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("fakediscord: new session: %w", err)
	}
	rt, err := discordapi.NewTransport(s.APIURL(), s.srv.Client().Transport)
	if err != nil {
		return nil, fmt.Errorf("fakediscord: transport: %w", err)
	}
	sess.Client = &http.Client{Timeout: 20 * time.Second, Transport: rt}
	// discordgo's goroutines can still start a reconnect after Close (a
	// heartbeat racing Close fails with "close sent" and reconnects), which
	// would retry forever against the stopped fake. Its reconnect loop gives
	// up only on ErrWSAlreadyOpen, so once the test is over the dialer
	// returns exactly that. (Setting ShouldReconnectOnError instead would be
	// a data race: discordgo reads it without locking.)
	var ended atomic.Bool
	sess.Dialer = &websocket.Dialer{
		HandshakeTimeout: 5 * time.Second,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if ended.Load() {
				return nil, discordgo.ErrWSAlreadyOpen
			}
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
	s.tb.Cleanup(func() {
		ended.Store(true)
		_ = sess.Close()
	})
	return sess, nil
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// newID returns a fresh snowflake.
func (s *Server) newID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newIDLocked()
}

// discordEpoch is the start of Discord's snowflakes, in Unix milliseconds.
const discordEpoch = 1420070400000

// newIDLocked returns a snowflake whose timestamp is now, as Discord's are
// (bots may read a message's or an interaction's creation time from its
// id); ids only grow.
func (s *Server) newIDLocked() string {
	now := uint64(time.Now().UnixMilli()-discordEpoch) << 22
	s.nextID = max(s.nextID+1, now)
	return fmt.Sprint(s.nextID)
}

// WaitUntil blocks until cond returns true or timeout elapses. cond is
// re-evaluated whenever the server records something (a REST request, an
// IDENTIFY, a RESUME, a heartbeat, a connection change); it must not block.
func (s *Server) WaitUntil(timeout time.Duration, cond func() bool) error {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-timer.C:
			if cond() {
				return nil
			}
			return fmt.Errorf("fakediscord: condition not met within %v", timeout)
		}
	}
}

// WaitFor waits until at least n recorded REST requests satisfy match (nil
// matches all) and returns the first n of them in arrival order.
func (s *Server) WaitFor(timeout time.Duration, n int, match func(Request) bool) ([]Request, error) {
	var got []Request
	err := s.WaitUntil(timeout, func() bool {
		got = got[:0]
		for _, r := range s.Requests() {
			if match == nil || match(r) {
				got = append(got, r)
			}
		}
		return len(got) >= n
	})
	if err != nil {
		return got, fmt.Errorf("fakediscord: %d of %d matching requests: %w", len(got), n, err)
	}
	return got[:n], nil
}

// OnRoute matches requests to one of the given routes (Route* constants).
func OnRoute(routes ...string) func(Request) bool {
	return func(r Request) bool {
		for _, rt := range routes {
			if r.Route == rt {
				return true
			}
		}
		return false
	}
}

// Succeeded matches requests answered with a 2xx status.
func Succeeded(r Request) bool { return r.Status >= 200 && r.Status < 300 }

// Requests returns a copy of every REST request received so far, including
// unexpected ones and those answered with an injected fault.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsFrom returns a copy of the REST requests received after the
// first n, as Requests does: a caller polling a long log copies only what
// is new.
func (s *Server) RequestsFrom(n int) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n >= len(s.requests) {
		return nil
	}
	return append([]Request(nil), s.requests[max(n, 0):]...)
}

// Messages returns a copy of every message the fake holds, oldest first:
// those dispatched with SendMessage and those the bot created (replies,
// interaction responses, follow-ups), as last edited. Unlike Requests it
// counts a message whose creation was answered with an injected
// FailAfter5xx, and counts once a message returned again for a repeated
// nonce.
func (s *Server) Messages() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.messages))
	for id := range s.messages {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, compareSnowflakes)
	out := make([]map[string]any, len(ids))
	for i, id := range ids {
		out[i] = maps.Clone(s.messages[id])
	}
	return out
}

// Unexpected returns requests to routes the fake does not implement (they
// were answered 404).
func (s *Server) Unexpected() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.unexpected...)
}

// ValidationErrors returns every problem found by validating REST requests
// against the OpenAPI spec and Discord's documented limits.
func (s *Server) ValidationErrors() []ValidationError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ValidationError(nil), s.validation...)
}

// MentionViolations returns message-creating or -editing requests whose body
// lacks allowed_mentions with an empty parse list.
func (s *Server) MentionViolations() []MentionViolation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]MentionViolation(nil), s.mentions...)
}

// GatewayErrors returns protocol problems seen on the gateway (bad JSON,
// unknown opcodes, wrong token, missing intents).
func (s *Server) GatewayErrors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.gwErrors...)
}

// Identifies returns every IDENTIFY received, in order.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.identifies...)
}

// Resumes returns every RESUME received, in order.
func (s *Server) Resumes() []Resume {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Resume(nil), s.resumes...)
}

// Heartbeats returns how many heartbeats (op 1) were received and ACKed.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// AssertClean reports, as errors on t, every validation error, mention
// violation, unexpected request and gateway error recorded so far. When spec
// validation is skipped it logs why.
func (s *Server) AssertClean(t testing.TB) {
	t.Helper()
	if msg := s.SpecSkipped(); msg != "" {
		t.Log(msg)
	}
	for _, e := range s.ValidationErrors() {
		t.Errorf("fakediscord: invalid request: %s", e)
	}
	for _, v := range s.MentionViolations() {
		t.Errorf("fakediscord: allowed_mentions violation: %s", v)
	}
	for _, r := range s.Unexpected() {
		t.Errorf("fakediscord: unexpected request %s %s", r.Method, r.Path)
	}
	for _, e := range s.GatewayErrors() {
		t.Errorf("fakediscord: gateway error: %s", e)
	}
}

func (s *Server) recordGatewayError(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gwErrors = append(s.gwErrors, fmt.Sprintf(format, args...))
	s.notifyLocked()
}
