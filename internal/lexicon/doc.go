// Package lexicon bridges the vocabulary gap between a user's question and
// the French knowledge base, which is matched lexically. It embeds two real
// language resources, extracted from Debian packages by
// internal/tools/genlexicon (see data/README.md for versions and licences):
//
//   - a French thesaurus (LibreOffice/MyThes, package mythes-fr, LGPL-2.1+):
//     [Lexicon.Synonyms] returns synonyms of a French word, first lemmatising
//     it roughly (plural, feminine, accents, common verb endings), e.g.
//     "travaillent" → synonyms of "travailler"; [Lexicon.Lemmas] exposes the
//     dictionary forms found;
//   - an English→French dictionary (FreeDict eng-fra, package
//     dict-freedict-eng-fra, GPL-2+): [Lexicon.Translate] returns French
//     translations of an English word ("employees" → "employé"),
//     [Lexicon.TranslatePhrase] looks up short multiword headwords, and
//     [Lexicon.IsEnglishWord] helps language detection;
//   - French conjugation (verbiste, package verbiste, GPL-2+: about 7,000
//     verbs and 148 conjugation templates): [Lexicon.Infinitives] analyses a
//     verb form ("meurt", "mortes" → "mourir"; accents optional),
//     [Lexicon.VerbForms] conjugates a verb, and [Lexicon.Lemmas] (hence
//     Synonyms and Expand) uses the analyses for irregular forms such as
//     "pris" → "prendre".
//
// The data is embedded uncompressed and searched where it lies: each table
// is a sorted text of "key<TAB>value" lines with a line index generated
// beside it (go generate runs internal/tools/genlexicon -derive, which also
// derives the accent-folded tables), looked up by binary search. Nothing is
// decompressed or turned into maps at start; opening the data on first use
// parses only the 148 conjugation templates (about 1 ms) and keeps about
// 0.5 MiB of heap. [New] opens eagerly and reports errors, [Lazy] on the
// first look-up. Look-ups are safe for concurrent use and return fresh
// slices (nil when nothing is found). Verb forms are generated from the
// templates on demand, never all expanded. The package holds no mutable
// package-level state.
package lexicon
