// Package bot is the Discord adapter of articlebot: it turns messages that
// mention the bot, direct messages, messages in configured channels and
// slash commands into questions for the answering layer (package
// bot/answer), and sends the answers back as embeds or plain text.
//
// Handlers never talk to Discord: they return a Reply value, and one
// adapter does the I/O (message replies with message_reference,
// interaction responses, deferrals, edits and follow-ups), splitting long
// replies within Discord's limits and setting allowed_mentions with an
// empty parse list on every message, so nothing the bot writes pings anyone.
//
// A request to Discord that fails transiently (500, 502, 503, 504, a
// broken connection) is retried with backoff and jitter, a few times, and
// never posts twice: channel messages carry an enforced nonce, edits are
// idempotent, a repeated interaction callback is known by Discord's
// "already acknowledged", and a follow-up is looked for in the channel
// before it is posted again (see discord.go).
//
// In LLM mode the answer is streamed: the model's text so far is shown in
// the reply (or the deferred interaction response), edited at most once per
// Options.StreamInterval, then replaced by the checked answer with its
// sources — or by the template answer, the footer saying why. Every answer's
// footer says which mode wrote it. The text so far is unchecked: mentions
// are broken and links masked from the first partial answer on. User text
// echoed back and file names are escaped for Discord Markdown.
//
// Shutdown stops taking questions: those asked after it began are logged
// and left unanswered; those asked before — including any the gateway
// delivers meanwhile — are answered within Options.ShutdownGrace, and any
// still unanswered then is logged. Gateway events are handled in order
// (the session's SyncEvents is set), each in its own goroutine, so that
// none is lost between its arrival and its registration.
//
// Replies are worded by the message catalogue of package prompts, in the
// member's language: English for an interaction whose locale is en-US or
// en-GB, French otherwise, and English for a question written in English
// (messages carry no locale). See locale.go.
//
// Start connects and registers the commands; while Discord cannot be
// reached it tries again with backoff and jitter until its context is
// done, and Readiness says why the bot does not serve yet. A refused token
// (ErrInvalidToken) or gateway (ErrGatewayRefused) ends it at once.
//
// Declined questions go to Options.Unanswered; the admin command
// /sans-reponse lists the most frequent ones.
//
// Admins add documents with /ajouter (an attached .md or .txt file, fetched
// from Discord's CDN, or the article of a web page, fetched with the SSRF
// guards of internal/fetch and extracted by internal/article) and remove
// them with /retirer, after a confirmation button only they may click,
// within a few minutes. Both go through Options.Documents (a
// knowledge.Editor): validated like a reload, written atomically, undone
// if the reload fails. /documents lists the documents for everyone.
//
// One command table (see Bot.Commands) builds both the bulk-overwrite
// registration and the dispatch map; a button's custom_id starts with the
// name of its command, which handles the click. A message is a question,
// served by the /question entry.
//
// Cross-cutting concerns are middleware (middleware.go): every message
// and interaction goes through one chain, built once, that registers it
// for Shutdown, recovers a panic (logged with its stack; the user gets a
// short apology), logs and counts a question once, and sends the reply;
// each command's entry adds its own (admin only, checks before the
// acknowledgement, ephemeral replies, deferral).
package bot
