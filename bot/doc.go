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
// In LLM mode the answer is streamed: the model's text so far is shown in
// the reply (or the deferred interaction response), edited at most once per
// Options.StreamInterval, then replaced by the checked answer with its
// sources — or by the template answer, the footer saying why. Every answer's
// footer says which mode wrote it.
//
// Declined questions go to Options.Unanswered; the admin command
// /sans-reponse lists the most frequent ones.
//
// One command table (see Bot.Commands) builds both the bulk-overwrite
// registration and the dispatch map.
package bot
