package discordapi_test

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/internal/discordapi"
)

func TestErrorNamer(t *testing.T) {
	t.Parallel()
	cause := errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
	urlErr := &url.Error{Op: "Get", URL: "https://discord.com/api/v9/gateway", Err: cause}
	tests := []struct {
		name   string
		apiURL string
		err    error
		want   string
	}{
		{"configured host named", "http://127.0.0.1:1/api", fmt.Errorf("connect to the Discord gateway: %w", urlErr),
			`connect to the Discord gateway: Get "http://127.0.0.1:1/api/v9/gateway": dial tcp 127.0.0.1:1: connect: connection refused`},
		{"trailing slash and other base path", "https://proxy.example/discord/api/", urlErr,
			`Get "https://proxy.example/discord/api/v9/gateway": dial tcp 127.0.0.1:1: connect: connection refused`},
		{"port 443 and upper case", "http://127.0.0.1:1/api", errors.New(`Post "https://Discord.com:443/api/v9/channels/1/messages": EOF`),
			`Post "http://127.0.0.1:1/api/v9/channels/1/messages": EOF`},
		{"other paths untouched", "http://127.0.0.1:1/api", errors.New("https://discord.com/apiary and https://discord.com/developers"),
			"https://discord.com/apiary and https://discord.com/developers"},
		{"default URL: unchanged", discordapi.DefaultAPIURL, urlErr, urlErr.Error()},
		{"invalid URL: unchanged", "http://u:p@127.0.0.1/api", urlErr, urlErr.Error()},
		{"nil", "http://127.0.0.1:1/api", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := discordapi.ErrorNamer(tc.apiURL)(tc.err)
			if tc.err == nil {
				if got != nil {
					t.Fatalf("ErrorNamer(nil) = %v", got)
				}
				return
			}
			if got.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if !errors.Is(got, tc.err) {
				t.Errorf("the rewritten error does not wrap the original")
			}
		})
	}
}

// TestErrorNamerThroughClient sends a request the way discordgo does, to a
// closed port: the error names the configured host, not discord.com.
func TestErrorNamerThroughClient(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	apiURL := "http://" + ln.Addr().String() + "/api"
	ln.Close()
	rt, err := discordapi.NewTransport(apiURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&http.Client{Transport: rt}).Get("https://discord.com/api/v9/gateway")
	if err == nil {
		t.Fatal("GET to a closed port succeeded")
	}
	got := discordapi.ErrorNamer(apiURL)(err)
	if strings.Contains(got.Error(), "discord.com") || !strings.Contains(got.Error(), apiURL+"/v9/gateway") {
		t.Errorf("error %q does not name %s", got, apiURL)
	}
	var ue *url.Error
	if !errors.As(got, &ue) {
		t.Errorf("the rewritten error hides the *url.Error")
	}
}
