// Package eval is the evaluation harness of the answering engine
// (bot/answer): it reads question sets (JSON lines, or SQuAD data sets such
// as PIAF), asks every question of an answer.Answerer and scores the
// answers — answered correctly, declined correctly, recall@k of the
// expected passage, latency — and calibrates the confidence threshold.
//
// It is not part of the bot: `articlebot eval`, `articlebot train`
// (package train) and the evaluation floors of bot/answer's tests use it.
package eval
