package fakeweb

import (
	"embed"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

//go:embed pages/*.html
var pages embed.FS

// Paths served by a Server.
const (
	PathArticle        = "/economie/centres-appels.html" // a French article among navigation, ads and comments
	PathEnglish        = "/business/harbour.html"        // an English article (lang en-GB)
	PathLatin1         = "/agriculture/agrumes.html"     // an article in ISO-8859-1
	PathHostile        = "/hostile.html"                 // markup, mentions, control and bidi characters, front matter injection
	PathNoArticle      = "/accueil.html"                 // navigation only
	PathRedirect       = "/r/article"                    // 302 to PathArticle
	PathRedirectLocal  = "/r/local"                      // 302 to the internal server (another loopback port)
	PathRedirectName   = "/r/localhost"                  // 302 to http://localhost:<internal port>/
	PathRedirectMeta   = "/r/metadata"                   // 302 to http://169.254.169.254/latest/meta-data/
	PathRedirectFTP    = "/r/ftp"                        // 302 to ftp://
	PathRedirectLoop   = "/r/loop"                       // 302 to itself
	PathHuge           = "/huge.html"                    // 50 MB of HTML, no Content-Length
	PathHugeDeclared   = "/huge-declared.html"           // 50 MB of HTML, with Content-Length
	PathSlow           = "/slow.html"                    // headers, then nothing until the client leaves
	PathPDF            = "/rapport.pdf"                  // application/pdf
	PathPlain          = "/notes.txt"                    // text/plain
	PathNotFound       = "/disparu.html"                 // 404
	PathServerError    = "/erreur.html"                  // 500
	PathNoContentType  = "/sans-type"                    // HTML without a Content-Type header
	HugeSize           = 50 << 20
	internalSecretPath = "/secret"
)

// Server is a running fake web site.
type Server struct {
	srv      *httptest.Server
	internal *httptest.Server
	hits     atomic.Int64
	done     chan struct{}
}

// New starts the fake site and the internal server; both stop at test
// cleanup.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{done: make(chan struct{})}
	s.internal = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		s.hits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body><article><p>Secret interne : le mot de passe de la base est hunter2, à ne jamais publier.</p></article></body></html>")
	}))
	mux := http.NewServeMux()
	page := func(file, contentType string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			raw, err := pages.ReadFile("pages/" + file)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			if contentType != "" {
				w.Header().Set("Content-Type", contentType)
			} else {
				w.Header()["Content-Type"] = nil // no sniffing either
			}
			_, _ = w.Write(raw)
		}
	}
	redirect := func(to func() string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to(), http.StatusFound) }
	}
	internalPort := func() string { return strconv.Itoa(int(addrOf(s.internal).Port())) }
	mux.Handle(PathArticle, page("centres-appels.html", "text/html; charset=utf-8"))
	mux.Handle(PathEnglish, page("harbour.html", "application/xhtml+xml"))
	mux.Handle(PathLatin1, page("latin1.html", "text/html; charset=iso-8859-1"))
	mux.Handle(PathHostile, page("hostile.html", "text/html; charset=utf-8"))
	mux.Handle(PathNoArticle, page("nav-only.html", "text/html; charset=utf-8"))
	mux.Handle(PathNoContentType, page("centres-appels.html", ""))
	mux.Handle(PathRedirect, redirect(func() string { return PathArticle }))
	mux.Handle(PathRedirectLocal, redirect(func() string { return s.internal.URL + internalSecretPath }))
	mux.Handle(PathRedirectName, redirect(func() string { return "http://localhost:" + internalPort() + internalSecretPath }))
	mux.Handle(PathRedirectMeta, redirect(func() string { return "http://169.254.169.254/latest/meta-data/" }))
	mux.Handle(PathRedirectFTP, redirect(func() string { return "ftp://example.org/article.html" }))
	mux.Handle(PathRedirectLoop, redirect(func() string { return PathRedirectLoop }))
	mux.HandleFunc(PathHuge, s.huge(false))
	mux.HandleFunc(PathHugeDeclared, s.huge(true))
	mux.HandleFunc(PathSlow, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Lent</title>")
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		select { // until the client gives up (or the test ends)
		case <-r.Context().Done():
		case <-s.done:
		}
	})
	mux.HandleFunc(PathPDF, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = io.WriteString(w, "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	})
	mux.HandleFunc(PathPlain, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = fmt.Fprint(w, "Des notes en texte brut, pas une page web.\n")
	})
	mux.HandleFunc(PathNotFound, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc(PathServerError, func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "erreur interne", http.StatusInternalServerError)
	})
	s.srv = httptest.NewServer(mux)
	tb.Cleanup(func() {
		close(s.done)
		s.srv.Close()
		s.internal.Close()
	})
	return s
}

// huge writes HugeSize bytes of HTML, stopping when the client leaves.
func (s *Server) huge(declare bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if declare {
			w.Header().Set("Content-Length", strconv.Itoa(HugeSize))
		}
		chunk := []byte(strings.Repeat("<p>Encore un paragraphe de remplissage pour grossir la page.</p>\n", 1024))
		for sent := 0; sent < HugeSize; sent += len(chunk) {
			n := min(len(chunk), HugeSize-sent)
			if _, err := w.Write(chunk[:n]); err != nil || r.Context().Err() != nil {
				return
			}
		}
	}
}

// URL is the absolute URL of path on the fake site.
func (s *Server) URL(path string) string { return s.srv.URL + path }

// Addr is the fake site's address, for fetch.PermitAddrs (the internal
// server's is never to be permitted).
func (s *Server) Addr() netip.AddrPort { return addrOf(s.srv) }

// InternalURL is the internal server's URL.
func (s *Server) InternalURL() string { return s.internal.URL + internalSecretPath }

// InternalHits counts the requests the internal server received: a fetch
// that reached it went through the guards.
func (s *Server) InternalHits() int64 { return s.hits.Load() }

func addrOf(srv *httptest.Server) netip.AddrPort {
	ap, err := netip.ParseAddrPort(srv.Listener.Addr().String())
	if err != nil {
		tcp, _ := srv.Listener.Addr().(*net.TCPAddr)
		return tcp.AddrPort()
	}
	return ap
}
