// Package answer turns a question into a grounded answer: it analyses the
// question (what is asked, in which language), retrieves passages from the
// knowledge base, ranks their sentences for what was asked, and renders a
// quoted answer with its sources from the templates of package prompts — or
// says plainly that the knowledge base does not answer. Every figure in an
// answer must appear in its cited passages.
//
// It knows nothing of Discord: the CLI and the bot both call Answerer.Ask.
// Its evaluation harness (question sets, scoring, calibration) is package
// internal/eval, outside the production code.
package answer
