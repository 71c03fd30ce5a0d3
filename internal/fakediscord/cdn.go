package fakediscord

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Discord's CDN, as attachment URLs name it. CDNTransport sends the
// requests for these hosts to the fake.
const (
	CDNHost   = "cdn.discordapp.com"
	MediaHost = "media.discordapp.net"
	// RouteCDNAttachment is the Request.Route of a download of an
	// attachment (not part of the REST API: never validated against the
	// spec).
	RouteCDNAttachment = "GET /attachments/{channel_id}/{attachment_id}/{filename}"
)

// cdnFile is an attachment the fake serves.
type cdnFile struct {
	contentType string
	content     []byte
	signature   string // the hm query parameter the URL must carry
}

// serveAttachment stores a for download and returns its attachment
// object.
func (s *Server) serveAttachment(channelID string, a Attachment) map[string]any {
	ct := a.ContentType
	if ct == "" {
		switch strings.ToLower(path.Ext(a.Filename)) {
		case ".md":
			ct = "text/markdown; charset=utf-8"
		case ".txt":
			ct = "text/plain; charset=utf-8"
		}
	}
	size := a.Size
	if size == 0 {
		size = len(a.Content)
	}
	p := "/attachments/" + channelID + "/" + a.ID + "/" + url.PathEscape(a.Filename)
	expires := fmt.Sprintf("%x", time.Now().Add(24*time.Hour).Unix())
	sum := sha256.Sum256([]byte(p + expires))
	sig := hex.EncodeToString(sum[:])
	query := "?ex=" + expires + "&is=" + fmt.Sprintf("%x", time.Now().Unix()) + "&hm=" + sig + "&"
	s.mu.Lock()
	if s.cdn == nil {
		s.cdn = map[string]cdnFile{}
	}
	s.cdn[p] = cdnFile{contentType: ct, content: a.Content, signature: sig}
	s.mu.Unlock()
	o := map[string]any{
		"id":        a.ID,
		"filename":  a.Filename,
		"size":      size,
		"url":       "https://" + CDNHost + p + query,
		"proxy_url": "https://" + MediaHost + p + query,
	}
	if ct != "" {
		o["content_type"] = ct
	}
	return o
}

// attachmentValues gives attachment options without a value the ids of
// the attachments, in order.
func attachmentValues(opts []CommandOption, atts []Attachment) []CommandOption {
	out := append([]CommandOption(nil), opts...)
	next := 0
	for k := range out {
		if out[k].Type == discordgo.ApplicationCommandOptionAttachment && out[k].Value == nil && next < len(atts) {
			out[k].Value = atts[next].ID
			next++
		}
	}
	return out
}

// serveCDN serves an attachment's content to a request with its signed
// URL, and records the request.
func (s *Server) serveCDN(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
	rec := Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Time: time.Now()}
	segs := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	s.mu.Lock()
	f, ok := s.cdn[r.URL.EscapedPath()]
	s.mu.Unlock()
	switch {
	case r.Method != http.MethodGet || len(segs) != 4:
		rec.Status = http.StatusNotFound
	case !ok || r.URL.Query().Get("hm") != f.signature:
		rec.Route = RouteCDNAttachment
		rec.Status = http.StatusNotFound // Discord: "This content is no longer available."
	default:
		rec.Route = RouteCDNAttachment
		rec.Params = map[string]string{"channel_id": segs[1], "attachment_id": segs[2], "filename": segs[3]}
		rec.Status = http.StatusOK
	}
	if rec.Status == http.StatusOK {
		if f.contentType != "" {
			w.Header().Set("Content-Type", f.contentType)
		} else {
			w.Header()["Content-Type"] = nil
		}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(f.content)
	} else {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(rec.Status)
		_, _ = io.WriteString(w, "This content is no longer available.")
	}
	s.record(rec, rec.Route == "", nil, nil)
}

// CDNTransport returns a RoundTripper that sends the requests for
// https://cdn.discordapp.com and https://media.discordapp.net to the fake,
// and the others to base (http.DefaultTransport when nil): a bot's
// attachment downloads reach the files given in InteractionSpec.Attachments.
func (s *Server) CDNTransport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	target, _ := url.Parse(s.srv.URL)
	return cdnTransport{target: target, base: base}
}

type cdnTransport struct {
	target *url.URL
	base   http.RoundTripper
}

func (t cdnTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	h := strings.ToLower(req.URL.Hostname())
	if req.URL.Scheme != "https" || (h != CDNHost && h != MediaHost) {
		return t.base.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme, u.Host = t.target.Scheme, t.target.Host
	out.URL, out.Host = &u, ""
	return t.base.RoundTrip(out)
}

// Addr is the address the fake listens on (for a client that refuses
// loopback addresses unless told: see fetch.PermitAddrs).
func (s *Server) Addr() netip.AddrPort {
	ap, _ := netip.ParseAddrPort(s.srv.Listener.Addr().String())
	return ap
}
