// Package frterms runs the French analyser articlebot's index runs (bleve's
// "fr" analyser: Unicode word segmentation, lower case, elision, French
// stop words, light stemming) without bleve's index packages: it links
// bleve's analysis and registry packages only, not the bleve root package
// nor scorch, so that a program using it pays none of their start-up.
//
// It also joins analysed terms into the text given to an FTS5 table whose
// tokenizer (Tokenizer) splits on spaces only and alters nothing else, so
// that FTS5 indexes exactly the terms bleve indexes.
package frterms
