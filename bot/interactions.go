package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// onInteraction handles INTERACTION_CREATE: slash commands, autocomplete,
// and clicks on the buttons of a command's reply (custom_id
// "<command>:…"); other components and stale buttons get a polite answer.
//
// It runs in the gateway's goroutine; the chain (see serve) registers the
// interaction and handles it in another goroutine.
func (b *Bot) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	defer b.recover("interaction")
	i := ic.Interaction
	inv := newInvocation(i, nil)
	what := i.Type.String()
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		data := i.ApplicationCommandData()
		inv = newInvocation(i, data.Options)
		inv.command = data.Name
		if i.Type == discordgo.InteractionApplicationCommand {
			what = "/" + data.Name
		}
	case discordgo.InteractionMessageComponent:
		inv.command, _, _ = strings.Cut(i.MessageComponentData().CustomID, ":")
	}
	inv.trigger = TriggerSlash
	var user string
	if u := interactionUser(i); u != nil {
		user = userHash(u.ID)
	}
	inv.job = job{kind: "interaction", trigger: what, id: i.ID, user: user}
	inv.created = createdAt(i.ID, time.Time{})
	inv.conv = &interactionConversation{b: b, i: i}
	b.serve(b.work, inv)
}

// interactionConversation shows the replies to an interaction: a response
// at once, or a deferred one ("thinking…", or a click acknowledged) then
// edited; what does not fit follows up.
type interactionConversation struct {
	b *Bot
	i *discordgo.Interaction

	acked     bool  // the interaction has a response
	deferred  bool  // the response is to be edited
	update    bool  // the response is the clicked message, to be replaced
	ephemeral bool  // the deferred response is visible to the caller only
	ackErr    error // the acknowledgement failed: nothing more is sent
	live      *stream
}

var _ conversation = (*interactionConversation)(nil)

// ack defers the response: "thinking…" for a command, whose answer may
// then be shown as it is written by editing it; for a click, the clicked
// message is to be replaced, as private as it is.
func (c *interactionConversation) ack(ctx context.Context, ephemeral bool) (*stream, error) {
	b, i := c.b, c.i
	c.acked, c.deferred = true, true
	if i.Type == discordgo.InteractionMessageComponent {
		c.update = true
		c.ephemeral = i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0
		c.ackErr = b.deferUpdate(ctx, i)
		return nil, c.ackErr
	}
	c.ephemeral = ephemeral
	if c.ackErr = b.deferResponse(ctx, i, ephemeral); c.ackErr != nil {
		return nil, c.ackErr
	}
	c.live = newStream(b.opts.StreamInterval, func(r Reply, _ string) (string, error) {
		return b.editOriginal(ctx, i, b.styled(r).parts()[0])
	})
	return c.live, nil
}

// send responds with r, or edits the deferred response with it; an
// autocomplete gets r's choices.
func (c *interactionConversation) send(ctx context.Context, r Reply) error {
	b, i := c.b, c.i
	switch {
	case r.quiet:
		return nil
	case c.ackErr != nil:
		return c.ackErr
	case i.Type == discordgo.InteractionApplicationCommandAutocomplete:
		return b.autocompleteResult(ctx, i, r.choices)
	case !c.deferred:
		c.acked = true
		return b.respond(ctx, i, r)
	}
	if _, err := c.live.finish(ctx); err != nil {
		b.log.Warn("partial answer failed", "command", i.ApplicationCommandData().Name, "err", redact(err, i.Token))
	}
	// The response's visibility was set when it was deferred; follow-ups
	// of a long reply are as private.
	r.Ephemeral = c.ephemeral
	if c.update && r.Components == nil {
		r.Components = []discordgo.MessageComponent{} // no buttons unless the reply has some
	}
	ids, err := b.editResponse(ctx, i, r)
	if !c.update {
		b.memory.remember(r.turns, ids...)
	}
	return err
}

// fail tells the user something went wrong, best effort: as the response
// when there is none yet, else in place of the deferred one.
func (c *interactionConversation) fail(ctx context.Context, r Reply) {
	defer func() { _ = recover() }()
	b, i := c.b, c.i
	_, _ = c.live.finish(ctx)
	var err error
	switch {
	case !c.acked:
		err = b.respond(ctx, i, Reply{Content: r.Content, Ephemeral: true})
	case c.deferred:
		_, err = b.editResponse(ctx, i, Reply{Content: r.Content})
	}
	if err != nil {
		b.log.Error("could not report the panic to the user", "err", redact(err, i.Token))
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

// suggest is the autocomplete choices of cmd's focused option; unknown
// commands get none.
func (b *Bot) suggest(cmd *Command, inv *Invocation) []choice {
	if cmd == nil || cmd.Autocomplete == nil {
		return nil
	}
	var choices []choice
	for _, c := range cmd.Autocomplete(inv, focusedOption(inv.Interaction.ApplicationCommandData().Options)) {
		if len(choices) == 25 {
			break
		}
		choices = append(choices, choice{Name: truncate(c.Name, 100), Value: fmt.Sprint(c.Value)})
	}
	return choices
}

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

// isAdmin reports whether the user of i may use admin commands: the
// Administrator or Manage Server permission, or a listed role or user.
func (b *Bot) isAdmin(i *discordgo.Interaction) bool {
	if u := interactionUser(i); u != nil && b.admUsers[u.ID] {
		return true
	}
	if i.Member == nil {
		return false
	}
	if i.Member.Permissions&(discordgo.PermissionAdministrator|discordgo.PermissionManageGuild) != 0 {
		return true
	}
	for _, r := range i.Member.Roles {
		if b.admRoles[r] {
			return true
		}
	}
	return false
}

// recover logs a panic of an event handler's own work (before the chain
// runs; see recovered) instead of crashing the bot.
func (b *Bot) recover(what string) {
	if r := recover(); r != nil {
		b.log.Error("handler panic", "handler", what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	}
}
