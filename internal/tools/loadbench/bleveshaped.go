package main

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// bleveStats are the index-wide figures bleve's BM25 reads, taken from
// FTS5 (fts5vocab): the number of passages and, per column, the number of
// distinct terms (bleve's "average field length" is that number divided by
// the passages, rounded up: knowledge gives it these, FieldCardinality).
type bleveStats struct {
	passages          float64
	avgText, avgTitle float64
}

// prepareBleveShaped creates the fts5vocab tables bleveScored reads and the
// statistics.
func (x *termsIndex) prepareBleveShaped(ctx context.Context) (*bleveStats, error) {
	for _, q := range []string{
		`CREATE VIRTUAL TABLE temp.vc USING fts5vocab(main, p, 'col')`,
		`CREATE VIRTUAL TABLE temp.vi USING fts5vocab(main, p, 'instance')`,
	} {
		if _, err := x.db.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("fts5vocab: %w", err)
		}
	}
	st := &bleveStats{passages: float64(x.passages)}
	rows, err := x.db.QueryContext(ctx, `SELECT col, count(*) FROM temp.vc GROUP BY col`)
	if err != nil {
		return nil, fmt.Errorf("fts5vocab: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var col string
		var n float64
		if err := rows.Scan(&col, &n); err != nil {
			return nil, fmt.Errorf("fts5vocab: %w", err)
		}
		switch col {
		case "text":
			st.avgText = math.Ceil(n / st.passages) // bleve rounds it up
		case "title":
			st.avgTitle = math.Ceil(n / st.passages)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("fts5vocab: %w", err)
	}
	return st, nil
}

// bleveScored ranks the passages holding the query's terms with bleve's
// BM25 as knowledge's query runs it (its fuzzy clauses aside), computed in
// Go from FTS5's postings (fts5vocab 'instance': passage, column, count):
// for each term a clause on the text (boost 1) and one on the title (boost
// titleWeight); a clause scores boost·idf²·√tf·k1 / (√tf + k1·(1 − b +
// b·len/avg)) with idf = ln(1 + (N − df + 0.5)/(df + 0.5)) (bleve's term
// scorer times its query weight, less the query norm, the same for every
// passage); a passage's score is the sum of its clauses times the number
// of clauses it matches (bleve's coord, less the constant total).
func (x *termsIndex) bleveScored(ctx context.Context, st *bleveStats, terms []string, k int) ([]ftsHit, error) {
	const k1, b = 1.2, 0.75 // search.BM25_k1, search.BM25_b
	type acc struct {
		sum     float64
		matched int
	}
	scores := map[int]*acc{}
	for _, t := range terms {
		rows, err := x.db.QueryContext(ctx, `SELECT doc, col, count(*) FROM temp.vi WHERE term = ? GROUP BY doc, col`, t)
		if err != nil {
			return nil, fmt.Errorf("postings of %q: %w", t, err)
		}
		type posting struct {
			row int
			tf  float64
		}
		var text, title []posting
		for rows.Next() {
			var row int
			var col string
			var tf float64
			if err := rows.Scan(&row, &col, &tf); err != nil {
				rows.Close()
				return nil, fmt.Errorf("postings of %q: %w", t, err)
			}
			if col == "title" {
				title = append(title, posting{row, tf})
			} else {
				text = append(text, posting{row, tf})
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("postings of %q: %w", t, err)
		}
		for _, f := range []struct {
			ps    []posting
			boost float64
			avg   float64
			title bool
		}{{text, 1, st.avgText, false}, {title, titleWeight, st.avgTitle, true}} {
			df := float64(len(f.ps))
			idf := math.Log(1 + (st.passages-df+0.5)/(df+0.5))
			for _, p := range f.ps {
				ref := x.rows[p.row-1]
				l := float64(ref.textLen)
				if f.title {
					l = float64(ref.titleLen)
				}
				tf := math.Sqrt(p.tf)
				s := idf * (tf * k1) / (tf + k1*(1-b+b*l/f.avg)) * f.boost * idf
				a := scores[p.row]
				if a == nil {
					a = &acc{}
					scores[p.row] = a
				}
				a.sum += s
				a.matched++
			}
		}
	}
	type scored struct {
		row   int
		score float64
	}
	all := make([]scored, 0, len(scores))
	for row, a := range scores {
		all = append(all, scored{row, a.sum * float64(a.matched)})
	}
	// Best first, equal scores in row order (FTS5's ORDER BY s, rowid).
	slices.SortFunc(all, func(p, q scored) int {
		if c := cmp.Compare(q.score, p.score); c != 0 {
			return c
		}
		return cmp.Compare(p.row, q.row)
	})
	hits := make([]ftsHit, 0, min(k, len(all)))
	for _, s := range all[:min(k, len(all))] {
		hits = append(hits, ftsHit{x.rows[s.row-1], -s.score}) // lower is better, as bm25()
	}
	return hits, nil
}
