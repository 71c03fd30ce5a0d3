package bot

import (
	"context"
	"fmt"
	"runtime/debug"
)

// Handlers and middleware.
//
// A Handler turns one Invocation (a question by message, a slash command,
// a click on a button, an autocomplete) into the Reply to show; it never
// calls Discord. A Middleware wraps a Handler. Every invocation, whatever
// brought it, goes through one chain built once in New (see Bot.Serve):
//
//	tracked → recovered → observed → sent → route → the command's Use → its Handler
//
//   - tracked registers the invocation for Shutdown (begin) in the gateway's
//     goroutine, runs the rest in a goroutine of its own, and ends it;
//   - recovered turns a panic below it into a log line with the stack and a
//     short apology to the user, never a crash;
//   - observed logs and counts a question once (its QuestionEvent), after
//     its reply was sent;
//   - sent hands the reply to the invocation's Conversation, the adapter
//     that does the Discord I/O (package bot/discord), and remembers the
//     conversation an answer ends for the messages that show it;
//   - route picks the command's handler, wrapped in the middlewares of its
//     entry of the command table (Command.Use, Command.UseClick): admin
//     check, checks that refuse before the acknowledgement, ephemeral
//     replies, deferral.

// Handler builds the reply to an invocation.
type Handler func(ctx context.Context, inv *Invocation) Reply

// Middleware wraps a handler: it may act before and after it, or answer
// instead of it.
type Middleware func(next Handler) Handler

// chain wraps h in mws, the first one outermost.
func chain(h Handler, mws ...Middleware) Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// Conversation is the Discord side of one invocation: the adapter that
// acknowledges it and shows its reply, within Discord's limits and with
// mentions disabled (package bot/discord implements it for messages and
// interactions).
type Conversation interface {
	// Ack acknowledges the invocation before a reply that may take long
	// (an interaction's "thinking…", a message's typing indicator) and
	// returns the stream that shows an answer as it is written (nil when
	// there is none). After an error nothing more is sent; Send returns it.
	Ack(ctx context.Context, ephemeral bool) (*Stream, error)
	// Send shows the reply (nothing for a Quiet one) and returns the ids
	// of the messages that show it when a reply to them follows it up
	// (nil otherwise). It logs its own failure, without secrets.
	Send(ctx context.Context, r Reply) (ids []string, err error)
	// Fail shows r, an apology, after a panic: best effort, where the
	// transport allows.
	Fail(ctx context.Context, r Reply)
}

// tracked registers the invocation with Shutdown (see begin) and runs the
// rest of the chain in a goroutine of its own: it is called in the
// gateway's goroutine, so that Shutdown knows what was received. A refused
// invocation (shutting down) is logged by begin and never run.
func (b *Bot) tracked(next Handler) Handler {
	return func(ctx context.Context, inv *Invocation) Reply {
		n, ok := b.begin(inv.job, inv.Created)
		if !ok {
			return Reply{Quiet: true}
		}
		go func() {
			defer b.end(n)
			next(ctx, inv)
		}()
		return Reply{Quiet: true}
	}
}

// recovered logs a panic of the rest of the chain, with its stack, and
// tells the user something went wrong (through the conversation, best
// effort) instead of crashing the bot.
func (b *Bot) recovered(next Handler) Handler {
	return func(ctx context.Context, inv *Invocation) (r Reply) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			b.log.Error("handler panic", "handler", inv.job.kind, "trigger", inv.job.trigger, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			inv.Conversation.Fail(ctx, Reply{Content: b.voice(inv.lang()).say(msgError, nil), Ephemeral: true})
			r = Reply{Quiet: true}
		}()
		return next(ctx, inv)
	}
}

// observed logs and counts a question (an invocation whose handler set its
// event), once, after the reply was sent: the one place where the outcome
// and latency of each question are recorded. A panic is not recorded.
func (b *Bot) observed(next Handler) Handler {
	return func(ctx context.Context, inv *Invocation) Reply {
		r := next(ctx, inv)
		if inv.event != nil {
			b.observe(*inv.event, inv.UserID)
		}
		return r
	}
}

// sent shows the reply of the rest of the chain through the invocation's
// Conversation (which logs a failure), and remembers the conversation an
// answer ends for the messages that show it, so that a reply to one of
// them is a follow-up. A reply that could not be sent makes the question's
// outcome an error.
func (b *Bot) sent(next Handler) Handler {
	return func(ctx context.Context, inv *Invocation) Reply {
		r := next(ctx, inv)
		ids, err := inv.Conversation.Send(ctx, r)
		b.memory.remember(r.turns, ids...)
		if err != nil && inv.event != nil {
			inv.event.Outcome = OutcomeError
		}
		return r
	}
}

// requireAdmin refuses the command (or the click on its button) to users
// who are not admins: Administrator or Manage Server permission, or a
// listed role or user (see isAdmin).
func (b *Bot) requireAdmin(next Handler) Handler {
	return func(ctx context.Context, inv *Invocation) Reply {
		if inv.Kind == KindMessage || !b.isAdmin(inv) {
			what := "admin command refused"
			if inv.CustomID != "" {
				what = "admin button refused"
			}
			b.log.Warn(what, "command", inv.Command, "user", inv.UserID)
			return Reply{Content: b.voice(inv.lang()).say(msgNotAdmin, nil), Ephemeral: true}
		}
		return next(ctx, inv)
	}
}

// ephemeral makes the command's replies visible to the caller only,
// deferred response included.
func ephemeral(next Handler) Handler {
	return func(ctx context.Context, inv *Invocation) Reply {
		inv.ephemeral = true
		r := next(ctx, inv)
		r.Ephemeral = true
		return r
	}
}

// deferred acknowledges the invocation before running a handler that may
// take long: an interaction's response says "thinking…" and is edited
// with the reply (a click's message is replaced), a message gets the
// typing indicator; an answer may be shown as it is written (see
// Invocation.live). When the acknowledgement fails the handler is not run
// (sent logs the error).
func deferred(next Handler) Handler {
	return func(ctx context.Context, inv *Invocation) Reply {
		live, err := inv.Conversation.Ack(ctx, inv.ephemeral)
		if err != nil {
			return Reply{Quiet: true}
		}
		inv.live = live
		return next(ctx, inv)
	}
}

// check runs f before the handler (place it before deferred, so that a
// refusal is not acknowledged first): a non-nil reply refuses the
// invocation, ephemeral.
func check(f func(ctx context.Context, inv *Invocation) *Reply) Middleware {
	return func(next Handler) Handler {
		return func(ctx context.Context, inv *Invocation) Reply {
			if r := f(ctx, inv); r != nil {
				r.Ephemeral = true
				return *r
			}
			return next(ctx, inv)
		}
	}
}

// route dispatches an invocation through the command table: a message is
// a question (the /question entry), a slash command or a click on a
// button goes to its command's handler, wrapped in its middlewares.
// Unknown commands, stale buttons and modals get a polite ephemeral
// answer.
func (b *Bot) route(ctx context.Context, inv *Invocation) Reply {
	if inv.Kind == KindMessage {
		return b.byName[cmdQuestion].serve(ctx, inv)
	}
	v := b.voice(inv.lang())
	stale := Reply{Content: v.say(msgStale, nil), Ephemeral: true}
	cmd := b.byName[inv.Command]
	switch inv.Kind {
	case KindCommand:
		if cmd == nil {
			b.log.Warn("unknown command", "name", inv.Command)
			return Reply{Content: v.say(msgUnknown, nil), Ephemeral: true}
		}
		return cmd.serve(ctx, inv)
	case KindAutocomplete:
		return Reply{Choices: b.suggest(cmd, inv)}
	case KindClick:
		if cmd == nil || cmd.serveClick == nil {
			return stale
		}
		return cmd.serveClick(ctx, inv)
	case KindOther:
		return stale
	}
	return Reply{Quiet: true}
}

// suggest is the autocomplete choices of cmd's focused option; unknown
// commands get none.
func (b *Bot) suggest(cmd *Command, inv *Invocation) []Choice {
	if cmd == nil || cmd.Autocomplete == nil {
		return nil
	}
	var choices []Choice
	for _, c := range cmd.Autocomplete(inv) {
		if len(choices) == 25 {
			break
		}
		choices = append(choices, Choice{Name: truncate(c.Name, 100), Value: c.Value})
	}
	return choices
}

// isAdmin reports whether the caller may use admin commands: the
// Administrator or Manage Server permission, or a listed role or user.
func (b *Bot) isAdmin(inv *Invocation) bool {
	if b.admUsers[inv.UserID] {
		return true
	}
	if inv.Member == nil {
		return false
	}
	if inv.Member.Manager {
		return true
	}
	for _, r := range inv.Member.Roles {
		if b.admRoles[r] {
			return true
		}
	}
	return false
}
