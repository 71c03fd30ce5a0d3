package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/eval"
	"github.com/articlebot/articlebot/internal/tools/loadbench/frterms"
	"github.com/articlebot/articlebot/knowledge"
)

// recallKs are the ranks at which recall is counted; the searches return
// the last one's number of passages.
var recallKs = []int{1, 5, 8}

// rankedFTS is the ranking of FTS5's hits, with passage ids as bleve's.
func rankedFTS(hits []ftsHit) ranked {
	var rk ranked
	for _, h := range hits {
		rk.ids = append(rk.ids, h.doc+"§"+strconv.Itoa(h.n))
		rk.scores = append(rk.scores, h.score)
	}
	return rk
}

// ranked is what one engine returned for one question: passage ids, best
// first, with their scores.
type ranked struct {
	ids    []string
	scores []float64
}

// engineResult is one engine's run over the questions.
type engineResult struct {
	name    string
	found   []int // found[i]: questions whose gold passage is in the first recallKs[i]
	none    int   // questions that found no passage at all
	elapsed time.Duration
	lists   []ranked
}

// runRecall is `loadbench recall -squad FILE`: the recall@1/5/8 of the
// passage holding the gold answer, for knowledge.Base.Search (bleve) and
// for FTS5 fed with the same analyser's terms, queried with the same
// terms, on one base of every article of the set; with -loads 2 it builds
// each engine twice and compares the rankings and scores of the two loads.
func runRecall(args []string) error {
	fl := flag.NewFlagSet("recall", flag.ContinueOnError)
	squad := fl.String("squad", "/work/shared/datasets/piaf-v1.1-dev.squad.json", "SQuAD-format data set")
	weights := fl.String("weights", "1:0.3,1:1,1:0", "FTS5 bm25() column weights text:title to measure, comma-separated (the first is the main one)")
	loads := fl.Int("loads", 2, "loads of each engine (2 or more: compare them)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *loads < 1 {
		return errors.New("-loads: want 1 or more")
	}
	type colWeights struct{ text, title float64 }
	var ws []colWeights
	for f := range strings.SplitSeq(*weights, ",") {
		a, b, ok := strings.Cut(f, ":")
		x, err1 := strconv.ParseFloat(a, 64)
		y, err2 := strconv.ParseFloat(b, 64)
		if !ok || err1 != nil || err2 != nil {
			return fmt.Errorf("-weights: %q is not text:title", f)
		}
		ws = append(ws, colWeights{x, y})
	}
	f, err := os.Open(*squad)
	if err != nil {
		return fmt.Errorf("data set (PIAF lives in /work/shared/datasets): %w", err)
	}
	fsys, cases, err := eval.ReadSQuAD(f)
	f.Close()
	if err != nil {
		return err
	}
	cases = slices.DeleteFunc(cases, func(c eval.Case) bool { return !c.Answerable() || c.Doc == "" })
	ctx := context.Background()
	docs, err := knowledge.ReadDocuments(ctx, fsys, knowledge.Options{})
	if err != nil {
		return fmt.Errorf("read %s: %w", *squad, err)
	}
	passages := 0
	for _, d := range docs {
		passages += len(d.Passages)
	}
	k := recallKs[len(recallKs)-1]
	an, err := frterms.New()
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d documents, %d passages, %d answerable questions; one base of all the documents\n\n", *squad, len(docs), passages, len(cases))

	var results [][]engineResult // results[load]
	var fuzzyQs, termMismatch, emptyQs int
	for load := range *loads {
		var rs []engineResult

		// bleve, through the product's Base.Search.
		t0 := time.Now()
		b, err := knowledge.Build(ctx, docs)
		if err != nil {
			return err
		}
		buildBleve := time.Since(t0)
		r := engineResult{name: "bleve (knowledge.Base.Search)", found: make([]int, len(recallKs))}
		start := time.Now()
		for _, c := range cases {
			hits, err := b.Search(ctx, c.Question, k)
			if err != nil && !errors.Is(err, knowledge.ErrEmptyQuery) {
				return err
			}
			var rk ranked
			for _, h := range hits {
				rk.ids = append(rk.ids, h.Passage.ID())
				rk.scores = append(rk.scores, h.Score)
			}
			r.add(rk, c)
		}
		r.elapsed = time.Since(start)
		rs = append(rs, r)

		// FTS5 with our terms.
		t0 = time.Now()
		x, _, err := newTermsIndex(ctx, an, docs)
		if err != nil {
			return err
		}
		buildFTS := time.Since(t0)
		qterms := make([][]string, len(cases))
		for i, c := range cases {
			qterms[i] = x.queryTerms(c.Question)
			if load == 0 {
				// The same terms as bleve's query, fuzzy clauses aside.
				if !slices.Equal(qterms[i], dedupe(b.Terms(c.Question))) {
					termMismatch++
				}
				if len(qterms[i]) == 0 {
					emptyQs++
				}
				for _, t := range qterms[i] {
					if !b.Known(t) && utf8.RuneCountInString(t) >= 4 {
						fuzzyQs++
						break
					}
				}
			}
		}
		for _, w := range ws {
			r := engineResult{name: fmt.Sprintf("FTS5 + our terms, bm25(p, %g, %g)", w.text, w.title), found: make([]int, len(recallKs))}
			start := time.Now()
			for i, c := range cases {
				hits, err := x.search(ctx, qterms[i], k, w.text, w.title)
				if err != nil {
					return err
				}
				r.add(rankedFTS(hits), c)
			}
			r.elapsed = time.Since(start)
			rs = append(rs, r)
		}
		// FTS5's postings, bleve's scoring (computed here).
		st, err := x.prepareBleveShaped(ctx)
		if err != nil {
			return err
		}
		r = engineResult{name: "FTS5 + our terms, bleve's BM25 computed in Go from FTS5's postings", found: make([]int, len(recallKs))}
		start = time.Now()
		for i, c := range cases {
			hits, err := x.bleveScored(ctx, st, qterms[i], k)
			if err != nil {
				return err
			}
			r.add(rankedFTS(hits), c)
		}
		r.elapsed = time.Since(start)
		rs = append(rs, r)
		if err := x.Close(); err != nil {
			return err
		}
		if err := b.Close(); err != nil {
			return err
		}
		fmt.Printf("load %d: bleve built in %s, FTS5 + our terms in %s (wall, in this process)\n", load+1, ms(buildBleve), ms(buildFTS))
		results = append(results, rs)
	}
	fmt.Printf("\nquestions whose FTS5 terms differ from knowledge's Base.Terms: %d; with no term: %d; where bleve adds fuzzy clauses (a term of 4 runes or more the base does not hold): %d\n\n",
		termMismatch, emptyQs, fuzzyQs)

	fmt.Printf("| engine | recall@1 | recall@5 | recall@8 | no passage | search time per question |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range results[0] {
		fmt.Printf("| %s |", r.name)
		for _, n := range r.found {
			fmt.Printf(" %d (%.1f %%) |", n, 100*float64(n)/float64(len(cases)))
		}
		fmt.Printf(" %d | %.2f ms |\n", r.none, float64(r.elapsed)/float64(time.Millisecond)/float64(len(cases)))
	}

	fmt.Println()
	for j, r := range results[0] {
		ties, tiesAtCut := 0, make([]int, len(recallKs))
		for _, rk := range r.lists {
			if hasTie(rk.scores) {
				ties++
			}
			for i, kk := range recallKs {
				if kk < len(rk.scores) && rk.scores[kk-1] == rk.scores[kk] {
					tiesAtCut[i]++
				}
			}
		}
		fmt.Printf("%s: questions with equal scores among their %d passages: %d; a tie across rank 1/5 (the passages at ranks k and k+1 score the same): %d/%d\n",
			r.name, k, ties, tiesAtCut[0], tiesAtCut[1])
		for load := 1; load < len(results); load++ {
			other := results[load][j]
			sameIDs, sameScores, maxDiff := 0, 0, 0.0
			for i, rk := range r.lists {
				o := other.lists[i]
				if slices.Equal(rk.ids, o.ids) {
					sameIDs++
				}
				if slices.Equal(rk.scores, o.scores) {
					sameScores++
				}
				for q := range min(len(rk.scores), len(o.scores)) {
					maxDiff = max(maxDiff, math.Abs(rk.scores[q]-o.scores[q]))
				}
			}
			fmt.Printf("  load %d against load 1: same passages in the same order %d/%d, bit-identical scores %d/%d, largest score difference %g\n",
				load+1, sameIDs, len(cases), sameScores, len(cases), maxDiff)
		}
	}
	return nil
}

func (r *engineResult) add(rk ranked, c eval.Case) {
	gold := c.Doc + "§" + strconv.Itoa(c.Passage)
	pos := slices.Index(rk.ids, gold)
	for i, k := range recallKs {
		if pos >= 0 && pos < k {
			r.found[i]++
		}
	}
	if len(rk.ids) == 0 {
		r.none++
	}
	r.lists = append(r.lists, rk)
}

func hasTie(scores []float64) bool {
	for i := 1; i < len(scores); i++ {
		if scores[i] == scores[i-1] {
			return true
		}
	}
	return false
}

func dedupe(ts []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
