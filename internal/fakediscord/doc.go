// Package fakediscord is an in-process fake of Discord's gateway (websocket)
// and REST API for end-to-end tests of the bot with a real
// *discordgo.Session.
//
// New starts an httptest server that serves
//
//   - the REST API under /api/v{N}/... (the routes the bot uses; see the
//     Route* constants), recording every request, and
//   - the gateway at ws://127.0.0.1:PORT/gateway: HELLO, IDENTIFY -> READY,
//     heartbeat ACKs, RESUME -> replay of missed dispatches + RESUMED.
//
// Server.Session returns a discordgo session wired to the fake through
// internal/discordapi.NewTransport, the same rewriting transport production
// uses for the discord.api_url setting; discordgo's package-level endpoint
// variables are never touched, so tests may run in parallel.
//
// Files attached to a command (InteractionSpec.Attachments) are sent in
// data.resolved.attachments with Discord's signed CDN URLs, and served by the
// fake at those URLs to a client whose transport is CDNTransport.
//
// Tests drive the bot with SendMessage and SendInteraction (payloads are
// Discord's real JSON), inject faults (Fail429, Fail5xx, FailAfter5xx,
// DropGateway, Reconnect, InvalidSession, RefuseGateway) and assert on Requests, WaitFor,
// Messages, Identifies and Resumes.
//
// Like Discord, the fake gives snowflakes that carry their creation time,
// returns the existing message when the bot creates one again with the same
// nonce and enforce_nonce (within a few minutes), answers a second callback
// to an interaction with 400 "already acknowledged" (40060), and marks
// interaction responses and follow-ups with interaction_metadata.
//
// Every REST request is validated against Discord's official OpenAPI 3.1
// description read from ../shared/discord-api-spec/openapi.json (relative to
// the module root); problems are reported by ValidationErrors. When ../shared
// is absent, validation is skipped and SpecSkipped explains why. Every body
// that creates or edits a message must carry allowed_mentions with an empty
// parse list; offenders are reported by MentionViolations. AssertClean fails a
// test on any of these, on unexpected routes and on gateway protocol errors.
//
// Package-level state: the parsed spec and its validator are loaded once per
// process behind a sync.Once and never replaced (see specLoad); everything
// else lives in the Server.
package fakediscord
