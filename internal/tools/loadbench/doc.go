// Command loadbench measures how long articlebot takes to load and index a
// knowledge base, and how much memory it needs, next to SQLite FTS5 (the
// pure-Go modernc.org/sqlite), in the same run; and compares FTS5 fed with
// articlebot's French analyser with bleve for retrieval quality.
//
// It builds the test bases from the benchmark corpus
// (knowledge/testdata/bench/manpages-fr.tar.gz: 500 French documents,
// 2.5 MB): the ×1 base is the corpus topped up to -size bytes with copies
// of its first documents under new names, and the ×N base is N copies of
// the ×1 base. For each base it runs, as separate processes and in turn:
//
//   - `articlebot ask --kb BASE QUESTION`: load, index (bleve/scorch) and
//     one answer, the whole process;
//   - `loadbench fts5terms BASE QUESTION`: the same load without bleve's
//     index: it reads and parses the base with knowledge (ReadDocuments),
//     analyses every passage and title with the same French analyser
//     (package frterms), puts the terms in an in-memory FTS5 table whose
//     tokenizer keeps them as they are, builds knowledge's vocabulary
//     beside it (vocab.go), then asks QUESTION with its analysed terms,
//     ranked by bm25();
//   - `loadbench fts5 PASSAGES QUESTION`: plain FTS5 (unicode61
//     remove_diacritics 2) filled with the passages articlebot reads from
//     the same base, already parsed, in one transaction, then one MATCH;
//
// and prints the median wall time, CPU time and peak resident set size of
// each. The row "article" does the same for the embedded article.
//
// `loadbench recall -squad FILE` measures the recall@1/5/8 of the passage
// holding the gold answer of a SQuAD set (PIAF), for knowledge's
// Base.Search and for FTS5 with our terms (bm25() with several column
// weights, and bleve's BM25 computed from FTS5's postings), and compares
// two loads of each. `loadbench passages - FILE` writes the embedded
// article's passages for the start-up programs cmd/startfts5 and
// cmd/startbleve.
//
// `loadbench floor` measures the start-up floor: it builds binaries whose
// main is empty and which only import articlebot's third-party packages
// (read from `go list -deps`; all of them, each module's, the brief's
// fixed choices, bleve, scorch) and runs them in turn with articlebot's
// `--help` and `ask` (and a -baseline binary's), printing the median CPU
// and wall times.
//
// It is a module of its own so that SQLite never becomes a dependency of
// the bot. Usage, from this directory:
//
//	go run . -scales 1,4,16 -runs 3
//	go run . -articlebot /path/to/articlebot   # an already built binary
//	go run . floor -runs 40 -baseline /path/to/main/articlebot
//	go run . recall -squad /work/shared/datasets/piaf-v1.1-dev.squad.json
package main
