// Package knowledge loads the bot's documents, cleans and splits them into
// quotable passages, indexes them with a French full-text analyser, and
// serves searches from an immutable snapshot that can be swapped atomically
// on reload. A reload re-indexes only the documents whose files changed
// (see incremental.go). The numbers of a text and the key figures of its
// sentences are read by the subpackage numbers; this package adds the
// document and passage of each figure (figures.go).
//
// What an answer needs of the whole base is read at load time, per
// document, and a reload reuses it for the documents that did not change:
// the vocabulary (suggest.go), the BM25 statistics, and the place the
// documents name most (places.go), read with the tokens the answering
// layer builds its analysis of a sentence on (names.go: Tokens, IsName,
// Demonym). What only a few answers need of one document (its figures,
// its summary) is read on first use and kept with the document.
//
// A load analyses each distinct token once (analyse.go): the French
// analyser's filters run once per token, the index is given the passages'
// terms ready, and the same pass gives the documents' folded words and the
// vocabulary the terms of its words. Text in Latin script is cut into
// words by segments.go, as bleve's Unicode segmenter cuts it but in one
// pass over its bytes; any other text by the segmenter.
//
// Every reason a file is refused is a sentinel error (ErrNotUTF8,
// ErrBadName and the reason of a bad name…) or a typed one (*SizeError,
// *DuplicateIDError), wrapped in a *FileError that names the file, so that
// callers can word it for their users; the error's own text is English,
// for logs.
//
// It never imports Discord, OpenAI or configuration code: it is fed a
// directory (or an fs.FS) and answers queries.
package knowledge
