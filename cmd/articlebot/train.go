package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/eval"
	"github.com/articlebot/articlebot/internal/train"
	"github.com/articlebot/articlebot/knowledge"
)

func newTrainCmd(e *env) *cobra.Command {
	var (
		squad, out, cache string
		quick             bool
		single            float64
		sets              []string
		folds             int
		lambda            float64
		weight            float64
	)
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Fit the answer scoring model and cross-validate it by article",
		Long: `Fit the answer scoring model (bot/answer/model.txt) on a SQuAD data set
(PIAF) and on question sets about the default article, and report an
article-grouped k-fold cross-validation: each fold's questions are answered
by a model fitted without their articles, once with the whole base (they
must be answered) and once with the base without their articles (they must
be declined). The final model is fitted on everything and written to --out.`,
		Example: `  articlebot train --squad ../shared/datasets/piaf-v1.1-dev.squad.json \
    --set bot/answer/testdata/eval/article.jsonl --out bot/answer/model.txt`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if squad == "" {
				return fmt.Errorf("%w: --squad is required", errUsage)
			}
			cfg, err := e.loadConfig(cmd.Flags(), nil)
			if err != nil {
				return err
			}
			f, err := os.Open(squad)
			if err != nil {
				return err
			}
			defer f.Close()
			p, opts, err := templateParts(cfg, newLogger(e.stderr, cfg.Log, nil))
			if err != nil {
				return err
			}
			newAnswerer := func(kb answer.KnowledgeBase, m *answer.Model) *answer.Answerer {
				o := opts
				o.Model = m
				return answer.New(kb, p, o)
			}
			var extra []eval.Case
			for _, s := range sets {
				sf, err := os.Open(s)
				if err != nil {
					return err
				}
				cs, err := eval.ReadCases(sf)
				sf.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", s, err)
				}
				extra = append(extra, cs...)
			}
			article := knowledge.NewStore(knowledge.FSSource(knowledge.DefaultFS()), knowledgeOptions(cfg))
			if _, err := article.Reload(cmd.Context()); err != nil {
				return err
			}
			start := time.Now()
			res, err := train.Run(cmd.Context(), train.Config{SQuAD: f, Extra: extra, ExtraBase: article, ExtraWeight: weight,
				Folds: folds, Lambda: lambda, New: newAnswerer, Knowledge: knowledgeOptions(cfg), Log: e.stderr, Cache: cache, Quick: quick, SingleWeight: single})
			if err != nil {
				return err
			}
			pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
			cv := "no cross-validation (--folds 0)"
			if len(res.Folds) > 0 {
				a, n, r, w, d, u := res.Summary()
				cv = fmt.Sprintf("%d-fold cross-validation grouped by article: PIAF answered %.1f %% (%d/%d), recall@5 %.1f %%, declined without the article %.1f %%",
					folds, pct(a, n), a, n, pct(r, w), pct(d, u))
				fmt.Fprintf(e.stdout, "cross-validation, %d folds grouped by article (each question answered by a model fitted without its article):\n", folds)
				fmt.Fprintf(e.stdout, "  answered correctly: %d/%d (%.1f%%)\n", a, n, pct(a, n))
				fmt.Fprintf(e.stdout, "  recall@5 of the expected passage: %d/%d (%.1f%%)\n", r, w, pct(r, w))
				fmt.Fprintf(e.stdout, "  declined when the article is removed: %d/%d (%.1f%%)\n", d, u, pct(d, u))
			}
			m := res.Model
			m.Header = []string{
				"articlebot answer scoring model: see bot/answer/model.go; weights over raw feature values.",
				"fitted by: articlebot train " + strings.Join(reproducible(os.Args[2:]), " "),
				fmt.Sprintf("data: %s (every question also asked without its article%s), %s (weight %g)", squad, singleNote(single), strings.Join(sets, ", "), weight),
				fmt.Sprintf("L2 penalty %g; fitted in %s", lambda, time.Since(start).Round(time.Second)),
				cv,
			}
			fmt.Fprintf(e.stdout, "final model:\n%s", train.Explain(m))
			if out == "" {
				return nil
			}
			var b strings.Builder
			if err := m.Write(&b); err != nil {
				return err
			}
			return os.WriteFile(out, []byte(b.String()), 0o644)
		},
	}
	cmd.Flags().StringVar(&squad, "squad", "", "SQuAD data set to fit on (PIAF)")
	cmd.Flags().StringSliceVar(&sets, "set", nil, "question sets about the default article to fit on too (JSON lines)")
	cmd.Flags().IntVar(&folds, "folds", 5, "cross-validation folds grouped by article (0: none)")
	cmd.Flags().Float64Var(&lambda, "lambda", 1e-3, "L2 penalty of both models")
	cmd.Flags().Float64Var(&weight, "weight", 5, "weight of a question of --set relative to one of --squad")
	cmd.Flags().Float64Var(&single, "single-weight", 0, "weight of a --squad question asked of its article alone and of it without the question's paragraph (0: only reported)")
	cmd.Flags().StringVar(&cache, "cache", "", "keep the collected features in this file and reuse them (same code only)")
	cmd.Flags().BoolVar(&quick, "quick", false, "cross-validate on the collected features only, without answering each fold's questions")
	cmd.Flags().StringVar(&out, "out", "", "write the fitted model here (e.g. bot/answer/model.txt)")
	return cmd
}

// reproducible is a train command line without the flags that do not
// change the model (where it is written, where features are cached), so
// that a model's header names the command that fits it again.
func reproducible(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "cache" || name == "out" || name == "quick") {
			if !hasValue && name != "quick" {
				i++ // the flag's value is the next argument
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

// singleNote says how the one-article bases were used.
func singleNote(weight float64) string {
	if weight <= 0 {
		return ""
	}
	return fmt.Sprintf(", and of its article alone and of it without the question's paragraph, weight %g", weight)
}
