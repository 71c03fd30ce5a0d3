package main

import (
	"database/sql"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/articlebot/articlebot/internal/tools/loadbench/frterms"
	"github.com/articlebot/articlebot/internal/tools/loadbench/passagefile"
	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: startfts5 PASSAGES QUESTION")
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		log.Fatalf("startfts5: %v", err)
	}
}

func run(passages, question string) error {
	an, err := frterms.New()
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE p USING fts5(text, title, id UNINDEXED, tokenize = ` + frterms.Tokenizer() + `)`); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	ins, err := tx.Prepare(`INSERT INTO p(text, title, id) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	var buf strings.Builder
	err = passagefile.Each(passages, func(doc, n, title, text string) error {
		title, _ = an.Joined(title, &buf)
		text, _ = an.Joined(text, &buf)
		if _, err := ins.Exec(text, title, doc+"§"+n); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	var terms []string
	seen := map[string]bool{}
	for _, t := range an.Terms(question) {
		if !seen[t] {
			seen[t] = true
			terms = append(terms, frterms.Quote(t))
		}
	}
	if len(terms) == 0 {
		return errors.New("no term in the question")
	}
	var id string
	var score float64
	err = db.QueryRow(`SELECT id, bm25(p, 1.0, 0.3) AS s FROM p WHERE p MATCH ? ORDER BY s, rowid LIMIT 5`,
		strings.Join(terms, " OR ")).Scan(&id, &score)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("query: %w", err)
	}
	fmt.Printf("best: %s (bm25 %.3f)\n", id, score)
	return nil
}
