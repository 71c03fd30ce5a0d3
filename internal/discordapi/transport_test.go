package discordapi_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/discordapi"
)

// recorder is a RoundTripper that records the request it receives.
type recorder struct {
	got *http.Request
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.got = req
	return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Request: req}, nil
}

func TestNewTransportRewrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		apiURL   string
		in       string
		wantURL  string
		wantHost string
	}{
		{"users me", "http://127.0.0.1:1234/api", "https://discord.com/api/v9/users/@me", "http://127.0.0.1:1234/api/v9/users/@me", "127.0.0.1:1234"},
		{"trailing slash on base", "http://127.0.0.1:1234/api/", "https://discord.com/api/v9/gateway", "http://127.0.0.1:1234/api/v9/gateway", "127.0.0.1:1234"},
		{"query kept", "http://127.0.0.1:1234/api", "https://discord.com/api/v9/webhooks/1/tok?wait=true", "http://127.0.0.1:1234/api/v9/webhooks/1/tok?wait=true", "127.0.0.1:1234"},
		{"original message", "http://127.0.0.1:1234/api", "https://discord.com/api/v9/webhooks/1/tok/messages/@original", "http://127.0.0.1:1234/api/v9/webhooks/1/tok/messages/@original", "127.0.0.1:1234"},
		{"escaped segment", "http://127.0.0.1:1234/api", "https://discord.com/api/v9/channels/1/messages/2/reactions/%F0%9F%91%8D%2Fx/@me", "http://127.0.0.1:1234/api/v9/channels/1/messages/2/reactions/%F0%9F%91%8D%2Fx/@me", "127.0.0.1:1234"},
		{"proxy with other base path", "https://proxy.example/discord/api", "https://discord.com/api/v10/users/@me", "https://proxy.example/discord/api/v10/users/@me", "proxy.example"},
		{"bare api", "http://127.0.0.1:1234/api", "https://discord.com/api", "http://127.0.0.1:1234/api", "127.0.0.1:1234"},
		{"explicit 443", "http://127.0.0.1:1234/api", "https://discord.com:443/api/v9/gateway", "http://127.0.0.1:1234/api/v9/gateway", "127.0.0.1:1234"},
		{"default is identity", discordapi.DefaultAPIURL, "https://discord.com/api/v9/users/@me", "https://discord.com/api/v9/users/@me", "discord.com"},
		{"other host untouched", "http://127.0.0.1:1234/api", "https://cdn.discordapp.com/avatars/1/a.png", "https://cdn.discordapp.com/avatars/1/a.png", "cdn.discordapp.com"},
		{"other path untouched", "http://127.0.0.1:1234/api", "https://discord.com/apiary/x", "https://discord.com/apiary/x", "discord.com"},
		{"plain http untouched", "http://127.0.0.1:1234/api", "http://discord.com/api/v9/users/@me", "http://discord.com/api/v9/users/@me", "discord.com"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			rt, err := discordapi.NewTransport(tc.apiURL, rec)
			if err != nil {
				t.Fatalf("NewTransport(%q): %v", tc.apiURL, err)
			}
			req, err := http.NewRequest(http.MethodPost, tc.in, strings.NewReader(`{"a":1}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bot secret")
			orig := req.URL.String()
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatalf("RoundTrip: %v", err)
			}
			resp.Body.Close()
			if got := rec.got.URL.String(); got != tc.wantURL {
				t.Errorf("forwarded URL = %q, want %q", got, tc.wantURL)
			}
			if got := rec.got.URL.Host; got != tc.wantHost {
				t.Errorf("forwarded host = %q, want %q", got, tc.wantHost)
			}
			if rec.got.Host != "" && rec.got.Host != tc.wantHost {
				t.Errorf("forwarded Host header = %q, want empty or %q", rec.got.Host, tc.wantHost)
			}
			if got := rec.got.Header.Get("Authorization"); got != "Bot secret" {
				t.Errorf("Authorization header = %q, want it forwarded", got)
			}
			body, _ := io.ReadAll(rec.got.Body)
			if string(body) != `{"a":1}` {
				t.Errorf("forwarded body = %q", body)
			}
			if req.URL.String() != orig {
				t.Errorf("original request mutated: %q -> %q", orig, req.URL.String())
			}
		})
	}
}

func TestNewTransportRejectsBadURLs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		apiURL string
	}{
		{"empty", ""},
		{"relative", "/api"},
		{"no scheme", "127.0.0.1:1234/api"},
		{"ftp", "ftp://example.com/api"},
		{"websocket", "ws://127.0.0.1/api"},
		{"no host", "http:///api"},
		{"query", "http://127.0.0.1/api?x=1"},
		{"token in the query", "http://127.0.0.1/api?token=hunter2"},
		{"fragment", "http://127.0.0.1/api#x"},
		{"token in the fragment", "http://127.0.0.1/api#access_token=hunter2"},
		{"credentials", "http://user:hunter2@127.0.0.1/api"},
		{"token as user", "http://hunter2@127.0.0.1/api"},
		{"credentials and ftp", "ftp://user:hunter2@127.0.0.1/api"},
		{"unparsable", "http://[::1/api"},
		{"unparsable with credentials", "http://user:hunter2@[::1/api"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rt, err := discordapi.NewTransport(tc.apiURL, nil)
			if err == nil {
				t.Fatalf("NewTransport(%q) = %v, want error", tc.apiURL, rt)
			}
			if !errors.Is(err, discordapi.ErrInvalidAPIURL) {
				t.Errorf("error %v does not wrap ErrInvalidAPIURL", err)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error leaks credentials: %v", err)
			}
		})
	}
}

func TestNewTransportNilBaseUsesDefault(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"path":"`+r.URL.Path+`"}`)
	}))
	defer srv.Close()
	rt, err := discordapi.NewTransport(srv.URL+"/api", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: rt}).Get("https://discord.com/api/v9/gateway")
	if err != nil {
		t.Fatalf("GET through transport: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if want := `{"path":"/api/v9/gateway"}`; string(body) != want {
		t.Errorf("body = %s, want %s", body, want)
	}
}

// TestDiscordgoSessionUsesTransport checks the production wiring: a real
// discordgo session whose Client.Transport is ours reaches the target server.
func TestDiscordgoSessionUsesTransport(t *testing.T) {
	t.Parallel()
	var gotAuth, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotPath = r.Header.Get("Authorization"), r.URL.Path
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"42","username":"articlebot","discriminator":"0","bot":true}`)
	}))
	defer srv.Close()
	rt, err := discordapi.NewTransport(srv.URL+"/api", srv.Client().Transport)
	if err != nil {
		t.Fatal(err)
	}
	s, err := discordgo.New("Bot test-token")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: rt}
	u, err := s.User("@me")
	if err != nil {
		t.Fatalf("User(@me): %v", err)
	}
	if u.ID != "42" || !u.Bot {
		t.Errorf("user = %+v, want id 42 bot", u)
	}
	if gotPath != "/api/v"+discordgo.APIVersion+"/users/@me" {
		t.Errorf("server saw path %q", gotPath)
	}
	if gotAuth != "Bot test-token" {
		t.Errorf("server saw Authorization %q", gotAuth)
	}
}
