package bot

import "time"

// Kind is what brought an invocation.
type Kind int

// Kinds of invocation. The zero Kind is one the bot does not handle: it is
// registered for Shutdown and gets no reply.
const (
	KindMessage      Kind = iota + 1 // a question by message
	KindCommand                      // a slash command
	KindAutocomplete                 // an option being typed
	KindClick                        // a click on a button of a command's reply
	KindOther                        // another component or a modal: answered as stale
)

// Invocation is one use of the bot: a question by message, a slash
// command, a click on a button or an autocomplete. The adapter (package
// bot/discord) builds it from a gateway event, with the Conversation that
// shows its reply, and hands it to Bot.Serve.
type Invocation struct {
	Kind Kind
	// ID is the message's or interaction's id; Created is when Discord
	// created it (Shutdown takes only what was created before it began).
	ID      string
	Created time.Time
	// Label names it in the logs: the trigger of a message, "/<command>"
	// or the interaction's type.
	Label string
	// Command is the name of the command used (or whose button was
	// clicked, or whose option is typed); "" for a message.
	Command string
	// UserID is the caller's id; Member their roles and rights in the
	// guild (nil outside a guild, and for messages).
	UserID string
	Member *Member
	// Locale is the caller's Discord locale (interactions; "" for a
	// message): English ones get English replies.
	Locale string
	// Options are the values of the command's options by name: string,
	// bool, or a number (float64 from JSON, int64 or int).
	Options map[string]any
	// Attachments are the files given to attachment options, by option
	// name.
	Attachments map[string]Attachment
	// Focused is the option being typed (autocomplete).
	Focused *OptionValue
	// CustomID is the custom_id of the button clicked ("" otherwise).
	CustomID string
	// Text and Trigger are a message's question (its content without the
	// bot's mention) and how it came (TriggerMention…; TriggerSlash for
	// interactions); Previous is the bot's message it replies to, if any.
	Text     string
	Trigger  string
	Previous *OwnMessage
	// Conversation acknowledges the invocation and shows its reply.
	Conversation Conversation

	// job registers the invocation with Shutdown (set by Serve).
	job job
	// ephemeral: the replies are visible to the caller only (set by the
	// ephemeral middleware, read by deferred).
	ephemeral bool
	// live shows an answer as it is written (set by deferred).
	live *Stream
	// event is the question's, for logs and metrics: set by the question's
	// handler (or its check), recorded once by observed.
	event *QuestionEvent
}

// Member is the caller as a member of the guild.
type Member struct {
	Roles []string
	// Manager: the Administrator or Manage Server permission.
	Manager bool
}

// Attachment is a file given to an attachment option.
type Attachment struct {
	Filename string
	URL      string // on Discord's CDN
}

// OptionValue is the value given to one option of a command.
type OptionValue struct {
	Name  string
	Value any
}

// OwnMessage is one of the bot's messages, which a message replies to: its
// id (to recall the conversation it ended) and the text it shows.
type OwnMessage struct {
	ID   string
	Text string
}

// lang is the language of the replies: the user's Discord locale's, or,
// for a message, the question's.
func (inv *Invocation) lang() string {
	if inv.Kind == KindMessage {
		return questionLang("", inv.Text)
	}
	return localeLang(inv.Locale)
}

// question is the question asked: the message's, or /question's option.
func (inv *Invocation) question() question {
	if inv.Kind == KindMessage {
		return question{trigger: inv.Trigger, user: inv.UserID, text: inv.Text}
	}
	return question{trigger: TriggerSlash, user: inv.UserID, text: inv.String(optText), locale: inv.Locale}
}

// String is the value of a string option ("" when absent).
func (inv *Invocation) String(name string) string {
	s, _ := inv.Options[name].(string)
	return s
}

// Bool is the value of a boolean option (false when absent).
func (inv *Invocation) Bool(name string) bool {
	v, _ := inv.Options[name].(bool)
	return v
}

// Attachment is the file given to an attachment option (nil when absent).
func (inv *Invocation) Attachment(name string) *Attachment {
	a, ok := inv.Attachments[name]
	if !ok {
		return nil
	}
	return &a
}

// Int is the value of an integer option.
func (inv *Invocation) Int(name string) (int64, bool) {
	switch v := inv.Options[name].(type) {
	case float64:
		return int64(v), true
	case int64:
		return v, true
	case int:
		return int64(v), true
	}
	return 0, false
}
