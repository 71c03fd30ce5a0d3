// Package knowledge loads the bot's documents, cleans and splits them into
// quotable passages, indexes them with a French full-text analyser, and
// serves searches from an immutable snapshot that can be swapped atomically
// on reload. A reload re-indexes only the documents whose files changed
// (see incremental.go).
//
// It never imports Discord, OpenAI or configuration code: it is fed a
// directory (or an fs.FS) and answers queries.
package knowledge
