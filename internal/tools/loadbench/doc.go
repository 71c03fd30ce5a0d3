// Command loadbench measures how long articlebot takes to load and index a
// knowledge base, and how much memory it needs, next to SQLite FTS5 (the
// pure-Go modernc.org/sqlite) fed the same passages, in the same run.
//
// It builds the test bases from the benchmark corpus
// (knowledge/testdata/bench/manpages-fr.tar.gz: 500 French documents,
// 2.5 MB): the ×1 base is the corpus topped up to -size bytes with copies
// of its first documents under new names, and the ×N base is N copies of
// the ×1 base. For each base it runs, as separate processes and
// alternately, `articlebot ask --kb BASE QUESTION` (load, index and one
// answer: the whole process) and `loadbench fts5 PASSAGES QUESTION` (an
// in-memory FTS5 table filled with the passages articlebot reads from the
// same base, in one transaction, then one MATCH query ranked by bm25), and
// prints the median wall time and the peak resident set size of each. The
// row "article" does the same for the embedded article (`articlebot ask`
// without --kb).
//
// It is a module of its own so that SQLite never becomes a dependency of
// the bot. Usage, from this directory:
//
//	go run . -scales 1,4,16 -runs 3
//	go run . -articlebot /path/to/articlebot   # an already built binary
package main
