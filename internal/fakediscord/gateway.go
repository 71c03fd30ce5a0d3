package fakediscord

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// maxHistory bounds the dispatches kept per session for RESUME replay.
const maxHistory = 10000

const writeTimeout = 5 * time.Second

// gateway is the websocket side of the fake. Lock order: gateway.mu may be
// held while taking Server.mu, never the reverse.
type gateway struct {
	mu       sync.Mutex // guards the fields below and serializes writes
	conns    map[*gwConn]struct{}
	active   *gwConn    // the connection that last identified or resumed
	current  *gwSession // the session dispatches go to
	sessions map[string]*gwSession
	closed   bool
	wg       sync.WaitGroup // running connection handlers
}

type gwConn struct {
	ws      *websocket.Conn
	session *gwSession
}

type gwSession struct {
	id      string
	seq     int64
	history []seqFrame
	invalid bool
}

type seqFrame struct {
	seq  int64
	data []byte
}

func (g *gateway) init() {
	g.conns = map[*gwConn]struct{}{}
	g.sessions = map[string]*gwSession{}
}

func (g *gateway) shutdown() {
	g.mu.Lock()
	g.closed = true
	for c := range g.conns {
		_ = c.ws.Close()
	}
	g.mu.Unlock()
	g.wg.Wait()
}

// writeLocked sends one text frame; g.mu must be held.
func (g *gateway) writeLocked(c *gwConn, data []byte) error {
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

func (g *gateway) writeJSONLocked(c *gwConn, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return g.writeLocked(c, b)
}

// dispatchLocked sends a dispatch (op 0) on sess with the next sequence
// number, keeping it for RESUME replay; g.mu must be held. A failed write is
// not an error: the client resumes and gets the event replayed.
func (g *gateway) dispatchLocked(sess *gwSession, typ string, data any) error {
	d, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("fakediscord: encode %s: %w", typ, err)
	}
	sess.seq++
	frame, err := json.Marshal(map[string]any{"op": 0, "s": sess.seq, "t": typ, "d": json.RawMessage(d)})
	if err != nil {
		return fmt.Errorf("fakediscord: encode %s: %w", typ, err)
	}
	sess.history = append(sess.history, seqFrame{seq: sess.seq, data: frame})
	if len(sess.history) > maxHistory {
		sess.history = sess.history[len(sess.history)-maxHistory:]
	}
	if c := g.active; c != nil && c.session == sess {
		_ = g.writeLocked(c, frame)
	}
	return nil
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) notify() {
	s.mu.Lock()
	s.notifyLocked()
	s.mu.Unlock()
}

// RefuseGateway makes the next n connections to the gateway fail at the
// websocket handshake with 503 Service Unavailable, as when Discord cannot
// be reached; n < 0 refuses every connection until the next call, and 0
// accepts them again. RefusedGateway counts the connections refused.
func (s *Server) RefuseGateway(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = n
}

// RefusedGateway returns how many gateway connections RefuseGateway made
// fail.
func (s *Server) RefusedGateway() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// refusing reports, counting it, whether this gateway connection is to be
// refused.
func (s *Server) refusing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refuse == 0 {
		return false
	}
	if s.refuse > 0 {
		s.refuse--
	}
	s.refused++
	s.notifyLocked()
	return true
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if s.refusing() {
		http.Error(w, "gateway unavailable", http.StatusServiceUnavailable)
		return
	}
	g := &s.gw
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	g.wg.Add(1)
	g.mu.Unlock()
	defer g.wg.Done()

	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.recordGatewayError("websocket upgrade: %v", err)
		return
	}
	c := &gwConn{ws: ws}
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		_ = ws.Close()
		return
	}
	g.conns[c] = struct{}{}
	hello := map[string]any{"op": 10, "s": nil, "t": nil, "d": map[string]any{"heartbeat_interval": s.cfg.heartbeat.Milliseconds()}}
	err = g.writeJSONLocked(c, hello)
	g.mu.Unlock()
	s.notify()
	defer func() {
		g.mu.Lock()
		delete(g.conns, c)
		if g.active == c {
			g.active = nil
		}
		g.mu.Unlock()
		_ = ws.Close()
		s.notify()
	}()
	if err != nil {
		return
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		s.handleFrame(c, data)
	}
}

func (s *Server) handleFrame(c *gwConn, data []byte) {
	var f struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		s.recordGatewayError("undecodable frame: %v", err)
		return
	}
	switch f.Op {
	case 1: // HEARTBEAT
		s.gw.mu.Lock()
		_ = s.gw.writeJSONLocked(c, map[string]any{"op": 11, "s": nil, "t": nil, "d": nil})
		s.gw.mu.Unlock()
		s.mu.Lock()
		s.heartbeats++
		s.notifyLocked()
		s.mu.Unlock()
	case 2:
		s.identify(c, f.D)
	case 6:
		s.resume(c, f.D)
	case 3, 4, 8: // presence update, voice state update, request guild members: accepted
	default:
		s.recordGatewayError("unexpected opcode %d from client", f.Op)
	}
}

func (s *Server) identify(c *gwConn, d json.RawMessage) {
	var p struct {
		Token          string            `json:"token"`
		Intents        *int              `json:"intents"`
		Shard          *[2]int           `json:"shard"`
		Compress       bool              `json:"compress"`
		LargeThreshold int               `json:"large_threshold"`
		Properties     map[string]string `json:"properties"`
	}
	if err := json.Unmarshal(d, &p); err != nil {
		s.recordGatewayError("undecodable IDENTIFY: %v", err)
		return
	}
	rec := Identify{
		HasIntents:     p.Intents != nil,
		Shard:          p.Shard,
		Compress:       p.Compress,
		LargeThreshold: p.LargeThreshold,
		Properties:     p.Properties,
		Time:           time.Now(),
	}
	if p.Intents != nil {
		rec.Intents = *p.Intents
	}
	token := strings.TrimPrefix(p.Token, "Bot ")
	badToken := token == "" || (s.cfg.token != "" && token != s.cfg.token)
	record := func() {
		s.mu.Lock()
		s.identifies = append(s.identifies, rec)
		if badToken {
			s.gwErrors = append(s.gwErrors, "IDENTIFY with a wrong or empty token: closed with 4004")
		}
		if !rec.HasIntents {
			s.gwErrors = append(s.gwErrors, "IDENTIFY without intents")
		}
		s.notifyLocked()
		s.mu.Unlock()
	}

	g := &s.gw
	if badToken {
		// Record before closing, so the client's failure implies the record.
		record()
		g.mu.Lock()
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."), time.Now().Add(writeTimeout))
		_ = c.ws.Close()
		g.mu.Unlock()
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	sess := &gwSession{id: newSessionID()}
	g.sessions[sess.id] = sess
	g.current = sess
	c.session = sess
	g.active = c
	// Recorded while holding g.mu, after the session is current and before
	// READY is written: a test that sees the IDENTIFY can Dispatch (its
	// event queues behind READY), and a client that got READY finds the
	// IDENTIFY recorded.
	record()
	ready := map[string]any{
		"v":                  10,
		"user":               s.botUserObject(),
		"guilds":             []any{map[string]any{"id": DefaultGuildID, "unavailable": true}},
		"session_id":         sess.id,
		"session_type":       "normal",
		"resume_gateway_url": s.GatewayURL(),
		"application":        map[string]any{"id": s.cfg.appID, "flags": 0},
		"private_channels":   []any{},
		"presences":          []any{},
		"relationships":      []any{},
		"user_settings":      map[string]any{},
		"auth":               map[string]any{},
	}
	if p.Shard != nil {
		ready["shard"] = p.Shard
	}
	_ = g.dispatchLocked(sess, "READY", ready)
}

func (s *Server) botUserObject() map[string]any {
	u := userObject(s.cfg.botUser)
	u["verified"] = true
	u["mfa_enabled"] = false
	u["flags"] = 0
	return u
}

func (s *Server) resume(c *gwConn, d json.RawMessage) {
	var p struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &p); err != nil {
		s.recordGatewayError("undecodable RESUME: %v", err)
		return
	}
	token := strings.TrimPrefix(p.Token, "Bot ")
	g := &s.gw
	g.mu.Lock()
	defer g.mu.Unlock()
	sess, found := g.sessions[p.SessionID]
	accepted := found && !sess.invalid && p.Seq <= sess.seq && token != "" &&
		(s.cfg.token == "" || token == s.cfg.token)
	if accepted {
		c.session = sess
		g.active = c
		g.current = sess
	}
	// Recorded under g.mu before answering, like IDENTIFY.
	s.mu.Lock()
	s.resumes = append(s.resumes, Resume{SessionID: p.SessionID, Seq: p.Seq, Accepted: accepted, Time: time.Now()})
	s.notifyLocked()
	s.mu.Unlock()
	if !accepted {
		_ = g.writeJSONLocked(c, map[string]any{"op": 9, "s": nil, "t": nil, "d": false})
		return
	}
	for _, f := range sess.history {
		if f.seq > p.Seq {
			_ = g.writeLocked(c, f.data)
		}
	}
	_ = g.dispatchLocked(sess, "RESUMED", map[string]any{})
}

func newSessionID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Dispatch sends a dispatch event (op 0) of type typ with payload data (any
// JSON-encodable value) on the current session. When the client is between
// connections the event is kept and replayed on RESUME. It fails with
// ErrNoSession before the first IDENTIFY or after InvalidSession(false)
// until the client identifies again.
func (s *Server) Dispatch(typ string, data any) error {
	g := &s.gw
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.current == nil || g.current.invalid {
		return ErrNoSession
	}
	return g.dispatchLocked(g.current, typ, data)
}

// DropGateway closes the active gateway connection abruptly (no close
// frame), as a network failure would. discordgo then reconnects and RESUMEs.
func (s *Server) DropGateway() error {
	g := &s.gw
	g.mu.Lock()
	c := g.active
	g.active = nil
	g.mu.Unlock()
	if c == nil {
		return ErrNoConnection
	}
	_ = c.ws.Close()
	s.notify()
	return nil
}

// Reconnect sends op 7 RECONNECT on the active connection; discordgo closes
// it, reconnects and RESUMEs.
func (s *Server) Reconnect() error {
	return s.sendOp(map[string]any{"op": 7, "s": nil, "t": nil, "d": nil}, false)
}

// InvalidSession sends op 9 INVALID_SESSION with d = resumable on the active
// connection. When resumable is false the session is discarded, so a later
// RESUME fails. discordgo answers any op 9 with a new IDENTIFY.
func (s *Server) InvalidSession(resumable bool) error {
	return s.sendOp(map[string]any{"op": 9, "s": nil, "t": nil, "d": resumable}, !resumable)
}

func (s *Server) sendOp(frame map[string]any, invalidate bool) error {
	g := &s.gw
	g.mu.Lock()
	defer g.mu.Unlock()
	c := g.active
	if c == nil {
		return ErrNoConnection
	}
	if invalidate && c.session != nil {
		c.session.invalid = true
	}
	if err := g.writeJSONLocked(c, frame); err != nil {
		return fmt.Errorf("fakediscord: send op %v: %w", frame["op"], err)
	}
	return nil
}
