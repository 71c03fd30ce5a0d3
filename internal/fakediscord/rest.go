package fakediscord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Routes the fake implements, as "METHOD /path/template" with the OpenAPI
// spec's parameter names. Request.Route holds one of these, and Fail429 and
// Fail5xx take one.
const (
	RouteGetGateway          = "GET /gateway"
	RouteGetGatewayBot       = "GET /gateway/bot"
	RouteGetCurrentUser      = "GET /users/@me"
	RouteGetChannel          = "GET /channels/{channel_id}"
	RouteGetMessages         = "GET /channels/{channel_id}/messages"
	RouteCreateMessage       = "POST /channels/{channel_id}/messages"
	RouteEditMessage         = "PATCH /channels/{channel_id}/messages/{message_id}"
	RouteTyping              = "POST /channels/{channel_id}/typing"
	RouteInteractionCallback = "POST /interactions/{interaction_id}/{interaction_token}/callback"
	RouteEditOriginal        = "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original"
	RouteCreateFollowup      = "POST /webhooks/{application_id}/{interaction_token}"
	RouteEditFollowup        = "PATCH /webhooks/{application_id}/{interaction_token}/messages/{message_id}"
	RouteBulkGlobalCommands  = "PUT /applications/{application_id}/commands"
	RouteBulkGuildCommands   = "PUT /applications/{application_id}/guilds/{guild_id}/commands"
)

// Discord's maximum message content length for bots (the OpenAPI description
// says 4000, which only applies to some users).
const maxContentLength = 2000

type handlerFunc func(s *Server, c *call) reply

type route struct {
	key     string
	method  string
	segs    []string
	auth    bool // requires the bot's Authorization header
	message bool // the body creates or edits a message
	handle  handlerFunc
}

// routes is the fake's read-only routing table. It is ordered: literal
// segments (@original) come before parameters.
var routes = buildRoutes([]route{
	{key: RouteGetGateway, handle: (*Server).handleGateway},
	{key: RouteGetGatewayBot, auth: true, handle: (*Server).handleGatewayBot},
	{key: RouteGetCurrentUser, auth: true, handle: (*Server).handleCurrentUser},
	{key: RouteGetChannel, auth: true, handle: (*Server).handleGetChannel},
	{key: RouteGetMessages, auth: true, handle: (*Server).handleGetMessages},
	{key: RouteCreateMessage, auth: true, message: true, handle: (*Server).handleCreateMessage},
	{key: RouteEditMessage, auth: true, message: true, handle: (*Server).handleEditMessage},
	{key: RouteTyping, auth: true, handle: (*Server).handleTyping},
	{key: RouteInteractionCallback, message: true, handle: (*Server).handleCallback},
	{key: RouteEditOriginal, message: true, handle: (*Server).handleEditOriginal},
	{key: RouteCreateFollowup, message: true, handle: (*Server).handleCreateFollowup},
	{key: RouteEditFollowup, message: true, handle: (*Server).handleEditFollowup},
	{key: RouteBulkGlobalCommands, auth: true, handle: (*Server).handleBulkCommands},
	{key: RouteBulkGuildCommands, auth: true, handle: (*Server).handleBulkCommands},
})

func buildRoutes(rs []route) []route {
	for i := range rs {
		method, path, _ := strings.Cut(rs[i].key, " ")
		rs[i].method = method
		rs[i].segs = strings.Split(strings.TrimPrefix(path, "/"), "/")
	}
	return rs
}

func knownRoute(key string) bool {
	for _, r := range routes {
		if r.key == key {
			return true
		}
	}
	return false
}

// matchRoute finds the route for method and unescaped path segments.
func matchRoute(method string, segs []string) (*route, map[string]string) {
	for i := range routes {
		r := &routes[i]
		if r.method != method || len(r.segs) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for j, want := range r.segs {
			if strings.HasPrefix(want, "{") {
				params[strings.Trim(want, "{}")] = segs[j]
			} else if want != segs[j] {
				ok = false
				break
			}
		}
		if ok {
			return r, params
		}
	}
	return nil, nil
}

var apiPrefix = regexp.MustCompile(`^/api/v([0-9]+)(/.*)$`)

// call is one REST request being served.
type call struct {
	params map[string]string
	query  url.Values
	body   map[string]any // nil unless the JSON body is an object
	list   []any          // set when the JSON body is an array
}

// reply is a handler's answer; a nil body with 204 means no content.
type reply struct {
	status int
	body   any
}

func replyOK(body any) reply { return reply{status: http.StatusOK, body: body} }
func noContent() reply       { return reply{status: http.StatusNoContent} }
func apiError(status, code int, msg string) reply {
	return reply{status: status, body: map[string]any{"message": msg, "code": code}}
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	rec := Request{
		Method:      r.Method,
		Path:        r.URL.EscapedPath(),
		Query:       r.URL.Query(),
		ContentType: r.Header.Get("Content-Type"),
		RawBody:     raw,
		Time:        time.Now(),
	}
	m := apiPrefix.FindStringSubmatch(rec.Path)
	if m == nil {
		rec.Status = http.StatusNotFound
		s.finish(w, rec, true, nil, apiError(http.StatusNotFound, 0, "404: Not Found"))
		return
	}
	rec.APIVersion, rec.Path = m[1], m[2]

	jsonBody, bodyErr := decodeBody(rec.ContentType, raw)
	rec.Body = jsonBody
	var problems []ValidationError
	addProblem := func(source, msg string) {
		problems = append(problems, ValidationError{Method: rec.Method, Path: rec.Path, Source: source, Message: msg})
	}
	if bodyErr != nil {
		addProblem(SourceLimits, bodyErr.Error())
	}

	var segs []string
	for _, seg := range strings.Split(strings.TrimPrefix(rec.Path, "/"), "/") {
		u, err := url.PathUnescape(seg)
		if err != nil {
			u = seg
		}
		segs = append(segs, u)
	}
	rt, params := matchRoute(r.Method, segs)
	if rt != nil {
		rec.Route, rec.Params = rt.key, params
	}

	if s.spec != nil {
		vbody, vheader := raw, r.Header
		if isMultipart(rec.ContentType) && jsonBody != nil {
			// Validate the JSON part; the spec's multipart schema is not
			// checkable field by field.
			vbody, _ = json.Marshal(jsonBody)
			vheader = r.Header.Clone()
			vheader.Set("Content-Type", "application/json")
		}
		for _, msg := range s.spec.validate(rec.Route, r.Method, rec.Path, r.URL.RawQuery, vheader, vbody) {
			addProblem(SourceOpenAPI, msg)
		}
	}

	var violations []MentionViolation
	if rt != nil && rt.message {
		msg, applies := messageBody(rt.key, jsonBody)
		if applies {
			if reason := checkAllowedMentions(msg); reason != "" {
				violations = append(violations, MentionViolation{Method: rec.Method, Path: rec.Path, Route: rt.key, Reason: reason})
			}
			if c, ok := msg["content"].(string); ok && utf8.RuneCountInString(c) > maxContentLength {
				addProblem(SourceLimits, fmt.Sprintf("content has %d characters, Discord allows bots %d", utf8.RuneCountInString(c), maxContentLength))
			}
		}
	}
	for i := range problems {
		problems[i].Route = rec.Route
	}

	var rep reply
	switch {
	case rt == nil:
		rep = apiError(http.StatusNotFound, 0, "404: Not Found")
	case rt.auth && !s.authorized(r.Header.Get("Authorization")):
		rep = apiError(http.StatusUnauthorized, 0, "401: Unauthorized")
	default:
		f, faulty := s.takeFault(rt.key)
		if faulty && !f.after {
			s.writeFault(w, rt.key, f, &rec)
			s.record(rec, false, problems, violations)
			return
		}
		c := &call{params: params, query: rec.Query}
		switch b := jsonBody.(type) {
		case map[string]any:
			c.body = b
		case []any:
			c.list = b
		}
		rep = rt.handle(s, c)
		if faulty {
			// The request took effect; only its response is lost.
			s.writeFault(w, rt.key, f, &rec)
			s.record(rec, false, problems, violations)
			return
		}
	}
	s.finish(w, rec, rt == nil, problems, rep, violations...)
}

func (s *Server) finish(w http.ResponseWriter, rec Request, unexpected bool, problems []ValidationError, rep reply, violations ...MentionViolation) {
	rec.Status = rep.status
	bucket := "fake-" + strings.ReplaceAll(rec.Route, " ", "")
	h := w.Header()
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "4")
	h.Set("X-RateLimit-Reset", resetAt(time.Second))
	h.Set("X-RateLimit-Reset-After", "1.000")
	h.Set("X-RateLimit-Bucket", bucket)
	writeJSON(w, rep.status, rep.body)
	s.record(rec, unexpected, problems, violations)
}

func (s *Server) record(rec Request, unexpected bool, problems []ValidationError, violations []MentionViolation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
	if unexpected {
		s.unexpected = append(s.unexpected, rec)
	}
	s.validation = append(s.validation, problems...)
	s.mentions = append(s.mentions, violations...)
	s.notifyLocked()
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	if body == nil {
		w.WriteHeader(status)
		return
	}
	b, err := json.Marshal(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func resetAt(after time.Duration) string {
	t := float64(time.Now().Add(after).UnixMilli()) / 1000
	return strconv.FormatFloat(t, 'f', 3, 64)
}

func (s *Server) authorized(header string) bool {
	tok, ok := strings.CutPrefix(header, "Bot ")
	if !ok || tok == "" {
		return false
	}
	return s.cfg.token == "" || tok == s.cfg.token
}

func isMultipart(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "multipart/form-data"
}

// decodeBody decodes a JSON body, or the payload_json part of a multipart
// body. An empty body decodes to nil.
func decodeBody(contentType string, raw []byte) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	mt, params, _ := mime.ParseMediaType(contentType)
	if mt == "multipart/form-data" {
		mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return nil, fmt.Errorf("multipart body without payload_json: %v", err)
			}
			if p.FormName() == "payload_json" {
				raw, err = io.ReadAll(p)
				if err != nil {
					return nil, fmt.Errorf("read payload_json: %v", err)
				}
				break
			}
		}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("body is not valid JSON: %v", err)
	}
	return v, nil
}

// messageBody returns the message object a request body carries and whether
// the allowed_mentions rule applies to it. Interaction callbacks carry the
// message under data, and only types 4 (CHANNEL_MESSAGE_WITH_SOURCE) and 7
// (UPDATE_MESSAGE) carry one.
func messageBody(routeKey string, body any) (map[string]any, bool) {
	m, _ := body.(map[string]any)
	if routeKey != RouteInteractionCallback {
		return m, true
	}
	switch typ, _ := m["type"].(float64); typ {
	case 4, 7:
		data, _ := m["data"].(map[string]any)
		return data, true
	}
	return nil, false
}

// checkAllowedMentions returns why msg breaks the rule "allowed_mentions is
// set with an empty parse list", or "".
func checkAllowedMentions(msg map[string]any) string {
	if msg == nil {
		return "no message body (allowed_mentions missing)"
	}
	am, present := msg["allowed_mentions"]
	if !present || am == nil {
		return "allowed_mentions is missing"
	}
	obj, ok := am.(map[string]any)
	if !ok {
		return fmt.Sprintf("allowed_mentions is %T, want an object", am)
	}
	parse, present := obj["parse"]
	if !present || parse == nil {
		return "allowed_mentions.parse is missing (Discord then parses every mention)"
	}
	list, ok := parse.([]any)
	if !ok {
		return fmt.Sprintf("allowed_mentions.parse is %T, want an empty list", parse)
	}
	if len(list) > 0 {
		return fmt.Sprintf("allowed_mentions.parse is %v, want an empty list", list)
	}
	return ""
}

// fault is one injected failure.
type fault struct {
	status     int
	retryAfter time.Duration
	after      bool // the request is handled first: only the response is lost
}

// Fail429 makes the next n requests on route (a Route* constant) answer 429
// Too Many Requests with retry_after, as Discord does for a per-route (not
// global) limit: JSON body {"message", "retry_after", "global": false} and
// Retry-After, X-RateLimit-* headers. discordgo waits and retries.
func (s *Server) Fail429(route string, n int, retryAfter time.Duration) {
	s.addFaults(route, n, fault{status: http.StatusTooManyRequests, retryAfter: retryAfter})
}

// Fail5xx makes the next n requests on route answer with status (500-599).
// discordgo retries 502 up to Session.MaxRestRetries times and returns other
// statuses as errors.
func (s *Server) Fail5xx(route string, n int, status int) {
	if status < 500 || status > 599 {
		s.tb.Fatalf("fakediscord: Fail5xx status %d is not 5xx", status)
	}
	s.addFaults(route, n, fault{status: status})
}

// FailAfter5xx makes the next n requests on route take effect and then
// answer with status (500-599), as when Discord's edge times out (504) or
// fails (500, 502, 503) after the API did its work: a client that retries
// blindly then posts twice. Discord's answers to the retry tell it: a
// message created with the same nonce and enforce_nonce is returned again,
// and a second interaction callback gets 400 "already acknowledged"
// (code 40060).
func (s *Server) FailAfter5xx(route string, n int, status int) {
	if status < 500 || status > 599 {
		s.tb.Fatalf("fakediscord: FailAfter5xx status %d is not 5xx", status)
	}
	s.addFaults(route, n, fault{status: status, after: true})
}

func (s *Server) addFaults(route string, n int, f fault) {
	if !knownRoute(route) {
		s.tb.Fatalf("fakediscord: unknown route %q (use a Route* constant)", route)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[route] = append(s.faults[route], f)
	}
}

func (s *Server) takeFault(route string) (fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[route]
	if len(q) == 0 {
		return fault{}, false
	}
	s.faults[route] = q[1:]
	return q[0], true
}

func (s *Server) writeFault(w http.ResponseWriter, routeKey string, f fault, rec *Request) {
	rec.Status = f.status
	h := w.Header()
	if f.status != http.StatusTooManyRequests {
		writeJSON(w, f.status, map[string]any{"message": fmt.Sprintf("%d: %s", f.status, http.StatusText(f.status)), "code": 0})
		return
	}
	secs := f.retryAfter.Seconds()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", resetAt(f.retryAfter))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", "fake-"+strings.ReplaceAll(routeKey, " ", ""))
	h.Set("X-RateLimit-Scope", "user")
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message":     "You are being rate limited.",
		"retry_after": math.Round(secs*1000) / 1000,
		"global":      false,
	})
}
