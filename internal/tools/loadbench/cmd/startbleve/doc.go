// Command startbleve is the bleve side of the start-up measure: it reads a
// passages file (`loadbench passages - FILE` writes the embedded
// article's), indexes each passage with its title in an in-memory scorch
// index with the French analyser (as knowledge does: no stored fields, no
// term vectors, BM25), asks one question (a disjunction of term queries on
// the text, and on the title at 0.3) and prints the best passage.
// cmd/startfts5 does the same with FTS5.
//
//	startbleve PASSAGES QUESTION
package main
