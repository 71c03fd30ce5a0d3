package main

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/articlebot/articlebot/internal/tools/loadbench/passagefile"
	_ "modernc.org/sqlite"
)

// runFTS5 is the FTS5 side of a measure: `loadbench fts5 PASSAGES
// QUESTION` loads the passages file into an in-memory FTS5 table in one
// transaction, then asks QUESTION (its words joined by OR, ranked by bm25)
// and prints the number of passages and the best one.
func runFTS5(args []string) error {
	if len(args) != 2 {
		return errors.New("usage: loadbench fts5 PASSAGES QUESTION")
	}
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	if _, err := db.Exec(`CREATE VIRTUAL TABLE p USING fts5(doc UNINDEXED, n UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	ins, err := tx.Prepare(`INSERT INTO p(doc, n, text) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	count := 0
	err = passagefile.Each(args[0], func(doc, n, _, text string) error { // the title is not indexed here
		if _, err := ins.Exec(doc, n, text); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		count++
		return nil
	})
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	var words []string
	for _, w := range strings.FieldsFunc(args[1], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		words = append(words, `"`+w+`"`)
	}
	var doc, n, text string
	err = db.QueryRow(`SELECT doc, n, text FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 5`, strings.Join(words, " OR ")).Scan(&doc, &n, &text)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("query: %w", err)
	}
	fmt.Printf("%d passages; best: %s §%s: %.80s\n", count, doc, n, text)
	return nil
}
