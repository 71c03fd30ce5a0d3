package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Defaults of Options.
const (
	DefaultMaxBytes     = 5 << 20
	DefaultTimeout      = 15 * time.Second
	DefaultMaxRedirects = 5
	// MaxURLLength is the longest URL fetched.
	MaxURLLength = 2048
)

// HTMLTypes are the content types of a web page, the default of
// Options.ContentTypes.
func HTMLTypes() []string { return []string{"text/html", "application/xhtml+xml"} }

// Sentinel errors: every error of Fetch wraps one of them (or the caller's
// context error).
var (
	ErrBadURL           = errors.New("not a usable URL")
	ErrScheme           = errors.New("only http and https URLs are fetched")
	ErrHostNotAllowed   = errors.New("host not in the allow-list")
	ErrBlockedAddress   = errors.New("address refused (loopback, private, link-local, metadata or reserved)")
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrStatus           = errors.New("the server answered with an error status")
	ErrContentType      = errors.New("content type refused")
	ErrTooLarge         = errors.New("too large")
	ErrTimeout          = errors.New("took too long")
	ErrNetwork          = errors.New("cannot reach the server")
)

// StatusError is an HTTP status other than 2xx; it is ErrStatus.
type StatusError struct{ Code int }

func (e *StatusError) Error() string        { return fmt.Sprintf("%s: %d", ErrStatus, e.Code) }
func (e *StatusError) Is(target error) bool { return target == ErrStatus }

// Options bound a Fetcher. The zero value fetches HTML pages of any public
// host with the defaults.
type Options struct {
	// AllowHosts, when not empty, lists the only hosts fetched: a host
	// matches an entry equal to it or of which it is a subdomain
	// ("example.org" allows "www.example.org"). Entries are compared in
	// lower case, as written (use the punycode form of an IDN).
	AllowHosts []string
	// MaxBytes bounds the body (default DefaultMaxBytes).
	MaxBytes int64
	// Timeout bounds the whole fetch, redirects and body included
	// (default DefaultTimeout).
	Timeout time.Duration
	// MaxRedirects bounds the redirects followed (default
	// DefaultMaxRedirects; negative: none).
	MaxRedirects int
	// ContentTypes are the media types accepted (default HTMLTypes).
	ContentTypes []string
	// UserAgent is sent with every request (default "articlebot").
	UserAgent string
}

// Page is what a fetch returns.
type Page struct {
	URL         *url.URL // after redirects
	ContentType string   // the Content-Type header, as sent
	Body        []byte
}

// Hook changes a Fetcher in a way no configuration may (tests).
type Hook func(*hooks)

type hooks struct {
	permit map[netip.AddrPort]bool
	wrap   func(http.RoundTripper) http.RoundTripper
}

// PermitAddrs lets the Fetcher connect to exactly these addresses (IP and
// port), which it would otherwise refuse: a test's httptest server listens
// on loopback. Other ports of the same IP stay refused.
func PermitAddrs(addrs ...netip.AddrPort) Hook {
	return func(h *hooks) {
		for _, a := range addrs {
			h.permit[netip.AddrPortFrom(a.Addr().Unmap(), a.Port())] = true
		}
	}
}

// WrapTransport puts wrap around the guarded transport: a test sends the
// requests for a host to its fake. Hosts, schemes and redirects are checked
// on the URLs as requested; addresses on the connections actually made.
func WrapTransport(wrap func(http.RoundTripper) http.RoundTripper) Hook {
	return func(h *hooks) { h.wrap = wrap }
}

// Fetcher fetches URLs with the guards of the package documentation. It is
// safe for concurrent use.
type Fetcher struct {
	opts   Options
	allow  []string
	permit map[netip.AddrPort]bool
	client *http.Client
}

// New returns a Fetcher bounded by opts.
func New(opts Options, hs ...Hook) *Fetcher {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxRedirects == 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if len(opts.ContentTypes) == 0 {
		opts.ContentTypes = HTMLTypes()
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "articlebot"
	}
	h := hooks{permit: map[netip.AddrPort]bool{}}
	for _, hook := range hs {
		hook(&h)
	}
	f := &Fetcher{opts: opts, permit: h.permit}
	for _, a := range opts.AllowHosts {
		if a = normalizeHost(strings.TrimPrefix(strings.TrimSpace(a), "*.")); a != "" {
			f.allow = append(f.allow, strings.TrimPrefix(a, "."))
		}
	}
	dialer := &net.Dialer{Timeout: opts.Timeout, Control: f.control}
	tr := &http.Transport{
		Proxy:                  nil, // never through a proxy: the address checked is the one connected to
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    opts.Timeout,
		ResponseHeaderTimeout:  opts.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConns:           4,
		IdleConnTimeout:        30 * time.Second,
	}
	var rt http.RoundTripper = tr
	if h.wrap != nil {
		rt = h.wrap(tr)
	}
	f.client = &http.Client{Transport: rt, CheckRedirect: f.checkRedirect}
	return f
}

// MaxBytes is the largest body the Fetcher reads.
func (f *Fetcher) MaxBytes() int64 { return f.opts.MaxBytes }

// Fetch gets rawURL and returns its body, or an error wrapping one of the
// sentinel errors.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (Page, error) {
	u, err := f.checkURL(rawURL)
	if err != nil {
		return Page{}, err
	}
	tctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(tctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Page{}, fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", strings.Join(f.opts.ContentTypes, ", ")+", */*;q=0.1")
	resp, err := f.client.Do(req)
	if err != nil {
		return Page{}, f.failure(ctx, tctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Page{}, &StatusError{Code: resp.StatusCode}
	}
	ct := resp.Header.Get("Content-Type")
	if err := f.checkType(ct); err != nil {
		return Page{}, err
	}
	if resp.ContentLength > f.opts.MaxBytes {
		return Page{}, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, resp.ContentLength, f.opts.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBytes+1))
	if err != nil {
		return Page{}, f.failure(ctx, tctx, err)
	}
	if int64(len(body)) > f.opts.MaxBytes {
		return Page{}, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, f.opts.MaxBytes)
	}
	return Page{URL: resp.Request.URL, ContentType: ct, Body: body}, nil
}

// failure wraps an error of the client: the guards' own errors as they
// are, a deadline as ErrTimeout, anything else as ErrNetwork. The URL an
// *url.Error names is dropped (its query may be signed).
func (f *Fetcher) failure(ctx, tctx context.Context, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	for _, sentinel := range []error{ErrBadURL, ErrScheme, ErrHostNotAllowed, ErrBlockedAddress, ErrTooManyRedirects} {
		if errors.Is(err, sentinel) {
			return err
		}
	}
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case tctx.Err() != nil:
		return fmt.Errorf("%w: more than %s", ErrTimeout, f.opts.Timeout)
	}
	return fmt.Errorf("%w: %w", ErrNetwork, err)
}

// checkURL parses rawURL and checks its scheme, host and, for an IP
// literal, its address.
func (f *Fetcher) checkURL(rawURL string) (*url.URL, error) {
	rawURL = strings.TrimSpace(rawURL)
	if len(rawURL) > MaxURLLength {
		return nil, fmt.Errorf("%w: longer than %d characters", ErrBadURL, MaxURLLength)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w: it does not parse", ErrBadURL) // the parse error repeats the URL
	}
	return u, f.check(u)
}

func (f *Fetcher) check(u *url.URL) error {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%w, got %q", ErrScheme, u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return fmt.Errorf("%w: no host", ErrBadURL)
	case u.User != nil:
		return fmt.Errorf("%w: credentials in the URL", ErrBadURL)
	}
	host := normalizeHost(u.Hostname())
	if !f.allowed(host) {
		return fmt.Errorf("%w: %s", ErrHostNotAllowed, host)
	}
	if a, err := netip.ParseAddr(host); err == nil {
		port := u.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
		}
		p, err := strconv.ParseUint(port, 10, 16)
		if err != nil {
			return fmt.Errorf("%w: port %q", ErrBadURL, port)
		}
		if err := f.checkAddr(netip.AddrPortFrom(a.WithZone(""), uint16(p))); err != nil {
			return err
		}
	}
	return nil
}

func normalizeHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
}

func (f *Fetcher) allowed(host string) bool {
	if len(f.allow) == 0 {
		return true
	}
	return slices.ContainsFunc(f.allow, func(a string) bool { return host == a || strings.HasSuffix(host, "."+a) })
}

// checkRedirect bounds the redirects and checks every new URL as the first.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, max(f.opts.MaxRedirects, 0))
	}
	return f.check(req.URL)
}

// control checks the address of every connection, once resolved, before
// it is made.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	if network != "tcp4" && network != "tcp6" {
		return fmt.Errorf("%w: network %s", ErrBlockedAddress, network)
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrBlockedAddress, address)
	}
	return f.checkAddr(ap)
}

func (f *Fetcher) checkAddr(ap netip.AddrPort) error {
	ap = netip.AddrPortFrom(ap.Addr().Unmap().WithZone(""), ap.Port())
	if f.permit[ap] {
		return nil
	}
	if why, bad := Blocked(ap.Addr()); bad {
		return fmt.Errorf("%w: %s is %s", ErrBlockedAddress, ap.Addr(), why)
	}
	return nil
}

// checkType accepts the configured media types.
func (f *Fetcher) checkType(header string) error {
	mt, _, err := mime.ParseMediaType(header)
	if err != nil || !slices.Contains(f.opts.ContentTypes, strings.ToLower(mt)) {
		shown := header
		if len(shown) > 80 {
			shown = shown[:80]
		}
		return fmt.Errorf("%w: %q, want %s", ErrContentType, shown, strings.Join(f.opts.ContentTypes, " or "))
	}
	return nil
}
