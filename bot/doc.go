// Package bot is the transport-independent bot of articlebot: what it
// answers, not how it reaches Discord. It turns an Invocation — a question
// by message (a mention, a direct message, a reply to one of its answers, a
// message in a configured channel), a slash command, a click on a button,
// an autocomplete — into a Reply value, through one chain of middlewares
// and the command table, and hands the reply to the invocation's
// Conversation. It imports no Discord library: package bot/discord is the
// adapter that builds invocations from gateway events, registers the
// command table and does the Discord I/O; the answering engine is package
// bot/answer.
//
// A Reply is Discord's message model without the transport: Markdown
// content, embeds, buttons, ephemeral or not. Bot.Messages lays it out in
// messages within Discord's limits (split.go: Split, Length) in the
// configured reply style; the golden files (testdata/golden) are those
// messages. User text echoed back and file names are escaped for Discord
// Markdown.
//
// Cross-cutting concerns are middleware (middleware.go): every invocation
// goes through one chain, built once in New, that registers it for
// Shutdown, recovers a panic (logged with its stack; the user gets a short
// apology), logs and counts a question once, and sends the reply; each
// command's entry adds its own (admin only, checks before the
// acknowledgement, ephemeral replies, deferral).
//
// One command table (see Bot.Commands) builds both the registration (each
// entry's Definition, which the adapter turns into Discord's) and the
// dispatch by name; a button's custom_id starts with the name of its
// command, which handles the click. A message is a question, served by the
// /question entry.
//
// In LLM mode the answer is streamed: the model's text so far goes to the
// Stream the conversation gave when it acknowledged the question, which
// shows it, then the checked answer with its sources replaces it — or the
// template answer, the footer saying why. Every answer's footer says which
// mode wrote it. The text so far is unchecked: mentions are broken and
// links masked from the first partial answer on.
//
// Shutdown stops taking questions: those asked after it began are logged
// and left unanswered; those asked before — including any the adapter
// delivers meanwhile — are answered within Options.ShutdownGrace, and any
// still unanswered then is logged. Serve registers an invocation in the
// caller's goroutine, in the order the events arrive, and handles it in a
// goroutine of its own, so that none is lost between its arrival and its
// registration.
//
// Replies are worded by the message catalogue of package prompts, in the
// member's language: English for an interaction whose locale is en-US or
// en-GB, French otherwise, and English for a question written in English
// (messages carry no locale). See locale.go.
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
// if the reload fails. /documents lists the documents for everyone. A
// refused file is explained in the member's language: each sentinel or
// typed error of the knowledge loader has a message (refusals.go); the
// loader's English error is for the log.
package bot
