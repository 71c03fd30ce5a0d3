// Command genlexicon builds the compact word lists embedded by
// internal/lexicon from two Debian packages:
//
//   - mythes-fr (LibreOffice French thesaurus, MyThes format,
//     /usr/share/mythes/thes_fr.dat, LGPL-2.1+), written to
//     internal/lexicon/data/thesaurus-fr.txt.gz;
//   - dict-freedict-eng-fra (FreeDict English→French dictionary, dictd
//     format, /usr/share/dictd/freedict-eng-fra.{index,dict.dz}, GPL-2+),
//     written to internal/lexicon/data/en-fr.txt.gz.
//
// Both outputs are gzip'ed UTF-8 text: a few `#` comment lines naming the
// source and its licence, then one sorted line per headword:
//
//	headword<TAB>word1|word2|word3
//
// Every word is lowercased and NFC-normalised; typographic hyphens and
// apostrophes are mapped to ASCII; parenthesised notes such as "(se)" are
// dropped; entries and words longer than -maxwords words are dropped; lists
// are de-duplicated and capped at -cap words (MyThes lists the closest
// synonyms first, so the first ones are kept). With -symmetric (the default)
// the thesaurus is made symmetric: when A lists B, A is appended to B's list
// (after B's own synonyms, closest links first, still within -cap), and B
// gets an entry if it had none.
//
// Regenerate (from the repository root, after
// `apt-get install -y mythes-fr dict-freedict-eng-fra`):
//
//	go run ./internal/tools/genlexicon -out internal/lexicon/data
//
// The output is deterministic for given package versions and Go version
// (sorted lines, gzip header without name or timestamp).
package main
