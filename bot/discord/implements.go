package discord

import "github.com/articlebot/articlebot/bot"

// Compile-time checks: the conversations implement the interface the bot
// hands replies to.
var (
	_ bot.Conversation = (*messageConversation)(nil)
	_ bot.Conversation = (*interactionConversation)(nil)
)
