// Command startfts5 is the FTS5 side of the start-up measure: it links
// modernc.org/sqlite and bleve's analysis packages only (frterms: not the
// bleve root package, not scorch), reads a passages file (`loadbench
// passages - FILE` writes the embedded article's), indexes each passage's
// and title's French terms in an in-memory FTS5 table, asks one question
// (its terms OR'ed, ranked by bm25 with the title at 0.3) and prints the
// best passage. cmd/startbleve does the same with bleve and scorch.
//
//	startfts5 PASSAGES QUESTION
package main
