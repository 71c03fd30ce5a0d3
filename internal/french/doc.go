// Package french holds what the knowledge base and the answering layer
// both need to know of written French.
//
// How words fold for matching (case, accents, ligatures): one folding
// function, [Fold], used everywhere, so that "sœur", "Soeur" and "soeur"
// are one word wherever they are compared.
//
// The word lists both read: articles, prepositions, auxiliaries, month
// names, number words, question cues and the like, one embedded file each
// in data/ (data/README.md). Each file's header says what the list is
// for, how its entries are written (folded, lower case with accents, or as
// written) and where it comes from; a list may include another ("@name"),
// so that a grammatical category shared by two users is written once.
// [Words] returns a list as a read-only [Set], [List] in its order, and
// [Ints], [Floats] and [Texts] a valued list as a read-only [Table]. The
// files are not read when a program runs: internal/tools/genwords (`go
// generate`) parses and checks them (package wordlist) and writes them as
// Go tables, lists_gen.go, sorted arrays of strings that the linker lays
// out, so starting a program parses, allocates and hashes nothing for
// them; a look-up is a binary search. The package holds no state that
// callers can change.
package french
