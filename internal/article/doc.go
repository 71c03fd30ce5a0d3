// Package article turns a fetched web page into a knowledge document: the
// main text found by a readability library (go-readability, a port of
// Mozilla's Readability: no navigation, advertising, comments or footer),
// its title, author, publication date and language, written as Markdown
// with YAML front matter (title, source, date, lang, author) that
// knowledge.ParseDocument reads.
//
// A page is untrusted: its text is decoded with the charset it declares,
// stripped of control and invisible format characters (bidi overrides,
// zero-width spaces), laid out one paragraph per block so that nothing in
// it can become front matter or structure, and its metadata is written
// through a YAML encoder.
package article
