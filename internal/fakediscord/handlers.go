package fakediscord

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// channel is a channel the fake knows (defaults plus those used by
// SendMessage and SendInteraction).
type channel struct {
	id        string
	guildID   string // "" for a DM
	recipient User   // DM only
}

// interaction is the server-side state of one interaction token.
type interaction struct {
	id             string
	channelID      string
	acked          bool
	callback       int             // callback type of the initial response
	originalID     string          // @original message, once there is one
	componentMsgID string          // for component interactions: the message clicked
	messages       map[string]bool // ids of @original and followups
	user           map[string]any  // who used it
	owners         map[string]any  // authorizing_integration_owners
}

// metadata is the interaction_metadata of the interaction's response and
// follow-up messages (followup: the id of the original response).
func (in *interaction) metadata(followup bool) map[string]any {
	m := map[string]any{"id": in.id, "type": 2, "user": in.user, "authorizing_integration_owners": in.owners}
	if followup && in.originalID != "" {
		m["original_response_message_id"] = in.originalID
	}
	return m
}

// sentNonce is a message the bot created with enforce_nonce.
type sentNonce struct {
	id string
	at time.Time
}

// nonceWindow is how long Discord remembers an enforced nonce ("the past
// few minutes").
const nonceWindow = 3 * time.Minute

const (
	codeUnknownChannel     = 10003
	codeUnknownMessage     = 10008
	codeUnknownWebhook     = 10015
	codeUnknownInteraction = 10062
	codeAlreadyAcked       = 40060
)

func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000+00:00") }

func (s *Server) handleGateway(_ *call) reply {
	return replyOK(map[string]any{"url": s.GatewayURL()})
}

func (s *Server) handleGatewayBot(_ *call) reply {
	return replyOK(map[string]any{
		"url":    s.GatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": 1,
		},
	})
}

func (s *Server) handleCurrentUser(_ *call) reply {
	return replyOK(s.botUserObject())
}

func (s *Server) handleGetChannel(c *call) reply {
	s.mu.Lock()
	ch, found := s.channels[c.params["channel_id"]]
	s.mu.Unlock()
	if !found {
		return apiError(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
	}
	return replyOK(channelObject(ch))
}

func channelObject(ch channel) map[string]any {
	if ch.guildID == "" {
		return map[string]any{
			"id": ch.id, "type": 1, "last_message_id": nil, "flags": 0,
			"recipients": []any{userObject(ch.recipient)},
		}
	}
	return map[string]any{
		"id": ch.id, "type": 0, "guild_id": ch.guildID, "name": "general", "position": 0,
		"permission_overwrites": []any{}, "nsfw": false, "parent_id": nil, "topic": nil,
		"last_message_id": nil, "rate_limit_per_user": 0, "flags": 0,
	}
}

func (s *Server) handleTyping(c *call) reply {
	s.mu.Lock()
	_, found := s.channels[c.params["channel_id"]]
	s.mu.Unlock()
	if !found {
		return apiError(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
	}
	return noContent()
}

// handleCreateMessage creates a message. Like Discord, with a nonce and
// enforce_nonce it returns the message the bot already created with that
// nonce in the past few minutes instead of creating another.
func (s *Server) handleCreateMessage(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, found := s.channels[c.params["channel_id"]]; !found {
		return apiError(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
	}
	nonce, hasNonce := nonceKey(c.body["nonce"])
	enforce, _ := c.body["enforce_nonce"].(bool)
	now := time.Now()
	if hasNonce && enforce {
		if prev, ok := s.nonces[nonce]; ok && now.Sub(prev.at) < nonceWindow {
			if msg, ok := s.messages[prev.id]; ok {
				return replyOK(maps.Clone(msg))
			}
		}
	}
	msg := s.createMessageLocked(c.params["channel_id"], c.body, "", nil)
	if hasNonce {
		msg["nonce"] = c.body["nonce"]
		if enforce {
			s.rememberNonceLocked(nonce, stringOf(msg["id"]), now)
		}
	}
	return replyOK(maps.Clone(msg))
}

// nonceKey is the nonce of a create-message body (a string or an integer).
func nonceKey(v any) (string, bool) {
	switch n := v.(type) {
	case string:
		return n, n != ""
	case float64:
		return strconv.FormatFloat(n, 'f', -1, 64), true
	}
	return "", false
}

func (s *Server) rememberNonceLocked(nonce, id string, now time.Time) {
	if len(s.nonces) >= 10000 {
		for k, v := range s.nonces {
			if now.Sub(v.at) >= nonceWindow {
				delete(s.nonces, k)
			}
		}
	}
	s.nonces[nonce] = sentNonce{id: id, at: now}
}

// handleGetMessages lists the messages of a channel, newest first, as
// Discord does: at most limit (default 50, 1 to 100), only those after or
// before a message id when asked. Ephemeral messages are not listed.
func (s *Server) handleGetMessages(c *call) reply {
	limit := 50
	if l := c.query.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 100 {
			return apiError(http.StatusBadRequest, 50035, fmt.Sprintf("Invalid Form Body (limit %q)", l))
		}
		limit = n
	}
	after, before := c.query.Get("after"), c.query.Get("before")
	s.mu.Lock()
	defer s.mu.Unlock()
	channelID := c.params["channel_id"]
	if _, found := s.channels[channelID]; !found {
		return apiError(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
	}
	var ids []string
	for id, m := range s.messages {
		if m["channel_id"] != channelID || flagsOf(m)&64 != 0 ||
			(after != "" && !snowflakeLess(after, id)) || (before != "" && !snowflakeLess(id, before)) {
			continue
		}
		ids = append(ids, id)
	}
	slices.SortFunc(ids, compareSnowflakes)
	if after != "" {
		ids = ids[:min(len(ids), limit)] // the oldest after it
	} else {
		ids = ids[max(0, len(ids)-limit):] // the newest
	}
	out := make([]any, 0, len(ids))
	for i := len(ids) - 1; i >= 0; i-- {
		out = append(out, maps.Clone(s.messages[ids[i]]))
	}
	return replyOK(out)
}

// snowflakeLess orders snowflakes (decimal strings without leading zeros).
// compareSnowflakes orders ids by creation time, for slices.SortFunc.
func compareSnowflakes(a, b string) int {
	switch {
	case snowflakeLess(a, b):
		return -1
	case snowflakeLess(b, a):
		return 1
	}
	return 0
}

func snowflakeLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func flagsOf(m map[string]any) int {
	switch f := m["flags"].(type) {
	case int:
		return f
	case float64:
		return int(f)
	}
	return 0
}

func (s *Server) handleEditMessage(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg, found := s.messages[c.params["message_id"]]
	if !found || msg["channel_id"] != c.params["channel_id"] {
		return apiError(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
	}
	if author, _ := msg["author"].(map[string]any); author["id"] != s.cfg.botUser.ID {
		return apiError(http.StatusForbidden, 50005, "Cannot edit a message authored by another user")
	}
	return replyOK(editMessage(msg, c.body))
}

// createMessageLocked stores and returns a message the bot sent to
// channelID with the given request body. webhookID is set for interaction
// responses and followups, with their interaction_metadata.
func (s *Server) createMessageLocked(channelID string, body map[string]any, webhookID string, meta map[string]any) map[string]any {
	id := s.newIDLocked()
	msg := map[string]any{
		"id":               id,
		"type":             0,
		"channel_id":       channelID,
		"author":           userObject(s.cfg.botUser),
		"content":          "",
		"mentions":         []any{},
		"mention_roles":    []any{},
		"mention_everyone": false,
		"attachments":      []any{},
		"embeds":           []any{},
		"components":       []any{},
		"pinned":           false,
		"tts":              false,
		"flags":            0,
		"timestamp":        timestamp(time.Now()),
		"edited_timestamp": nil,
	}
	if webhookID != "" {
		msg["webhook_id"] = webhookID
		msg["application_id"] = s.cfg.appID
	}
	if meta != nil {
		msg["interaction_metadata"] = meta
	}
	applyMessageFields(msg, body)
	if ref, ok := body["message_reference"].(map[string]any); ok {
		msg["type"] = 19
		r := map[string]any{"type": 0, "channel_id": channelID, "message_id": ref["message_id"]}
		if ch, ok := s.channels[channelID]; ok && ch.guildID != "" {
			r["guild_id"] = ch.guildID
		}
		msg["message_reference"] = r
		if refMsg, ok := s.messages[stringOf(ref["message_id"])]; ok {
			msg["referenced_message"] = maps.Clone(refMsg)
		}
	}
	if tts, ok := body["tts"].(bool); ok {
		msg["tts"] = tts
	}
	s.messages[id] = msg
	return msg
}

// applyMessageFields copies the message fields of a create/edit body.
func applyMessageFields(msg, body map[string]any) {
	if c, ok := body["content"].(string); ok {
		msg["content"] = c
	}
	if embeds, ok := body["embeds"].([]any); ok {
		out := make([]any, 0, len(embeds))
		for _, e := range embeds {
			if em, ok := e.(map[string]any); ok {
				cp := map[string]any{"type": "rich"}
				for k, v := range em {
					cp[k] = v
				}
				out = append(out, cp)
			}
		}
		msg["embeds"] = out
	}
	if comps, ok := body["components"].([]any); ok {
		msg["components"] = comps
	}
	if flags, ok := body["flags"].(float64); ok {
		msg["flags"] = int(flags)
	}
}

// editMessage applies an edit body to a stored message and returns a copy
// safe to encode outside the lock.
func editMessage(msg, body map[string]any) map[string]any {
	applyMessageFields(msg, body)
	msg["edited_timestamp"] = timestamp(time.Now())
	return maps.Clone(msg)
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

// interactionForLocked returns the interaction for token, checking the
// application id of webhook routes.
func (s *Server) interactionForLocked(c *call) (*interaction, *reply) {
	in, found := s.interactions[c.params["interaction_token"]]
	if !found || c.params["application_id"] != s.cfg.appID {
		r := apiError(http.StatusNotFound, codeUnknownWebhook, "Unknown Webhook")
		return nil, &r
	}
	return in, nil
}

func (s *Server) handleCallback(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, found := s.interactions[c.params["interaction_token"]]
	if !found || in.id != c.params["interaction_id"] {
		return apiError(http.StatusNotFound, codeUnknownInteraction, "Unknown interaction")
	}
	if in.acked {
		return apiError(http.StatusBadRequest, codeAlreadyAcked, "Interaction has already been acknowledged.")
	}
	typ, _ := c.body["type"].(float64)
	data, _ := c.body["data"].(map[string]any)
	in.acked = true
	in.callback = int(typ)
	switch in.callback {
	case 4: // CHANNEL_MESSAGE_WITH_SOURCE
		m := s.createMessageLocked(in.channelID, data, s.cfg.appID, in.metadata(false))
		in.originalID = stringOf(m["id"])
		in.messages[in.originalID] = true
	case 5: // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: a "thinking..." message
		flags := 128
		if f, ok := data["flags"].(float64); ok {
			flags |= int(f)
		}
		m := s.createMessageLocked(in.channelID, map[string]any{"flags": float64(flags)}, s.cfg.appID, in.metadata(false))
		in.originalID = stringOf(m["id"])
		in.messages[in.originalID] = true
	case 6, 7: // DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE: the component's message
		if msg, ok := s.messages[in.componentMsgID]; ok {
			in.originalID = in.componentMsgID
			in.messages[in.originalID] = true
			if in.callback == 7 {
				editMessage(msg, data)
			}
		}
	}
	return noContent()
}

func (s *Server) handleEditOriginal(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, errRep := s.interactionForLocked(c)
	if errRep != nil {
		return *errRep
	}
	msg, found := s.messages[in.originalID]
	if in.originalID == "" || !found {
		return apiError(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
	}
	if f, ok := msg["flags"].(int); ok && f&128 != 0 {
		msg["flags"] = f &^ 128 // no longer loading
	}
	return replyOK(editMessage(msg, c.body))
}

func (s *Server) handleCreateFollowup(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, errRep := s.interactionForLocked(c)
	if errRep != nil {
		return *errRep
	}
	m := s.createMessageLocked(in.channelID, c.body, s.cfg.appID, in.metadata(true))
	in.messages[stringOf(m["id"])] = true
	if c.query.Get("wait") != "true" {
		return noContent()
	}
	return replyOK(maps.Clone(m))
}

func (s *Server) handleEditFollowup(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, errRep := s.interactionForLocked(c)
	if errRep != nil {
		return *errRep
	}
	id := c.params["message_id"]
	msg, found := s.messages[id]
	if !found || !in.messages[id] {
		return apiError(http.StatusNotFound, codeUnknownMessage, "Unknown Message")
	}
	return replyOK(editMessage(msg, c.body))
}

func (s *Server) handleBulkCommands(c *call) reply {
	if c.params["application_id"] != s.cfg.appID {
		return apiError(http.StatusForbidden, 50001, "Missing Access")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]any, 0, len(c.list))
	for _, item := range c.list {
		cmd, ok := item.(map[string]any)
		if !ok {
			continue
		}
		echo := map[string]any{
			"id":                         s.newIDLocked(),
			"application_id":             s.cfg.appID,
			"version":                    s.newIDLocked(),
			"type":                       1,
			"default_member_permissions": nil,
			"nsfw":                       false,
			"contexts":                   nil,
			"integration_types":          []any{0},
		}
		if gid := c.params["guild_id"]; gid != "" {
			echo["guild_id"] = gid
		}
		for k, v := range cmd {
			echo[k] = v
		}
		out = append(out, echo)
	}
	return replyOK(out)
}
