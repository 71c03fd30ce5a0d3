package discord

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot"
)

// onInteraction handles INTERACTION_CREATE: slash commands, autocomplete,
// and clicks on the buttons of a command's reply (custom_id
// "<command>:…"); other components and stale buttons get a polite answer.
//
// It runs in the gateway's goroutine; bot.Bot.Serve registers the
// interaction and handles it in another goroutine.
func (a *Adapter) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	defer a.recover("interaction")
	a.bot.Serve(a.invocation(ic.Interaction))
}

// invocation is the bot's view of interaction i.
func (a *Adapter) invocation(i *discordgo.Interaction) *bot.Invocation {
	inv := &bot.Invocation{ID: i.ID, Created: createdAt(i.ID, time.Time{}), Label: i.Type.String(), Trigger: bot.TriggerSlash,
		Locale: string(i.Locale), Conversation: &interactionConversation{a: a, i: i}}
	if u := interactionUser(i); u != nil {
		inv.UserID = u.ID
	}
	if m := i.Member; m != nil {
		inv.Member = &bot.Member{Roles: m.Roles, Manager: m.Permissions&(discordgo.PermissionAdministrator|discordgo.PermissionManageGuild) != 0}
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		data := i.ApplicationCommandData()
		inv.Command = data.Name
		inv.Options = map[string]any{}
		for _, o := range data.Options {
			if o != nil {
				inv.Options[o.Name] = o.Value
			}
		}
		if i.Type == discordgo.InteractionApplicationCommand {
			inv.Kind, inv.Label = bot.KindCommand, "/"+data.Name
			inv.Attachments = attachments(data)
		} else {
			inv.Kind = bot.KindAutocomplete
			if f := focusedOption(data.Options); f != nil {
				inv.Focused = &bot.OptionValue{Name: f.Name, Value: f.Value}
			}
		}
	case discordgo.InteractionMessageComponent:
		data := i.MessageComponentData()
		inv.Command, _, _ = strings.Cut(data.CustomID, ":")
		inv.CustomID = data.CustomID
		inv.Kind = bot.KindOther
		if data.ComponentType == discordgo.ButtonComponent {
			inv.Kind = bot.KindClick
		}
	case discordgo.InteractionModalSubmit:
		inv.Kind = bot.KindOther
	}
	return inv
}

// attachments are the files given to the attachment options of a
// command, from its resolved data, by option name.
func attachments(data discordgo.ApplicationCommandInteractionData) map[string]bot.Attachment {
	if data.Resolved == nil {
		return nil
	}
	out := map[string]bot.Attachment{}
	for _, o := range data.Options {
		if o == nil {
			continue
		}
		id, _ := o.Value.(string)
		if att := data.Resolved.Attachments[id]; id != "" && att != nil {
			out[o.Name] = bot.Attachment{Filename: att.Filename, URL: att.URL}
		}
	}
	return out
}

func interactionUser(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

// interactionConversation shows the replies to an interaction: a response
// at once, or a deferred one ("thinking…", or a click acknowledged) then
// edited; what does not fit follows up.
type interactionConversation struct {
	a *Adapter
	i *discordgo.Interaction

	acked     bool  // the interaction has a response
	deferred  bool  // the response is to be edited
	update    bool  // the response is the clicked message, to be replaced
	ephemeral bool  // the deferred response is visible to the caller only
	ackErr    error // the acknowledgement failed: nothing more is sent
	live      *bot.Stream
}

// Ack defers the response: "thinking…" for a command, whose answer may
// then be shown as it is written by editing it; for a click, the clicked
// message is to be replaced, as private as it is.
func (c *interactionConversation) Ack(ctx context.Context, ephemeral bool) (*bot.Stream, error) {
	a, i := c.a, c.i
	c.acked, c.deferred = true, true
	if i.Type == discordgo.InteractionMessageComponent {
		c.update = true
		c.ephemeral = i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0
		c.ackErr = a.deferUpdate(ctx, i)
		return nil, c.ackErr
	}
	c.ephemeral = ephemeral
	if c.ackErr = a.deferResponse(ctx, i, ephemeral); c.ackErr != nil {
		return nil, c.ackErr
	}
	c.live = bot.NewStream(a.opts.StreamInterval, func(r bot.Reply, _ string) (string, error) {
		return a.editOriginal(ctx, i, a.bot.Messages(r)[0])
	})
	return c.live, nil
}

// Send responds with r, or edits the deferred response with it (then it
// returns the ids of the messages of the reply, unless they replaced a
// clicked message); an autocomplete gets r's choices.
func (c *interactionConversation) Send(ctx context.Context, r bot.Reply) ([]string, error) {
	ids, err := c.send(ctx, r)
	if err != nil {
		c.a.log.Error("interaction failed", "type", c.i.Type.String(), "err", redact(err, c.i.Token))
	}
	return ids, err
}

func (c *interactionConversation) send(ctx context.Context, r bot.Reply) ([]string, error) {
	a, i := c.a, c.i
	switch {
	case r.Quiet:
		return nil, nil
	case c.ackErr != nil:
		return nil, c.ackErr
	case i.Type == discordgo.InteractionApplicationCommandAutocomplete:
		return nil, a.autocompleteResult(ctx, i, r.Choices)
	case !c.deferred:
		c.acked = true
		return nil, a.respond(ctx, i, r)
	}
	if _, err := c.live.Finish(ctx); err != nil {
		a.log.Warn("partial answer failed", "command", i.ApplicationCommandData().Name, "err", redact(err, i.Token))
	}
	// The response's visibility was set when it was deferred; follow-ups
	// of a long reply are as private.
	r.Ephemeral = c.ephemeral
	if c.update && r.Buttons == nil {
		r.Buttons = []bot.Button{} // no buttons unless the reply has some
	}
	ids, err := a.editResponse(ctx, i, r)
	if c.update {
		return nil, err
	}
	return ids, err
}

// Fail tells the user something went wrong, best effort: as the response
// when there is none yet, else in place of the deferred one.
func (c *interactionConversation) Fail(ctx context.Context, r bot.Reply) {
	defer func() { _ = recover() }()
	a, i := c.a, c.i
	_, _ = c.live.Finish(ctx)
	var err error
	switch {
	case !c.acked:
		err = a.respond(ctx, i, bot.Reply{Content: r.Content, Ephemeral: true})
	case c.deferred:
		_, err = a.editResponse(ctx, i, bot.Reply{Content: r.Content})
	}
	if err != nil {
		a.log.Error("could not report the panic to the user", "err", redact(err, i.Token))
	}
}

// redact writes err with the secrets in it (an interaction token, which a
// failed request's URL carries) replaced.
func redact(err error, secrets ...string) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

// focusedOption is the option being typed (autocomplete), nested or not.
func focusedOption(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o == nil {
			continue
		}
		if o.Focused {
			return o
		}
		if f := focusedOption(o.Options); f != nil {
			return f
		}
	}
	return nil
}

// recover logs a panic of an event handler's own work (before the chain
// runs; see the recovered middleware of package bot) instead of crashing
// the bot.
func (a *Adapter) recover(what string) {
	if r := recover(); r != nil {
		a.log.Error("handler panic", "handler", what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	}
}

// createdAt is when Discord created a message or an interaction: the
// message's timestamp, else the time in its snowflake id.
func createdAt(id string, ts time.Time) time.Time {
	if !ts.IsZero() {
		return ts
	}
	if t, err := discordgo.SnowflakeTimestamp(id); err == nil {
		return t
	}
	return time.Now()
}
