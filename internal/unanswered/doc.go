// Package unanswered keeps the questions the bot declined, grouped by a
// normalised form (case, accents, spacing and punctuation folded) and
// counted, so that admins can list the most frequent ones and know what to
// add to the knowledge base.
//
// The store is bounded (the least frequent, then oldest, question is
// evicted first), safe for concurrent use, and can persist itself to a JSON
// file written atomically (Flush, or Run for periodic saves).
package unanswered
