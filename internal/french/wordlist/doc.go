// Package wordlist reads the word lists of package french
// (internal/french/data/*.txt, format in data/README.md): it parses them,
// checks them (header, form, values, each entry once) and resolves their
// includes, and [Generate] writes them as Go tables, the file
// internal/french/lists_gen.go that package french reads (command
// internal/tools/genwords). So nothing is parsed when a program starts:
// the tables are data the linker lays out. This package is for the
// generator and the tests; programs do not link it.
package wordlist
