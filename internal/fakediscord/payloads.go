package fakediscord

import (
	"fmt"
	"maps"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// userObject renders u as Discord's user object.
func userObject(u User) map[string]any {
	o := map[string]any{
		"id":                     u.ID,
		"username":               u.Username,
		"global_name":            nil,
		"discriminator":          "0",
		"avatar":                 nil,
		"public_flags":           0,
		"avatar_decoration_data": nil,
	}
	if u.Bot {
		o["bot"] = true
	}
	return o
}

// memberObject renders a guild member; withUser adds the user (interactions)
// and permissions is set when >= 0 (interactions).
func memberObject(u User, roles []string, withUser bool, permissions int64) map[string]any {
	if roles == nil {
		roles = []string{}
	}
	o := map[string]any{
		"roles":                        roles,
		"joined_at":                    "2024-01-15T10:00:00.000000+00:00",
		"premium_since":                nil,
		"deaf":                         false,
		"mute":                         false,
		"flags":                        0,
		"pending":                      false,
		"nick":                         nil,
		"avatar":                       nil,
		"banner":                       nil,
		"communication_disabled_until": nil,
	}
	if withUser {
		o["user"] = userObject(u)
	}
	if permissions >= 0 {
		o["permissions"] = strconv.FormatInt(permissions, 10)
	}
	return o
}

// MessageSpec describes a MESSAGE_CREATE dispatch. Zero fields get defaults.
type MessageSpec struct {
	ID        string // default: a fresh snowflake
	DM        bool   // a direct message: ChannelID defaults to DefaultDMChannelID, no guild
	ChannelID string // default: DefaultChannelID, or DefaultDMChannelID when DM
	GuildID   string // default: DefaultGuildID (ignored when DM)
	Author    User   // default: DefaultUser(); set Bot for messages from bots
	Content   string
	// Mentions lists mentioned users; Content should contain <@id> for each,
	// as Discord derives mentions from content.
	Mentions        []User
	MentionRoles    []string
	MentionEveryone bool
	// AuthorRoles are the author's role ids in the guild (member.roles).
	AuthorRoles []string
	// ReplyTo makes this a reply (type 19) to that message: it fills
	// message_reference and referenced_message. Only ID, Author, Content,
	// ChannelID/DM/GuildID of ReplyTo are used.
	ReplyTo *MessageSpec
	// WebhookID marks the message as sent by a webhook.
	WebhookID string
	Time      time.Time // default: now
}

func (m *MessageSpec) fill(s *Server) {
	if m.ID == "" {
		m.ID = s.newID()
	}
	if m.ChannelID == "" {
		m.ChannelID = DefaultChannelID
		if m.DM {
			m.ChannelID = DefaultDMChannelID
		}
	}
	if m.DM {
		m.GuildID = ""
	} else if m.GuildID == "" {
		m.GuildID = DefaultGuildID
	}
	if m.Author.ID == "" {
		m.Author = DefaultUser()
	}
	if m.Time.IsZero() {
		m.Time = time.Now()
	}
	if m.ReplyTo != nil {
		ref := *m.ReplyTo
		ref.ReplyTo = nil
		ref.DM, ref.ChannelID, ref.GuildID = m.DM, m.ChannelID, m.GuildID
		if ref.Time.IsZero() {
			ref.Time = m.Time.Add(-time.Minute)
		}
		ref.fill(s)
		m.ReplyTo = &ref
	}
}

// storedObject renders the spec as a message object as REST returns it and
// as it appears nested (referenced_message, interaction message).
func (m *MessageSpec) storedObject() map[string]any {
	o := m.object(nil)
	delete(o, "member")
	delete(o, "guild_id")
	delete(o, "nonce")
	if m.ReplyTo != nil {
		o["referenced_message"] = nil
	}
	return o
}

// object renders the spec as Discord's message object with gateway extras
// (guild_id, member, mentions[].member). replied is the referenced_message
// of a reply.
func (m *MessageSpec) object(replied map[string]any) map[string]any {
	mentions := make([]any, 0, len(m.Mentions))
	for _, u := range m.Mentions {
		uo := userObject(u)
		if m.GuildID != "" {
			uo["member"] = memberObject(u, nil, false, -1)
		}
		mentions = append(mentions, uo)
	}
	roles := m.MentionRoles
	if roles == nil {
		roles = []string{}
	}
	o := map[string]any{
		"id":               m.ID,
		"type":             0,
		"channel_id":       m.ChannelID,
		"author":           userObject(m.Author),
		"content":          m.Content,
		"timestamp":        timestamp(m.Time),
		"edited_timestamp": nil,
		"tts":              false,
		"mention_everyone": m.MentionEveryone,
		"mentions":         mentions,
		"mention_roles":    roles,
		"attachments":      []any{},
		"embeds":           []any{},
		"components":       []any{},
		"pinned":           false,
		"flags":            0,
		"nonce":            m.ID,
	}
	if m.GuildID != "" {
		o["guild_id"] = m.GuildID
		if m.WebhookID == "" {
			o["member"] = memberObject(m.Author, m.AuthorRoles, false, -1)
		}
	}
	if m.WebhookID != "" {
		o["webhook_id"] = m.WebhookID
	}
	if m.ReplyTo != nil {
		o["type"] = 19
		r := map[string]any{"type": 0, "message_id": m.ReplyTo.ID, "channel_id": m.ChannelID}
		if m.GuildID != "" {
			r["guild_id"] = m.GuildID
		}
		o["message_reference"] = r
		o["referenced_message"] = replied
	}
	return o
}

// SendMessage dispatches MESSAGE_CREATE for spec and returns the message id.
// The channel becomes known to the fake (GET /channels, replies) and the
// message is stored so replies and edits can refer to it.
func (s *Server) SendMessage(spec MessageSpec) (string, error) {
	spec.fill(s)
	s.mu.Lock()
	var replied map[string]any
	if spec.ReplyTo != nil {
		// Prefer the real message (e.g. one the bot sent) when the fake has it.
		if known, ok := s.messages[spec.ReplyTo.ID]; ok {
			replied = maps.Clone(known)
		} else {
			replied = spec.ReplyTo.storedObject()
		}
	}
	obj := spec.object(replied)
	s.rememberChannelLocked(spec.ChannelID, spec.GuildID, spec.Author)
	stored := maps.Clone(obj)
	delete(stored, "member")
	delete(stored, "guild_id")
	delete(stored, "nonce")
	s.messages[spec.ID] = stored
	s.mu.Unlock()
	if err := s.Dispatch("MESSAGE_CREATE", obj); err != nil {
		return "", err
	}
	return spec.ID, nil
}

func (s *Server) rememberChannelLocked(id, guildID string, dmUser User) {
	if _, ok := s.channels[id]; ok {
		return
	}
	s.channels[id] = channel{id: id, guildID: guildID, recipient: dmUser}
}

// CommandOption is one option of an application command interaction.
type CommandOption struct {
	Name    string
	Type    discordgo.ApplicationCommandOptionType
	Value   any  // string, float64/int, bool; omit for subcommands
	Focused bool // autocomplete: the option being typed
	Options []CommandOption
}

func (o CommandOption) object() map[string]any {
	obj := map[string]any{"name": o.Name, "type": int(o.Type)}
	if o.Value != nil {
		obj["value"] = o.Value
	}
	if o.Focused {
		obj["focused"] = true
	}
	if len(o.Options) > 0 {
		obj["options"] = optionObjects(o.Options)
	}
	return obj
}

func optionObjects(opts []CommandOption) []any {
	out := make([]any, 0, len(opts))
	for _, o := range opts {
		out = append(out, o.object())
	}
	return out
}

// InteractionSpec describes an INTERACTION_CREATE dispatch. Zero fields get
// defaults.
type InteractionSpec struct {
	// Type defaults to discordgo.InteractionApplicationCommand (2); also
	// InteractionApplicationCommandAutocomplete (4) and
	// InteractionMessageComponent (3).
	Type  discordgo.InteractionType
	ID    string // default: a fresh snowflake
	Token string // default: derived from ID

	// Application command and autocomplete.
	CommandName string // e.g. "ask"; any name, including unknown ones
	CommandID   string // default: a fresh snowflake
	Options     []CommandOption

	// Message component.
	CustomID      string
	ComponentType discordgo.ComponentType // default: discordgo.ButtonComponent
	Values        []string                // select menu values
	// Message is the message holding the component; default: a bot message
	// in the channel. It is stored so UPDATE_MESSAGE callbacks edit it.
	Message *MessageSpec

	DM        bool
	ChannelID string // default: DefaultChannelID, or DefaultDMChannelID when DM
	GuildID   string // default: DefaultGuildID (ignored when DM)
	User      User   // default: DefaultUser()
	Roles     []string
	// Permissions is member.permissions (guild only); default 0.
	Permissions int64
	Locale      string // default "fr"

	// Attachments are files given to attachment options: they go in
	// data.resolved.attachments, and the fake serves their content at
	// their CDN URL (see CDNTransport). An attachment option (type 11)
	// without a Value takes the id of the next attachment.
	Attachments []Attachment
}

// Attachment is a file attached to a command, as Discord's CDN serves it.
type Attachment struct {
	ID          string // default: a fresh snowflake
	Filename    string
	ContentType string // default: from the extension (.md, .txt), else none
	Content     []byte
	// Size is the size announced in the payload; default len(Content).
	Size int
}

// SentInteraction identifies a dispatched interaction; its ID and Token
// appear in the bot's callback and webhook requests.
type SentInteraction struct {
	ID    string
	Token string
}

// SendInteraction dispatches INTERACTION_CREATE for spec. The fake then
// accepts exactly one callback for it and webhook calls with its token.
func (s *Server) SendInteraction(spec InteractionSpec) (SentInteraction, error) {
	if spec.Type == 0 {
		spec.Type = discordgo.InteractionApplicationCommand
	}
	if spec.ID == "" {
		spec.ID = s.newID()
	}
	if spec.Token == "" {
		spec.Token = "aW50ZXJhY3Rpb246" + spec.ID + "OmZha2U"
	}
	if spec.ChannelID == "" {
		spec.ChannelID = DefaultChannelID
		if spec.DM {
			spec.ChannelID = DefaultDMChannelID
		}
	}
	if spec.DM {
		spec.GuildID = ""
	} else if spec.GuildID == "" {
		spec.GuildID = DefaultGuildID
	}
	if spec.User.ID == "" {
		spec.User = DefaultUser()
	}
	if spec.Locale == "" {
		spec.Locale = "fr"
	}

	obj := map[string]any{
		"id":                    spec.ID,
		"application_id":        s.cfg.appID,
		"type":                  int(spec.Type),
		"token":                 spec.Token,
		"version":               1,
		"channel_id":            spec.ChannelID,
		"locale":                spec.Locale,
		"app_permissions":       "2248473465835073",
		"entitlements":          []any{},
		"attachment_size_limit": 10485760,
	}
	if spec.GuildID != "" {
		obj["guild_id"] = spec.GuildID
		obj["guild_locale"] = "fr"
		obj["guild"] = map[string]any{"id": spec.GuildID, "locale": "fr", "features": []any{}}
		obj["member"] = memberObject(spec.User, spec.Roles, true, spec.Permissions)
		obj["channel"] = channelObject(channel{id: spec.ChannelID, guildID: spec.GuildID})
		obj["context"] = 0
		obj["authorizing_integration_owners"] = map[string]any{"0": spec.GuildID}
	} else {
		obj["user"] = userObject(spec.User)
		obj["channel"] = channelObject(channel{id: spec.ChannelID, recipient: spec.User})
		obj["context"] = 1
		obj["authorizing_integration_owners"] = map[string]any{"0": "0"}
	}

	var componentMsg map[string]any
	switch spec.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		if spec.CommandID == "" {
			spec.CommandID = s.newID()
		}
		data := map[string]any{"id": spec.CommandID, "name": spec.CommandName, "type": 1}
		if len(spec.Attachments) > 0 {
			resolved := map[string]any{}
			for k := range spec.Attachments {
				a := &spec.Attachments[k]
				if a.ID == "" {
					a.ID = s.newID()
				}
				resolved[a.ID] = s.serveAttachment(spec.ChannelID, *a)
			}
			data["resolved"] = map[string]any{"attachments": resolved}
			spec.Options = attachmentValues(spec.Options, spec.Attachments)
		}
		if len(spec.Options) > 0 {
			data["options"] = optionObjects(spec.Options)
		}
		if spec.GuildID != "" {
			data["guild_id"] = spec.GuildID
		}
		obj["data"] = data
	case discordgo.InteractionMessageComponent:
		ct := spec.ComponentType
		if ct == 0 {
			ct = discordgo.ButtonComponent
		}
		data := map[string]any{"custom_id": spec.CustomID, "component_type": int(ct)}
		if spec.Values != nil {
			data["values"] = spec.Values
		}
		obj["data"] = data
		m := MessageSpec{Author: s.cfg.botUser, Content: "…"}
		if spec.Message != nil {
			m = *spec.Message
		}
		if m.ChannelID == "" {
			m.ChannelID, m.DM, m.GuildID = spec.ChannelID, spec.DM, spec.GuildID
		}
		m.fill(s)
		s.mu.Lock()
		known, isKnown := s.messages[m.ID]
		s.mu.Unlock()
		if isKnown {
			componentMsg = maps.Clone(known) // e.g. a message the bot sent
		} else {
			componentMsg = m.storedObject()
		}
		obj["message"] = componentMsg
	default:
		return SentInteraction{}, fmt.Errorf("fakediscord: unsupported interaction type %d", spec.Type)
	}

	s.mu.Lock()
	s.rememberChannelLocked(spec.ChannelID, spec.GuildID, spec.User)
	in := &interaction{id: spec.ID, channelID: spec.ChannelID, messages: map[string]bool{},
		user: userObject(spec.User), owners: maps.Clone(obj["authorizing_integration_owners"].(map[string]any))}
	if componentMsg != nil {
		in.componentMsgID = stringOf(componentMsg["id"])
		if _, ok := s.messages[in.componentMsgID]; !ok {
			s.messages[in.componentMsgID] = maps.Clone(componentMsg)
		}
	}
	s.interactions[spec.Token] = in
	s.mu.Unlock()

	if err := s.Dispatch("INTERACTION_CREATE", obj); err != nil {
		return SentInteraction{}, err
	}
	return SentInteraction{ID: spec.ID, Token: spec.Token}, nil
}
