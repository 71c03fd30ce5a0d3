// Package answer turns a question into a grounded answer: it analyses the
// question (what is asked, in which language), retrieves passages from the
// knowledge base, ranks their sentences for what was asked, and renders a
// quoted answer with its sources from the templates of package prompts — or
// says plainly that the knowledge base does not answer. Every figure in an
// answer must appear in its cited passages: the number guard (guard.go)
// checks the composed answer with the numbers read by knowledge/numbers.
//
// A question goes through a pipeline of stages, in one direction, each in
// its own file (Answerer.findWith in pipeline.go runs them in order):
//
//  1. analyse: the question's kind, focus and language (question.go, after
//     chat.go cleans it), then its weighted words against the base — a
//     query (slots.go);
//  2. retrieve: the base's passages for the query's words (retrieve.go,
//     embed.go for the optional embeddings);
//  3. measure: the named features of every sentence of those passages
//     (features.go, with the matching rules of match.go);
//  4. score and decide: the learned model's score and confidence, and the
//     two gates (score.go, model.go, model.txt);
//  5. compose: the sentences to quote, cut down to what answers, and the
//     bold lead read from them (compose.go, trim.go, lead.go);
//  6. render and guard: the reply from the templates, and the number guard
//     every answer passes (render.go, guard.go).
//
// The question is analysed once (a query) and each sentence of the base
// once (a sentence, text.go: its words with their index terms, tags and
// offsets, and its quantities), cached per passage on its first retrieval;
// every stage reads them and none analyses again. words.go holds the small
// word helpers all stages share.
//
// It knows nothing of Discord: the CLI and the bot both call Answerer.Ask.
// Its evaluation harness (question sets, scoring, calibration) is package
// internal/eval, outside the production code.
package answer
