package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/internal/tools/loadbench/frterms"
	"github.com/articlebot/articlebot/knowledge"
)

// benchDocs reads the benchmark corpus (500 manual pages, 2.5 MB) as
// articlebot reads a base.
func benchDocs(b *testing.B) []knowledge.Document {
	b.Helper()
	files, err := readCorpus(filepath.Join("..", "..", "..", "knowledge", "testdata", "bench", "manpages-fr.tar.gz"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := writeBase(dir, files); err != nil {
		b.Fatal(err)
	}
	docs, err := readDocs(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	return docs
}

// The parts of a load of FTS5 with our terms, each alone and on one core
// (go test -bench Phases -cpu 1): reading and parsing, the analysis, the
// FTS5 inserts of already analysed text, the vocabulary, and the whole.
func BenchmarkPhases(b *testing.B) {
	ctx := context.Background()
	docs := benchDocs(b)
	an, err := frterms.New()
	if err != nil {
		b.Fatal(err)
	}
	var joined [][]string
	var titles []string
	var buf strings.Builder
	for _, d := range docs {
		t, _ := an.Joined(knowledge.SearchForm(d.Title), &buf)
		titles = append(titles, t)
		var ps []string
		for _, p := range d.Passages {
			s, _ := an.Joined(knowledge.SearchForm(p.Text), &buf)
			ps = append(ps, s)
		}
		joined = append(joined, ps)
	}
	dir := b.TempDir()
	files, err := readCorpus(filepath.Join("..", "..", "..", "knowledge", "testdata", "bench", "manpages-fr.tar.gz"))
	if err != nil {
		b.Fatal(err)
	}
	if err := writeBase(dir, files); err != nil {
		b.Fatal(err)
	}
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			if _, err := readDocs(ctx, dir); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("analyse", func(b *testing.B) {
		for b.Loop() {
			for _, d := range docs {
				an.Joined(knowledge.SearchForm(d.Title), &buf)
				for _, p := range d.Passages {
					an.Joined(knowledge.SearchForm(p.Text), &buf)
				}
			}
		}
	})
	b.Run("insert", func(b *testing.B) {
		for b.Loop() {
			db, err := sql.Open("sqlite", ":memory:")
			if err != nil {
				b.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			if _, err := db.Exec(termsSchema()); err != nil {
				b.Fatal(err)
			}
			tx, err := db.Begin()
			if err != nil {
				b.Fatal(err)
			}
			ins, err := tx.Prepare(`INSERT INTO p(rowid, text, title) VALUES (?, ?, ?)`)
			if err != nil {
				b.Fatal(err)
			}
			row := 0
			for i, ps := range joined {
				for _, s := range ps {
					row++
					if _, err := ins.Exec(row, s, titles[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
	})
	b.Run("vocabulary", func(b *testing.B) {
		for b.Loop() {
			buildVocabulary(docs, func(w string) []string {
				return an.Terms(knowledge.SearchForm(knowledge.Normalize(w)))
			})
		}
	})
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			x, _, err := newTermsIndex(ctx, an, docs)
			if err != nil {
				b.Fatal(err)
			}
			x.Close()
		}
	})
	b.Run("bleve", func(b *testing.B) {
		for b.Loop() {
			kb, err := knowledge.Build(ctx, docs)
			if err != nil {
				b.Fatal(err)
			}
			kb.Close()
		}
	})
}

// searchQuestions are asked of the benchmark corpus (manual pages).
var searchQuestions = []string{
	"Comment afficher la taille des fichiers d'un répertoire ?",
	"Quelle option permet de copier récursivement un répertoire ?",
	"Comment changer les droits d'un fichier ?",
	"Comment compresser une archive avec gzip ?",
	"Quel signal envoie la commande kill par défaut ?",
	"Comment afficher les processus en cours ?",
	"Comment monter un système de fichiers ?",
	"Comment trier les lignes d'un fichier texte ?",
	"Quelle commande affiche l'espace disque libre ?",
	"Comment créer un lien symbolique ?",
}

// One search of the benchmark corpus (2.5 MB, 500 manual pages), per
// engine: knowledge's Base.Search (bleve, fuzzy clauses included), FTS5's
// bm25() over our terms, and bleve's BM25 computed from FTS5's postings.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	docs := benchDocs(b)
	kb, err := knowledge.Build(ctx, docs)
	if err != nil {
		b.Fatal(err)
	}
	defer kb.Close()
	x, _ := testTermsIndex(b, docs)
	st, err := x.prepareBleveShaped(ctx)
	if err != nil {
		b.Fatal(err)
	}
	terms := make([][]string, len(searchQuestions))
	for i, q := range searchQuestions {
		terms[i] = x.queryTerms(q)
	}
	b.Run("bleve", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := kb.Search(ctx, searchQuestions[i%len(searchQuestions)], 8); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("fts5-bm25", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := x.search(ctx, terms[i%len(terms)], 8, textWeight, titleWeight); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("fts5-bleve-bm25", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := x.bleveScored(ctx, st, terms[i%len(terms)], 8); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
