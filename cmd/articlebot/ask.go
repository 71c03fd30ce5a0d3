package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/articlebot/articlebot/bot/answer"
)

func newAskCmd(e *env) *cobra.Command {
	var asJSON, explain bool
	cmd := &cobra.Command{
		Use:   "ask [QUESTION]",
		Short: "Answer a question from the knowledge base (no Discord, no network)",
		Long: `Answer QUESTION from the knowledge base (the embedded article unless --kb or
knowledge.dir names a directory). With no QUESTION, read questions from
standard input, one per line; on a terminal this is an interactive prompt
(Ctrl-D or an empty line quits).`,
		Example: `  articlebot ask "Combien de salariés emploie le secteur ?"
  articlebot ask --json "Qui préside l'AMRC ?"
  cat questions.txt | articlebot ask --json`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := e.loadConfig(cmd.Flags(), map[string]string{"kb": "knowledge.dir", "top": "answer.top_k", "mode": "answer.mode"})
			if err != nil {
				return err
			}
			a, _, err := buildAnswerer(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			out := bufio.NewWriter(e.stdout)
			defer out.Flush()
			if explain && len(args) != 1 {
				return fmt.Errorf("%w: --explain needs a QUESTION", errUsage)
			}
			if len(args) == 1 {
				if explain {
					err = a.Explain(cmd.Context(), args[0], 3, out)
				} else {
					err = askOne(cmd.Context(), a, args[0], asJSON, out)
				}
				if errors.Is(err, answer.ErrEmptyQuestion) {
					return fmt.Errorf("%w: %w", errUsage, err) // ask "": the argument is wrong
				}
				return err
			}
			return askLines(cmd.Context(), a, e.stdin, asJSON, out, isTerminal(e.stdin))
		},
	}
	cmd.Flags().String("kb", "", "knowledge directory (default: the embedded article)")
	cmd.Flags().Int("top", 5, "number of sources to return")
	cmd.Flags().String("mode", "template", `answer mode: "template" or "llm"`)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per question")
	cmd.Flags().BoolVar(&explain, "explain", false, "show the best candidate sentences with every feature's value and share of the score")
	return cmd
}

// usageArgs marks argument-count errors as usage errors (exit code 2).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return fmt.Errorf("%w: %w", errUsage, err)
		}
		return nil
	}
}

// jsonAnswer is the --json form of one answer.
type jsonAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
	Found    bool   `json:"found"`
	// Confidence is the probability that the answer is right, by the
	// scoring model.
	Confidence float64         `json:"confidence"`
	Mode       string          `json:"mode"`
	Sources    []answer.Source `json:"sources"`
	LatencyMS  float64         `json:"latency_ms"`
	Lang       string          `json:"lang,omitempty"`
	Kind       string          `json:"kind,omitempty"`
	Note       string          `json:"note,omitempty"`
	Error      string          `json:"error,omitempty"`
}

func askOne(ctx context.Context, a *answer.Answerer, q string, asJSON bool, out *bufio.Writer) error {
	ans, err := a.Ask(ctx, answer.Request{Question: q})
	if err != nil {
		if asJSON {
			writeJSON(out, jsonAnswer{Question: q, Sources: []answer.Source{}, Mode: answer.ModeTemplate, Error: userMessage(err)})
		}
		return err
	}
	if asJSON {
		return writeJSON(out, toJSON(ans))
	}
	_, err = fmt.Fprintln(out, ans.Text)
	return err
}

// askLines answers every line of in. A question that cannot be answered
// (too long, say) prints its error and the loop goes on.
func askLines(ctx context.Context, a *answer.Answerer, in io.Reader, asJSON bool, out *bufio.Writer, interactive bool) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	failed := 0
	for {
		if interactive {
			fmt.Fprint(out, "question> ")
			out.Flush()
		}
		if !sc.Scan() {
			break
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			if interactive {
				break
			}
			continue
		}
		if err := askOne(ctx, a, line, asJSON, out); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			if !asJSON {
				fmt.Fprintln(out, "erreur :", userMessage(err))
			}
		}
		if !asJSON {
			fmt.Fprintln(out)
		}
		out.Flush()
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	if failed > 0 {
		return fmt.Errorf("%d question(s) could not be answered", failed)
	}
	return nil
}

func toJSON(ans answer.Answer) jsonAnswer {
	return jsonAnswer{Question: ans.Question, Answer: ans.Text, Found: ans.Found, Confidence: ans.Confidence, Mode: ans.Mode, Sources: ans.Sources,
		LatencyMS: float64(ans.Latency.Microseconds()) / 1000, Lang: ans.Lang, Kind: ans.Kind, Note: ans.Note}
}

func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// userMessage is the short message shown for an answering error.
func userMessage(err error) string {
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		return "question vide"
	case errors.Is(err, answer.ErrQuestionTooLong):
		return err.Error()
	default:
		return err.Error()
	}
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
