// Package discord is articlebot's Discord adapter: it serves a bot.Bot
// through one discordgo session, and is the only package of the bot that
// imports discordgo.
//
// Start connects to the gateway and registers the command table
// (bot.Bot.Commands, each bot.Definition turned into Discord's application
// command; register.go) with one bulk overwrite; while Discord cannot be
// reached it tries again with backoff and jitter until its context is
// done, and Readiness says why the bot does not serve yet. A refused token
// (ErrInvalidToken) or gateway (ErrGatewayRefused) ends it at once
// (connect.go).
//
// The gateway's event handlers only turn an event into a bot.Invocation
// with its conversation and hand it to bot.Bot.Serve: onMessage
// (messages.go) decides whether a message is a question for the bot and
// how it came; onInteraction (interactions.go) reads a slash command, an
// autocomplete or a click. Events are handled in order (the session's
// SyncEvents is set), so that Shutdown knows what was received.
//
// A conversation (messageConversation, interactionConversation) does the
// Discord I/O of one invocation (rest.go): a reply with message_reference,
// an interaction response, a deferral ("thinking…", or the typing
// indicator once a message's answer took Options.TypingDelay) then edits,
// follow-ups for what does not fit, partial answers edited at most once
// per Options.StreamInterval; allowed_mentions with an empty parse list is
// set on every message, so nothing the bot writes pings anyone.
//
// A request to Discord that fails transiently (500, 502, 503, 504, a
// broken connection) is retried with backoff and jitter, a few times, and
// never posts twice: channel messages carry an enforced nonce, edits are
// idempotent, a repeated interaction callback is known by Discord's
// "already acknowledged", and a follow-up is looked for in the channel
// before it is posted again (see rest.go). Interaction tokens and the bot
// token are kept out of the logs.
package discord
