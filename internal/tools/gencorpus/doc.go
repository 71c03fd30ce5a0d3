// Command gencorpus builds the French benchmark knowledge base stored in
// knowledge/testdata/bench/manpages-fr.tar.gz from Debian's French manual
// pages (package manpages-fr).
//
// It renders every regular page under -src to plain text with mandoc(1)
// (falling back to man(1) when mandoc is absent), drops the page header and
// footer and the boilerplate sections (TRADUCTION, VOIR AUSSI, COPYRIGHT,
// AUTEURS…), keeps only paragraphs that read as French, removes every
// paragraph already seen in an earlier page, keeps the -docs largest pages and
// trims them at paragraph boundaries so that the documents total about -bytes
// bytes. Each document is a Markdown file with YAML front matter:
//
//	---
//	title: "ls(1) : Afficher le contenu de répertoires"
//	source: "Debian manpages-fr: ls(1)"
//	lang: fr
//	tags: ["manpage", "section-1", "commandes"]
//	---
//
// Usage (from the repository root, after
// `apt-get install -y manpages-fr mandoc`):
//
//	go run ./internal/tools/gencorpus -archive knowledge/testdata/bench/manpages-fr.tar.gz
//	go run ./internal/tools/gencorpus -out /tmp/corpus
//
// The archive is deterministic for a given manpages-fr and mandoc version:
// files are sorted, timestamps and owners are fixed.
package main
