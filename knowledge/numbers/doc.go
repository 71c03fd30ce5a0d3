// Package numbers reads the numbers of French (and English) text and the
// key figures of its sentences.
//
// [Read] finds every count, percentage, amount, measure, duration, year,
// date, period, ordinal and time of day of a text as a [Quantity], however
// it is written ("80.000", "80 000", "quatre-vingt mille", "11 milliards de
// DH", "T3 2020"), with its value, unit, scale and approximation ("près
// de"); [Same] says whether two quantities state the same figure.
// [Figures] reads the key figures of one sentence: each quantity with what
// it counts or measures and its setting, found from the syntax of the
// sentence.
//
// The word lists it reads with (number words, months, units, currencies,
// approximations...) are data in internal/french. It knows nothing of
// documents, passages or the index: package knowledge reads a document's
// figures with it, and the answering layer checks the figures of an answer
// against its sources (the number guard, bot/answer/guard.go).
package numbers
