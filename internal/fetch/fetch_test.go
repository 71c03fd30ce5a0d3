package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/fakeweb"
	"github.com/articlebot/articlebot/internal/fetch"
)

func TestBlocked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr    string
		blocked bool
		why     string // in the reason
	}{
		{"127.0.0.1", true, "loopback"},
		{"127.8.9.10", true, "loopback"},
		{"::1", true, "loopback"},
		{"::ffff:127.0.0.1", true, "loopback"},
		{"10.1.2.3", true, "private"},
		{"172.16.0.1", true, "private"},
		{"172.31.255.255", true, "private"},
		{"192.168.1.1", true, "private"},
		{"fc00::1", true, "private"},
		{"fd12:3456::1", true, "private"},
		{"169.254.1.1", true, "link-local"},
		{"fe80::1", true, "link-local"},
		{"fe80::1%eth0", true, "link-local"},
		{"169.254.169.254", true, "metadata"},
		{"::ffff:169.254.169.254", true, "metadata"},
		{"fd00:ec2::254", true, "metadata"},
		{"100.100.100.200", true, "metadata"},
		{"0.0.0.0", true, "unspecified"},
		{"0.1.2.3", true, "unspecified"},
		{"::", true, "unspecified"},
		{"224.0.0.1", true, "multicast"},
		{"239.255.255.250", true, "multicast"},
		{"ff02::1", true, "multicast"},
		{"100.64.0.1", true, "CGNAT"},
		{"100.127.255.254", true, "CGNAT"},
		{"255.255.255.255", true, "broadcast"},
		{"240.0.0.1", true, "reserved"},
		{"198.18.0.1", true, "benchmarking"},
		{"192.0.0.8", true, "reserved"},
		{"64:ff9b::7f00:1", true, "loopback, embedded"},
		{"64:ff9b::a9fe:a9fe", true, "metadata"},
		{"2002:7f00:1::", true, "loopback, embedded"},
		{"2001::1", true, "Teredo"},
		{"::127.0.0.1", true, "IPv4-compatible"},
		{"93.184.215.14", false, ""},
		{"8.8.8.8", false, ""},
		{"100.63.255.255", false, ""},
		{"100.128.0.1", false, ""},
		{"172.32.0.1", false, ""},
		{"2606:4700::6810:84e5", false, ""},
		{"64:ff9b::808:808", false, ""},
		{"2002:808:808::", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			why, blocked := fetch.Blocked(netip.MustParseAddr(tt.addr))
			if blocked != tt.blocked || !strings.Contains(why, tt.why) {
				t.Errorf("Blocked(%s) = %q, %v; want %v with %q", tt.addr, why, blocked, tt.blocked, tt.why)
			}
		})
	}
	if _, blocked := fetch.Blocked(netip.Addr{}); !blocked {
		t.Error("the zero Addr is not blocked")
	}
}

// TestFetch runs every guard against the fake site. Only the fake site's
// own address is permitted: its internal server, on another loopback port,
// stands for a service the bot must never reach.
func TestFetch(t *testing.T) {
	t.Parallel()
	web := fakeweb.New(t)
	fast := fetch.Options{Timeout: 2 * time.Second, MaxBytes: 1 << 20}
	tests := []struct {
		name    string
		opts    fetch.Options
		url     string
		want    error  // nil: fetched
		inBody  string // fetched: the body holds it
		inError string
	}{
		{name: "article", url: web.URL(fakeweb.PathArticle), inBody: "80.000 personnes"},
		{name: "xhtml", url: web.URL(fakeweb.PathEnglish), inBody: "Tanger Med"},
		{name: "redirect on the same site", url: web.URL(fakeweb.PathRedirect), inBody: "80.000 personnes"},
		{name: "allowed host", opts: fetch.Options{AllowHosts: []string{"127.0.0.1"}}, url: web.URL(fakeweb.PathArticle), inBody: "AMRC"},
		{name: "host not allowed", opts: fetch.Options{AllowHosts: []string{"example.org"}}, url: web.URL(fakeweb.PathArticle), want: fetch.ErrHostNotAllowed},
		{name: "redirect to another loopback port", url: web.URL(fakeweb.PathRedirectLocal), want: fetch.ErrBlockedAddress, inError: "loopback"},
		{name: "redirect to localhost by name (checked at dial time)", url: web.URL(fakeweb.PathRedirectName), want: fetch.ErrBlockedAddress, inError: "loopback"},
		{name: "redirect to the metadata address", url: web.URL(fakeweb.PathRedirectMeta), want: fetch.ErrBlockedAddress, inError: "metadata"},
		{name: "redirect to ftp", url: web.URL(fakeweb.PathRedirectFTP), want: fetch.ErrScheme},
		{name: "redirect loop", url: web.URL(fakeweb.PathRedirectLoop), want: fetch.ErrTooManyRedirects},
		{name: "no redirect allowed", opts: fetch.Options{MaxRedirects: -1}, url: web.URL(fakeweb.PathRedirect), want: fetch.ErrTooManyRedirects},
		{name: "50 MB without Content-Length", url: web.URL(fakeweb.PathHuge), want: fetch.ErrTooLarge},
		{name: "50 MB declared", url: web.URL(fakeweb.PathHugeDeclared), want: fetch.ErrTooLarge, inError: "52428800"},
		{name: "slow", opts: fetch.Options{Timeout: 300 * time.Millisecond}, url: web.URL(fakeweb.PathSlow), want: fetch.ErrTimeout},
		{name: "pdf", url: web.URL(fakeweb.PathPDF), want: fetch.ErrContentType, inError: "application/pdf"},
		{name: "plain text", url: web.URL(fakeweb.PathPlain), want: fetch.ErrContentType},
		{name: "plain text when asked for", opts: fetch.Options{ContentTypes: []string{"text/plain"}}, url: web.URL(fakeweb.PathPlain), inBody: "texte brut"},
		{name: "no content type", url: web.URL(fakeweb.PathNoContentType), want: fetch.ErrContentType},
		{name: "404", url: web.URL(fakeweb.PathNotFound), want: fetch.ErrStatus, inError: "404"},
		{name: "500", url: web.URL(fakeweb.PathServerError), want: fetch.ErrStatus, inError: "500"},
		{name: "internal server directly", url: web.InternalURL(), want: fetch.ErrBlockedAddress},
		{name: "localhost directly", url: strings.Replace(web.InternalURL(), "127.0.0.1", "localhost", 1), want: fetch.ErrBlockedAddress},
		{name: "IPv4-mapped loopback literal", url: "http://[::ffff:127.0.0.1]:9/", want: fetch.ErrBlockedAddress},
		{name: "metadata literal", url: "http://169.254.169.254/latest/meta-data/", want: fetch.ErrBlockedAddress, inError: "metadata"},
		{name: "private literal", url: "https://10.0.0.1/", want: fetch.ErrBlockedAddress, inError: "private"},
		{name: "unspecified literal", url: "http://0.0.0.0:80/", want: fetch.ErrBlockedAddress},
		{name: "file scheme", url: "file:///etc/passwd", want: fetch.ErrScheme},
		{name: "gopher scheme", url: "gopher://127.0.0.1:25/", want: fetch.ErrScheme},
		{name: "no scheme", url: "example.org/article", want: fetch.ErrScheme},
		{name: "credentials", url: "https://user:pass@example.org/", want: fetch.ErrBadURL},
		{name: "too long", url: "https://example.org/" + strings.Repeat("a", fetch.MaxURLLength), want: fetch.ErrBadURL},
		{name: "control character", url: "https://example.org/\x7f", want: fetch.ErrBadURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := tt.opts
			if opts.Timeout == 0 {
				opts.Timeout = fast.Timeout
			}
			if opts.MaxBytes == 0 {
				opts.MaxBytes = fast.MaxBytes
			}
			f := fetch.New(opts, fetch.PermitAddrs(web.Addr()))
			page, err := f.Fetch(context.Background(), tt.url)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Fetch: %v", err)
				}
				if !strings.Contains(string(page.Body), tt.inBody) {
					t.Errorf("body lacks %q", tt.inBody)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Fetch = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.inError) {
				t.Errorf("error %q lacks %q", err, tt.inError)
			}
		})
	}
	if n := web.InternalHits(); n != 0 {
		t.Errorf("the internal server was reached %d times", n)
	}
}

// TestFetchWithoutPermit: with no hook, even the fake site is refused, at
// dial time when named (localhost) and before when an IP literal.
func TestFetchWithoutPermit(t *testing.T) {
	t.Parallel()
	web := fakeweb.New(t)
	f := fetch.New(fetch.Options{Timeout: 2 * time.Second})
	for _, raw := range []string{web.URL(fakeweb.PathArticle), strings.Replace(web.URL(fakeweb.PathArticle), "127.0.0.1", "localhost", 1)} {
		if _, err := f.Fetch(context.Background(), raw); !errors.Is(err, fetch.ErrBlockedAddress) {
			t.Errorf("Fetch(%s) = %v, want ErrBlockedAddress", raw, err)
		}
	}
}

// TestFetchWrapTransport sends a public-looking host to the fake site: the
// allow-list sees the host asked for, the dial check the address reached.
func TestFetchWrapTransport(t *testing.T) {
	t.Parallel()
	web := fakeweb.New(t)
	target, err := url.Parse(web.URL("/"))
	if err != nil {
		t.Fatal(err)
	}
	wrap := func(base http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.URL.Host == "news.example" {
				r = r.Clone(r.Context())
				r.URL.Scheme, r.URL.Host, r.Host = target.Scheme, target.Host, ""
			}
			return base.RoundTrip(r)
		})
	}
	opts := fetch.Options{AllowHosts: []string{"*.example", "news.example"}, Timeout: 2 * time.Second}
	f := fetch.New(opts, fetch.PermitAddrs(web.Addr()), fetch.WrapTransport(wrap))
	page, err := f.Fetch(context.Background(), "https://news.example"+fakeweb.PathArticle)
	if err != nil || !strings.Contains(string(page.Body), "AMRC") {
		t.Fatalf("Fetch = %v", err)
	}
	if _, err := f.Fetch(context.Background(), "https://other.test"+fakeweb.PathArticle); !errors.Is(err, fetch.ErrHostNotAllowed) {
		t.Errorf("other host: %v, want ErrHostNotAllowed", err)
	}
	unpermitted := fetch.New(opts, fetch.WrapTransport(wrap))
	if _, err := unpermitted.Fetch(context.Background(), "https://news.example"+fakeweb.PathArticle); !errors.Is(err, fetch.ErrBlockedAddress) {
		t.Errorf("without the permit: %v, want ErrBlockedAddress (the address connected to is checked)", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestFetchCanceled(t *testing.T) {
	t.Parallel()
	web := fakeweb.New(t)
	f := fetch.New(fetch.Options{}, fetch.PermitAddrs(web.Addr()))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Fetch(ctx, web.URL(fakeweb.PathArticle)); !errors.Is(err, context.Canceled) {
		t.Errorf("Fetch = %v, want context.Canceled", err)
	}
}
