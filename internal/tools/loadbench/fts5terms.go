package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/articlebot/articlebot/internal/tools/loadbench/frterms"
	"github.com/articlebot/articlebot/knowledge"
)

// Column weights of bm25() for FTS5 with our terms: knowledge's query
// gives a term found in the title 0.3 of a term found in the passage
// (titleBoost). FTS5's bm25() multiplies each column's hit count by its
// weight before summing them into one term frequency.
const (
	textWeight  = 1.0
	titleWeight = 0.3
)

// termsIndex is an in-memory FTS5 table of passages holding the terms
// knowledge's French analyser produces: each row is one passage, its
// analysed text and its document's analysed title (as knowledge indexes
// the title with every passage), joined by spaces, in columns tokenized
// so that FTS5 keeps each term as it is (frterms.Tokenizer).
type termsIndex struct {
	db       *sql.DB
	an       *frterms.Analyzer
	passages int
	rows     []passageRef // rows[rowid-1]
}

type passageRef struct {
	doc string
	n   int
	// The numbers of terms of its text and title columns (FTS5 keeps them
	// too, but SQL cannot read them): bleveScored needs them.
	textLen, titleLen int32
}

// termsSchema creates the table.
func termsSchema() string {
	return `CREATE VIRTUAL TABLE p USING fts5(text, title, tokenize = ` + frterms.Tokenizer() + `)`
}

// newTermsIndex indexes docs: the analysis runs in parallel (as bleve's
// analysis workers do), the rows go in in one transaction, in document
// order; the vocabulary is built beside it, as knowledge builds it beside
// its index.
func newTermsIndex(ctx context.Context, an *frterms.Analyzer, docs []knowledge.Document) (*termsIndex, *vocabulary, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, nil, fmt.Errorf("open sqlite: %w", err)
	}
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	x := &termsIndex{db: db, an: an}
	var vocab *vocabulary
	var wg sync.WaitGroup
	wg.Go(func() {
		vocab = buildVocabulary(docs, func(w string) []string {
			return an.Terms(knowledge.SearchForm(knowledge.Normalize(w))) // knowledge's Base.Terms
		})
	})
	err = x.fill(ctx, docs)
	wg.Wait()
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return x, vocab, nil
}

// analysedDoc is a document's title and passages, analysed and joined.
type analysedDoc struct {
	title    string
	titleLen int
	texts    []string
	lens     []int // numbers of terms of texts
}

func (x *termsIndex) fill(ctx context.Context, docs []knowledge.Document) error {
	if _, err := x.db.ExecContext(ctx, termsSchema()); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	// Documents are analysed by GOMAXPROCS workers and inserted in order.
	order := make(chan chan analysedDoc, 64)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(order)
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for _, d := range docs {
			ch := make(chan analysedDoc, 1)
			select {
			case order <- ch:
			case <-stop:
				return
			}
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				var buf strings.Builder
				a := analysedDoc{texts: make([]string, len(d.Passages))}
				a.title, a.titleLen = x.an.Joined(knowledge.SearchForm(d.Title), &buf)
				a.lens = make([]int, len(d.Passages))
				for i, p := range d.Passages {
					a.texts[i], a.lens[i] = x.an.Joined(knowledge.SearchForm(p.Text), &buf)
				}
				ch <- a
			}()
		}
	}()
	tx, err := x.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	ins, err := tx.PrepareContext(ctx, `INSERT INTO p(rowid, text, title) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	i := 0
	for ch := range order {
		a := <-ch
		d := docs[i]
		i++
		for k, text := range a.texts {
			x.rows = append(x.rows, passageRef{d.ID, d.Passages[k].N, int32(a.lens[k]), int32(a.titleLen)})
			if _, err := ins.ExecContext(ctx, len(x.rows), text, a.title); err != nil {
				return fmt.Errorf("insert %s§%d: %w", d.ID, d.Passages[k].N, err)
			}
		}
	}
	x.passages = len(x.rows)
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (x *termsIndex) Close() error { return x.db.Close() }

// queryTerms are the distinct terms of q, analysed as knowledge's query
// analyses a question (Base.Terms), in order.
func (x *termsIndex) queryTerms(q string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range x.an.Terms(knowledge.SearchForm(knowledge.Normalize(q))) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// ftsHit is one passage found, with FTS5's bm25() (lower is better).
type ftsHit struct {
	passageRef
	score float64
}

// search returns the k best passages for the query's terms, any of them
// in either column (OR), ranked by bm25() with the column weights wText
// and wTitle, equal scores in insertion order (document path, passage).
func (x *termsIndex) search(ctx context.Context, terms []string, k int, wText, wTitle float64) ([]ftsHit, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = frterms.Quote(t)
	}
	rows, err := x.db.QueryContext(ctx, `SELECT rowid, bm25(p, ?, ?) AS s FROM p WHERE p MATCH ? ORDER BY s, rowid LIMIT ?`,
		wText, wTitle, strings.Join(quoted, " OR "), k)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	var hits []ftsHit
	for rows.Next() {
		var id int
		var s float64
		if err := rows.Scan(&id, &s); err != nil {
			return nil, fmt.Errorf("query: %w", err)
		}
		if id < 1 || id > len(x.rows) {
			return nil, fmt.Errorf("query: unknown rowid %d", id)
		}
		hits = append(hits, ftsHit{x.rows[id-1], s})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	return hits, nil
}

// runFTS5Terms is the FTS5-with-our-terms side of a measure: `loadbench
// fts5terms DIR QUESTION` reads and parses the base in DIR as articlebot
// does ("-": the embedded article), indexes it (newTermsIndex), asks
// QUESTION and prints the number of passages and the best one.
func runFTS5Terms(args []string) error {
	if len(args) != 2 {
		return errors.New("usage: loadbench fts5terms DIR|- QUESTION")
	}
	ctx := context.Background()
	ph := newPhases()
	docs, err := readDocs(ctx, args[0])
	if err != nil {
		return err
	}
	ph.mark("read and parse")
	an, err := frterms.New()
	if err != nil {
		return err
	}
	x, vocab, err := newTermsIndex(ctx, an, docs)
	if err != nil {
		return err
	}
	defer x.Close()
	ph.mark("analyse and insert (vocabulary beside)")
	hits, err := x.search(ctx, x.queryTerms(args[1]), 5, textWeight, titleWeight)
	if err != nil {
		return err
	}
	ph.mark("query")
	best := "none"
	if len(hits) > 0 {
		best = fmt.Sprintf("%s §%d (bm25 %.3f)", hits[0].doc, hits[0].n, hits[0].score)
	}
	fmt.Printf("%d passages, %d words; best: %s\n%s", x.passages, len(vocab.words), best, ph)
	return nil
}

// phases times the parts of a process: wall and CPU time (getrusage) of
// each since the previous mark.
type phases struct {
	b       strings.Builder
	lastCPU time.Duration
	last    time.Time
}

func newPhases() *phases {
	return &phases{last: time.Now(), lastCPU: processCPU()}
}

func (p *phases) mark(name string) {
	now, cpu := time.Now(), processCPU()
	fmt.Fprintf(&p.b, "  %s: %s wall, %s CPU\n", name, ms(now.Sub(p.last)), ms(cpu-p.lastCPU))
	p.last, p.lastCPU = now, cpu
}

func (p *phases) String() string { return p.b.String() }

// processCPU is the user and system CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// readDocs reads the base in dir as articlebot does ("" or "-": the
// embedded article).
func readDocs(ctx context.Context, dir string) ([]knowledge.Document, error) {
	var docs []knowledge.Document
	var err error
	if dir == "" || dir == "-" {
		docs, err = knowledge.ReadDocuments(ctx, knowledge.DefaultFS(), knowledge.Options{})
	} else {
		docs, err = knowledge.DirSource(dir).ReadDocuments(ctx, knowledge.Options{})
	}
	if err != nil {
		return nil, fmt.Errorf("read base: %w", err)
	}
	return docs, nil
}
