package discordapi

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// DefaultAPIURL is Discord's own REST API base URL. A transport built with it
// forwards requests unchanged.
const DefaultAPIURL = "https://discord.com/api"

// ErrInvalidAPIURL is returned (wrapped) by NewTransport when apiURL is not an
// absolute http(s) URL without query, fragment or credentials.
var ErrInvalidAPIURL = errors.New("discordapi: invalid API URL")

// discordAPIPrefix is the path prefix under https://discord.com that is
// rewritten.
const discordAPIPrefix = "/api"

// NewTransport returns a RoundTripper that sends every request whose URL
// starts with https://discord.com/api to the same path under apiURL, then
// delegates to base (http.DefaultTransport when nil; an *http.Transport is
// cloned to keep up to 64 idle connections per host). Requests to other
// URLs are passed to base unchanged.
//
// apiURL looks like "http://127.0.0.1:1234/api" or "https://proxy.example/api";
// a trailing slash is ignored. For example, with apiURL
// "http://127.0.0.1:1234/api", https://discord.com/api/v9/users/@me becomes
// http://127.0.0.1:1234/api/v9/users/@me.
func NewTransport(apiURL string, base http.RoundTripper) (http.RoundTripper, error) {
	target, err := parseAPIURL(apiURL)
	if err != nil {
		return nil, err
	}
	if base == nil {
		base = http.DefaultTransport
	}
	if t, ok := base.(*http.Transport); ok && t.MaxIdleConnsPerHost < maxIdlePerHost {
		// Every request goes to one host: keep as many idle connections
		// to it as a busy bot has requests under way, or each reply past
		// the second opens (and, over TLS, negotiates) a new one.
		t = t.Clone()
		t.MaxIdleConnsPerHost = maxIdlePerHost
		if t.MaxIdleConns != 0 { // 0: no limit
			t.MaxIdleConns = max(t.MaxIdleConns, maxIdlePerHost)
		}
		base = t
	}
	return &transport{target: target, base: base}, nil
}

// maxIdlePerHost is the idle connections to the API kept for reuse.
const maxIdlePerHost = 64

func parseAPIURL(apiURL string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(apiURL))
	if err != nil {
		// url.Parse errors echo the input, which may hold credentials.
		return nil, fmt.Errorf("%w: cannot parse", ErrInvalidAPIURL)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: scheme must be http or https, got %q", ErrInvalidAPIURL, u.Scheme)
	case u.Host == "":
		return nil, fmt.Errorf("%w: missing host", ErrInvalidAPIURL)
	case u.User != nil:
		return nil, fmt.Errorf("%w: credentials in the URL are not supported", ErrInvalidAPIURL)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		// Not echoed: a query often carries a token.
		return nil, fmt.Errorf("%w: query and fragment are not allowed", ErrInvalidAPIURL)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

type transport struct {
	target *url.URL
	base   http.RoundTripper
}

// RoundTrip implements http.RoundTripper. It never modifies req: a rewritten
// request is a clone.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	rest, ok := discordAPIPath(req.URL)
	if !ok {
		return t.base.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme = t.target.Scheme
	u.Host = t.target.Host
	u.Path = t.target.Path + rest
	if req.URL.RawPath != "" || t.target.RawPath != "" {
		u.RawPath = t.target.EscapedPath() + strings.TrimPrefix(req.URL.EscapedPath(), discordAPIPrefix)
	} else {
		u.RawPath = ""
	}
	out.URL = &u
	out.Host = "" // use the target's host in the Host header
	return t.base.RoundTrip(out)
}

// discordAPIPath reports whether u is under https://discord.com/api and
// returns the path after "/api" ("" or starting with "/").
func discordAPIPath(u *url.URL) (string, bool) {
	if u == nil || u.Scheme != "https" || !strings.EqualFold(u.Hostname(), "discord.com") ||
		(u.Port() != "" && u.Port() != "443") {
		return "", false
	}
	if u.Path == discordAPIPrefix {
		return "", true
	}
	if rest, ok := strings.CutPrefix(u.Path, discordAPIPrefix+"/"); ok {
		return "/" + rest, true
	}
	return "", false
}
