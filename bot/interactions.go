package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// interactionState tracks how far an interaction got, so that a panic can
// still be answered.
type interactionState struct {
	acked    bool // the interaction has a response
	deferred bool // the response is "thinking…" and must be edited
}

// onInteraction handles INTERACTION_CREATE: slash commands, autocomplete,
// and clicks on the buttons of a command's reply (custom_id
// "<command>:…"); other components and stale buttons get a polite answer.
//
// It runs in the gateway's goroutine: it registers the interaction (see
// begin) and handles it in another goroutine.
func (b *Bot) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	defer b.recover("interaction", nil)
	i := ic.Interaction
	what := i.Type.String()
	if i.Type == discordgo.InteractionApplicationCommand {
		what = "/" + i.ApplicationCommandData().Name
	}
	var user string
	if u := interactionUser(i); u != nil {
		user = userHash(u.ID)
	}
	n, ok := b.begin(job{kind: "interaction", trigger: what, id: i.ID, user: user}, createdAt(i.ID, time.Time{}))
	if !ok {
		return
	}
	go func() {
		defer b.end(n)
		b.handleInteraction(i)
	}()
}

// handleInteraction handles one interaction.
func (b *Bot) handleInteraction(i *discordgo.Interaction) {
	st := &interactionState{}
	defer b.recover("interaction", func() { b.answerPanic(i, st) })
	ctx := b.work
	var err error
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		err = b.runCommand(ctx, i, st)
	case discordgo.InteractionApplicationCommandAutocomplete:
		err = b.runAutocomplete(ctx, i)
	case discordgo.InteractionMessageComponent:
		err = b.runClick(ctx, i, st)
	case discordgo.InteractionModalSubmit:
		err = b.respond(ctx, i, Reply{Content: b.voice(localeLang(i.Locale)).say(msgStale, nil), Ephemeral: true})
	default:
		return
	}
	if err != nil {
		b.log.Error("interaction failed", "type", i.Type.String(), "err", redact(err, i.Token))
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

// runCommand dispatches a slash command through the command table.
func (b *Bot) runCommand(ctx context.Context, i *discordgo.Interaction, st *interactionState) error {
	data := i.ApplicationCommandData()
	cmd := b.byName[data.Name]
	v := b.voice(localeLang(i.Locale))
	if cmd == nil {
		b.log.Warn("unknown command", "name", data.Name)
		st.acked = true
		return b.respond(ctx, i, Reply{Content: v.say(msgUnknown, nil), Ephemeral: true})
	}
	inv := newInvocation(i, data.Options)
	if cmd.Admin && !b.isAdmin(i) {
		b.log.Warn("admin command refused", "command", data.Name, "user", inv.User.ID)
		st.acked = true
		return b.respond(ctx, i, Reply{Content: v.say(msgNotAdmin, nil), Ephemeral: true})
	}
	if cmd.Check != nil {
		if r := cmd.Check(ctx, inv); r != nil {
			r.Ephemeral = true
			st.acked = true
			return b.respond(ctx, i, *r)
		}
	}
	if !cmd.Defer {
		r := cmd.Handler(ctx, inv)
		r.Ephemeral = r.Ephemeral || cmd.Ephemeral
		st.acked = true
		return b.respond(ctx, i, r)
	}
	st.acked, st.deferred = true, true
	if err := b.deferResponse(ctx, i, cmd.Ephemeral); err != nil {
		return err
	}
	inv.live = newStream(b.opts.StreamInterval, func(r Reply, _ string) (string, error) {
		return b.editOriginal(ctx, i, b.styled(r).parts()[0])
	})
	defer inv.live.finish(ctx) // also after a panic, before answerPanic
	r := cmd.Handler(ctx, inv)
	if _, err := inv.live.finish(ctx); err != nil {
		b.log.Warn("partial answer failed", "command", data.Name, "err", redact(err, i.Token))
	}
	r.Ephemeral = cmd.Ephemeral
	ids, err := b.editResponse(ctx, i, r)
	b.memory.remember(r.turns, ids...)
	return err
}

// runClick dispatches a click on a button to the command named before the
// first colon of its custom_id. Admin rights are checked again, then the
// command's CheckClick: a refusal is a new ephemeral message and leaves the
// clicked message as it is; otherwise the click is acknowledged and the
// clicked message replaced by Click's reply (without buttons unless it has
// some).
func (b *Bot) runClick(ctx context.Context, i *discordgo.Interaction, st *interactionState) error {
	data := i.MessageComponentData()
	name, _, _ := strings.Cut(data.CustomID, ":")
	cmd := b.byName[name]
	refuse := func(r Reply) error {
		r.Ephemeral, st.acked = true, true
		return b.respond(ctx, i, r)
	}
	v := b.voice(localeLang(i.Locale))
	if cmd == nil || cmd.Click == nil || data.ComponentType != discordgo.ButtonComponent {
		return refuse(Reply{Content: v.say(msgStale, nil)})
	}
	inv := newInvocation(i, nil)
	if cmd.Admin && !b.isAdmin(i) {
		b.log.Warn("admin button refused", "command", name, "user", inv.User.ID)
		return refuse(Reply{Content: v.say(msgNotAdmin, nil)})
	}
	if cmd.CheckClick != nil {
		if r := cmd.CheckClick(ctx, inv); r != nil {
			return refuse(*r)
		}
	}
	st.acked, st.deferred = true, true
	if err := b.deferUpdate(ctx, i); err != nil {
		return err
	}
	r := cmd.Click(ctx, inv)
	if r.Components == nil {
		r.Components = []discordgo.MessageComponent{}
	}
	// Follow-ups of a long reply are as private as the clicked message.
	r.Ephemeral = i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0
	_, err := b.editResponse(ctx, i, r)
	return err
}

// runAutocomplete suggests option values; unknown commands get none.
func (b *Bot) runAutocomplete(ctx context.Context, i *discordgo.Interaction) error {
	data := i.ApplicationCommandData()
	var choices []choice
	if cmd := b.byName[data.Name]; cmd != nil && cmd.Autocomplete != nil {
		inv := newInvocation(i, data.Options)
		for _, c := range cmd.Autocomplete(inv, focusedOption(data.Options)) {
			if len(choices) == 25 {
				break
			}
			choices = append(choices, choice{Name: truncate(c.Name, 100), Value: fmt.Sprint(c.Value)})
		}
	}
	return b.autocompleteResult(ctx, i, choices)
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

// recover logs a panic of a handler instead of crashing the bot; then runs
// after (to tell the user) when given.
func (b *Bot) recover(what string, after func()) {
	if r := recover(); r != nil {
		b.log.Error("handler panic", "handler", what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		if after != nil {
			after()
		}
	}
}

// answerPanic tells the user something went wrong, best effort.
func (b *Bot) answerPanic(i *discordgo.Interaction, st *interactionState) {
	defer func() { _ = recover() }()
	ctx := b.work
	sorry := b.voice(localeLang(i.Locale)).say(msgError, nil)
	var err error
	switch {
	case !st.acked:
		err = b.respond(ctx, i, Reply{Content: sorry, Ephemeral: true})
	case st.deferred:
		_, err = b.editResponse(ctx, i, Reply{Content: sorry})
	}
	if err != nil {
		b.log.Error("could not report the panic to the user", "err", redact(err, i.Token))
	}
}
