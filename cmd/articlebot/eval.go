package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/eval"
	"github.com/articlebot/articlebot/knowledge"
)

func newEvalCmd(e *env) *cobra.Command {
	var squad, calibrate bool
	cmd := &cobra.Command{
		Use:   "eval FILE",
		Short: "Score the answers to a question set (JSON lines, or SQuAD with --squad)",
		Long: `Ask every question of FILE and print how many were answered correctly,
declined correctly, the wrong ones, recall@k of the expected passage and the
latency percentiles.

FILE holds one JSON object per line: {"question": "...", "match": "<regexp>"}
for an answerable question, {"question": "...", "expect_found": false} for one
the knowledge base cannot answer; "passage": N names the expected passage.
With --squad, FILE is a SQuAD data set (such as PIAF): its texts become the
knowledge base and an answer counts when it holds most of the gold span's
words in under 400 characters.`,
		Example: `  articlebot eval bot/answer/testdata/eval/article.jsonl
  articlebot eval --squad ../shared/datasets/piaf-small.squad.json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := e.loadConfig(cmd.Flags(), map[string]string{"kb": "knowledge.dir", "top": "answer.top_k"})
			if err != nil {
				return err
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			var a *answer.Answerer
			var cases []eval.Case
			if squad {
				fsys, cs, err := eval.ReadSQuAD(f)
				if err != nil {
					return err
				}
				store := knowledge.NewStore(knowledge.FSSource(fsys), knowledgeOptions(cfg))
				if _, err := store.Reload(cmd.Context()); err != nil {
					return err
				}
				p, opts, err := templateParts(cfg, newLogger(e.stderr, cfg.Log, nil))
				if err != nil {
					return err
				}
				a = answer.New(store, p, opts)
				cases = cs
			} else {
				if cases, err = eval.ReadCases(f); err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				if a, _, err = buildAnswerer(cmd.Context(), cfg); err != nil {
					return err
				}
			}
			if calibrate {
				best := eval.CalibrationPoint{}
				fmt.Fprintln(e.stdout, "threshold  answered-correctly  declined-correctly  mean")
				for _, p := range eval.Calibrate(cmd.Context(), a, cases) {
					fmt.Fprintf(e.stdout, "%9.2f  %8d/%-9d  %8d/%-9d  %.3f\n", p.Threshold, p.Correct, p.Answerable, p.Declined, p.Unansw, p.Rate())
					if p.Rate() > best.Rate() {
						best = p
					}
				}
				fmt.Fprintf(e.stdout, "best threshold: %.2f (mean success %.3f); the model's threshold: %.2f\n", best.Threshold, best.Rate(), answer.DefaultModel().Threshold)
				return nil
			}
			rep := eval.Run(cmd.Context(), a, cases)
			rep.WriteReport(e.stdout)
			return nil
		},
	}
	cmd.Flags().String("kb", "", "knowledge directory (default: the embedded article)")
	cmd.Flags().Int("top", 5, "k of recall@k: number of sources per answer")
	cmd.Flags().BoolVar(&calibrate, "calibrate", false, "print the score at every confidence threshold instead, to calibrate answer.min_confidence")
	cmd.Flags().BoolVar(&squad, "squad", false, "FILE is a SQuAD data set whose texts are the knowledge base")
	return cmd
}
