// Package prompts holds the text templates the bot speaks with: template-mode
// answers, "not in the article" replies, and the LLM system and user prompts.
// They are Go text/templates embedded in the binary; an operator can override
// any of them by putting a file of the same name in a directory (prompts.dir).
package prompts
