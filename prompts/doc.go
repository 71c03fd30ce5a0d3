// Package prompts holds the text templates the bot speaks with: template-mode
// answers, "not in the article" replies, and the LLM system and user prompts;
// and the catalogue of its short messages (help, refusals, embed titles and
// footers, command replies), one file per language (messages.fr.yaml,
// messages.en.yaml), each message a text/template under a key.
//
// Everything a translator edits is in templates/: files named *.<lang>.tmpl
// and messages.<lang>.yaml (templates/terminal/ words a few for the
// terminal). They are embedded in the binary; an operator can override any
// of them by putting a file of the same name in a directory (prompts.dir).
package prompts
