package train

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/eval"
	"github.com/articlebot/articlebot/knowledge"
)

// NewAnswerer builds an answerer over kb that scores with m.
type NewAnswerer func(kb answer.KnowledgeBase, m *answer.Model) *answer.Answerer

// Config says what to fit on.
type Config struct {
	// SQuAD is a SQuAD data set (PIAF): its articles become a knowledge
	// base, and each question is also asked of the base without its
	// article, where it must be declined.
	SQuAD io.Reader
	// Extra are question sets about Base (the default article), counted
	// Weight times each; they join every fold's training data.
	Extra       []eval.Case
	ExtraBase   answer.KnowledgeBase
	ExtraWeight float64
	Folds       int     // cross-validation folds, grouped by article (0: no cross-validation)
	Lambda      float64 // L2 penalty
	New         NewAnswerer
	Knowledge   knowledge.Options
	Log         io.Writer // progress; nil for none
	// Cache, if set, is a file that keeps the collected features: read
	// when it exists (the features must come from the same code), written
	// otherwise. Refitting then takes seconds instead of minutes.
	Cache string
	// Quick skips answering each fold's questions for real: the folds
	// report only what the model's best candidates hold.
	Quick bool
	// SingleWeight is how much a question asked of its article alone (or
	// of it without the question's paragraph) counts in fitting; at 0
	// those questions are only reported.
	SingleWeight float64
}

// collected is what Cache holds.
type collected struct {
	With, Without, Extra []Example
	// Alone and Missing are the same questions asked of a base that holds
	// only their article, and only their article without the paragraph
	// they were written on (see collectSingle).
	Alone, Missing []Example
}

// FoldReport is how one fold's model does on the fold's articles, which
// it was not fitted on.
type FoldReport struct {
	Fold                int
	Articles, Questions int
	Answered            eval.Report // the fold's questions, asked of the whole base
	Declined            eval.Report // the same, asked of the base without the fold's articles
	Model               *answer.Model
}

// Result is a training run.
type Result struct {
	Folds []FoldReport
	Model *answer.Model // fitted on everything
}

// Run collects the features of every question, cross-validates and
// fits the final model.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	fsys, cases, err := eval.ReadSQuAD(cfg.SQuAD)
	if err != nil {
		return nil, err
	}
	full, err := load(ctx, fsys, cfg.Knowledge)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	boot := answer.DefaultModel()
	k := max(cfg.Folds, 2) // the without-article questions need folds even when no cross-validation is asked
	fold := func(doc string) int {
		h := fnv.New32a()
		h.Write([]byte(doc))
		return int(h.Sum32() % uint32(k))
	}
	minus := make([]*knowledge.Store, k)
	for f := 0; f < k; f++ {
		sub := fstest.MapFS{}
		for name, file := range fsys {
			if fold(strings.TrimSuffix(name, ".md")) != f {
				sub[name] = file
			}
		}
		if minus[f], err = load(ctx, sub, cfg.Knowledge); err != nil {
			return nil, err
		}
	}
	var withArticle, without, extra, alone, missing []Example
	if c, err := readCache(cfg.Cache); err == nil && len(c.With) == len(cases) && len(c.Extra) == len(cfg.Extra) && len(c.Alone) == len(cases) {
		withArticle, without, extra, alone, missing = c.With, c.Without, c.Extra, c.Alone, c.Missing
		logf("features read from %s", cfg.Cache)
	} else {
		if withArticle, err = collect(ctx, cfg.New(full, boot), cases, true, 1); err != nil {
			return nil, err
		}
		logf("features of %d questions with their article: %s", len(cases), time.Since(start).Round(time.Millisecond))
		without = make([]Example, len(cases))
		for f := 0; f < k; f++ {
			var idx []int
			var cs []eval.Case
			for i, c := range cases {
				if fold(c.Doc) == f {
					idx, cs = append(idx, i), append(cs, c)
				}
			}
			ex, err := collect(ctx, cfg.New(minus[f], boot), cs, false, 1)
			if err != nil {
				return nil, err
			}
			for j, i := range idx {
				without[i] = ex[j]
			}
		}
		logf("features of the same questions without their article: %s", time.Since(start).Round(time.Millisecond))
		if alone, missing, err = collectSingle(ctx, cfg, fsys, cases, boot); err != nil {
			return nil, err
		}
		logf("features of the same questions asked of their article alone, and of it without their paragraph: %s", time.Since(start).Round(time.Millisecond))
		if len(cfg.Extra) > 0 {
			if extra, err = collect(ctx, cfg.New(cfg.ExtraBase, boot), cfg.Extra, true, cfg.ExtraWeight); err != nil {
				return nil, err
			}
			for i := range extra {
				extra[i].Answerable = cfg.Extra[i].Answerable()
			}
		}
		if cfg.Cache != "" {
			if err := writeCache(cfg.Cache, collected{withArticle, without, extra, alone, missing}); err != nil {
				return nil, err
			}
		}
	}
	for i := range extra {
		extra[i].Weight = cfg.ExtraWeight
	}
	for i := range alone {
		alone[i].Weight, missing[i].Weight = cfg.SingleWeight, cfg.SingleWeight
	}
	// single is question i asked of its article alone and, unless the
	// article has one paragraph, of it without the question's paragraph.
	single := func(i int) []Example {
		if missing[i].Group == "" {
			return []Example{alone[i]}
		}
		return []Example{alone[i], missing[i]}
	}
	res := &Result{}
	if cfg.Folds >= 2 {
		for f := 0; f < k; f++ {
			var tr []Example
			var test []eval.Case
			articles := map[string]bool{}
			for i, c := range cases {
				if fold(c.Doc) != f {
					tr = append(tr, withArticle[i], without[i])
					if cfg.SingleWeight > 0 {
						tr = append(tr, single(i)...)
					}
				} else {
					test = append(test, c)
					articles[c.Doc] = true
				}
			}
			tr = append(tr, extra...)
			m, err := fit(tr, cfg.Lambda)
			if err != nil {
				return nil, err
			}
			var testEx, testSingle []Example
			for i, c := range cases {
				if fold(c.Doc) == f {
					testEx = append(testEx, withArticle[i], without[i])
					testSingle = append(testSingle, single(i)...)
				}
			}
			ds := Decide(testEx, m.Rank)
			top := 0
			for _, d := range ds {
				if d.Right {
					top++
				}
			}
			logf("fold %d: best candidate right %d/%d", f+1, top, len(ds)/2)
			for _, t := range []float64{0.05, 0.1, 0.2, 0.3, 0.4, 0.5} {
				r := RatesAt(ds, m, t)
				logf("  at %.2f: answered right %.3f, declined %.3f", t, r.Answered, r.Declined)
			}
			r := RatesAt(ds, m, m.Threshold)
			logf("  at the model's threshold %.2f: answered right %.3f, declined %.3f", m.Threshold, r.Answered, r.Declined)
			r = RatesAt(Decide(testSingle, m.Rank), m, m.Threshold)
			logf("  one-article bases at %.2f: answered right %.3f, declined %.3f (the question's paragraph removed)", m.Threshold, r.Answered, r.Declined)
			if cfg.Quick {
				continue
			}
			fr := FoldReport{Fold: f + 1, Articles: len(articles), Questions: len(test), Model: m}
			fr.Answered = eval.Run(ctx, cfg.New(full, m), test)
			declineCases := make([]eval.Case, len(test))
			for i, c := range test {
				no := false
				c.ExpectFound = &no
				declineCases[i] = c
			}
			fr.Declined = eval.Run(ctx, cfg.New(minus[f], m), declineCases)
			logf("fold %d: %d articles, answered %d/%d, recall@%d %d/%d, declined without the article %d/%d (threshold %.2f)",
				f+1, len(articles), fr.Answered.Correct, fr.Answered.Answerable, fr.Answered.K, fr.Answered.Recalled, fr.Answered.WithPassage,
				fr.Declined.Declined, fr.Declined.Unanswerable, m.Threshold)
			res.Folds = append(res.Folds, fr)
		}
	}
	all := slices.Concat(withArticle, without, extra)
	if cfg.SingleWeight > 0 {
		for i := range alone {
			all = append(all, single(i)...)
		}
	}
	if res.Model, err = fit(all, cfg.Lambda); err != nil {
		return nil, err
	}
	for _, s := range append(minus, full) {
		_ = s.Base().Close()
	}
	return res, nil
}

// fit fits a whole model on examples.
func fit(examples []Example, lambda float64) (*answer.Model, error) {
	rank, err := FitRanker(examples, lambda)
	if err != nil {
		return nil, err
	}
	ds := Decide(examples, rank)
	dec, bias, err := FitDecider(ds, lambda)
	if err != nil {
		return nil, err
	}
	m := &answer.Model{Rank: rank, Decide: dec, Bias: bias}
	m.Threshold = ChooseThreshold(ds, m)
	return m, nil
}

func load(ctx context.Context, fsys fstest.MapFS, opts knowledge.Options) (*knowledge.Store, error) {
	s := knowledge.NewStore(knowledge.FSSource(fsys), opts)
	if _, err := s.Reload(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// collect examines every case with a, in parallel, and labels each
// candidate: right when it holds the case's answer (in the case's
// document, when it names one).
func collect(ctx context.Context, a *answer.Answerer, cases []eval.Case, answerable bool, weight float64) ([]Example, error) {
	out := make([]Example, len(cases))
	errs := make([]error, len(cases))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Go(func() {
			for i := range next {
				c := cases[i]
				ex, err := a.Examine(ctx, c.Question)
				e := Example{Group: c.Doc, Answerable: answerable, Weight: weight}
				if err != nil {
					if !errors.Is(err, answer.ErrEmptyQuestion) && !errors.Is(err, answer.ErrQuestionTooLong) {
						errs[i] = fmt.Errorf("%q: %w", c.Question, err)
					}
					out[i] = e
					continue
				}
				e.Known, e.Kind = ex.Known, ex.Kind
				for _, cand := range ex.Candidates {
					e.Features = append(e.Features, cand.Features)
					e.Right = append(e.Right, answerable && (c.Doc == "" || c.Doc == cand.Doc) && c.Holds(cand.Text))
					e.Where = append(e.Where, fmt.Sprintf("%s§%d.%d", cand.Doc, cand.Passage, cand.Sentence))
				}
				out[i] = e
			}
		})
	}
	for i := range cases {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, errors.Join(errs...)
}

// Summary sums the folds' reports.
func (r *Result) Summary() (answered, answerable, recalled, withPassage, declined, unanswerable int) {
	for _, f := range r.Folds {
		answered += f.Answered.Correct
		answerable += f.Answered.Answerable
		recalled += f.Answered.Recalled
		withPassage += f.Answered.WithPassage
		declined += f.Declined.Declined
		unanswerable += f.Declined.Unanswerable
	}
	return
}

// Explain lists a model's weights, largest effect first, for people.
func Explain(m *answer.Model) string {
	type kv struct {
		name string
		w    float64
	}
	var ws []kv
	for i, n := range answer.FeatureNames() {
		ws = append(ws, kv{n, m.Rank[i]})
	}
	sort.SliceStable(ws, func(i, j int) bool { return math.Abs(ws[i].w) > math.Abs(ws[j].w) })
	var b strings.Builder
	for _, x := range ws {
		fmt.Fprintf(&b, "  rank %-15s %+.3f\n", x.name, x.w)
	}
	for i, n := range answer.DecisionNames() {
		fmt.Fprintf(&b, "  decide %-13s %+.3f\n", n, m.Decide[i])
	}
	fmt.Fprintf(&b, "  bias %+.3f threshold %.2f\n", m.Bias, m.Threshold)
	return b.String()
}

func readCache(path string) (collected, error) {
	var c collected
	if path == "" {
		return c, os.ErrNotExist
	}
	f, err := os.Open(path)
	if err != nil {
		return c, err
	}
	defer f.Close()
	err = gob.NewDecoder(bufio.NewReader(f)).Decode(&c)
	return c, err
}

func writeCache(path string, c collected) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := gob.NewEncoder(w).Encode(c); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// collectSingle asks every question of a base holding only its article,
// and of a base holding its article without the paragraph the question
// was written on: the shape of base the bot is most often run with (one
// article), and its hardest questions to decline, those on the article's
// subject that it does not answer. Without the paragraph, a question is
// answerable only if another paragraph still holds the answer.
func collectSingle(ctx context.Context, cfg Config, fsys fstest.MapFS, cases []eval.Case, boot *answer.Model) (alone, missing []Example, err error) {
	byDoc := map[string][]int{}
	var docs []string
	for i, c := range cases {
		if len(byDoc[c.Doc]) == 0 {
			docs = append(docs, c.Doc)
		}
		byDoc[c.Doc] = append(byDoc[c.Doc], i)
	}
	alone, missing = make([]Example, len(cases)), make([]Example, len(cases))
	ask := func(text string, idx []int, into []Example) error {
		s, err := load(ctx, fstest.MapFS{"doc.md": &fstest.MapFile{Data: []byte(text)}}, cfg.Knowledge)
		if err != nil {
			return err
		}
		defer s.Base().Close()
		cs := make([]eval.Case, len(idx))
		for j, i := range idx {
			cs[j] = cases[i]
			cs[j].Doc = "" // the document is called "doc" here
		}
		ex, err := collect(ctx, cfg.New(s, boot), cs, true, 1)
		if err != nil {
			return err
		}
		for j, i := range idx {
			ex[j].Group = cases[i].Doc // the question's article decides its fold
			ex[j].Answerable = slices.Contains(ex[j].Right, true)
			into[i] = ex[j]
		}
		return nil
	}
	for _, d := range docs {
		file := fsys[d+".md"]
		if file == nil {
			return nil, nil, fmt.Errorf("train: no article %s", d)
		}
		text := string(file.Data)
		if err := ask(text, byDoc[d], alone); err != nil {
			return nil, nil, fmt.Errorf("%s alone: %w", d, err)
		}
		// ReadSQuAD writes front matter, then one paragraph per context,
		// each followed by a blank line.
		parts := strings.Split(strings.TrimSuffix(text, "\n\n"), "\n\n")
		byPassage := map[int][]int{}
		for _, i := range byDoc[d] {
			byPassage[cases[i].Passage] = append(byPassage[cases[i].Passage], i)
		}
		for p, idx := range byPassage {
			if p < 1 || p >= len(parts) || len(parts) < 3 {
				continue // the article's only paragraph: nothing would be left
			}
			rest := slices.Concat(parts[:p], parts[p+1:])
			if err := ask(strings.Join(rest, "\n\n")+"\n\n", idx, missing); err != nil {
				return nil, nil, fmt.Errorf("%s without paragraph %d: %w", d, p, err)
			}
		}
	}
	return alone, missing, nil
}
