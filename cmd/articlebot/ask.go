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
	var asJSON, explain, conversation, noHistory bool
	cmd := &cobra.Command{
		Use:   "ask [QUESTION]",
		Short: "Answer a question from the knowledge base (no Discord, no network)",
		Long: `Answer QUESTION from the knowledge base (the embedded article unless --kb or
knowledge.dir names a directory). With no QUESTION, read questions from
standard input, one per line.

On a terminal this is an interactive prompt, with line editing and a
history of questions (arrows, Ctrl-R), saved in the user's cache directory
unless --no-history. It keeps the conversation: a question that cannot be
answered alone ("et qui l'a dit ?") is read as a follow-up of the previous
ones, as a reply to the bot is on Discord. Ctrl-D, or Ctrl-C or Enter on
an empty line, quits.

From a pipe every line is a question of its own, unless --conversation.`,
		Example: `  articlebot ask "Combien de salariés emploie le secteur ?"
  articlebot ask --json "Qui préside l'AMRC ?"
  cat questions.txt | articlebot ask --json
  printf 'Pourquoi le secteur est-il une garantie ?\nqui l'"'"'a dit ?\n' | articlebot ask --conversation`,
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
					_, err = askOne(cmd.Context(), a, answer.Request{Question: args[0]}, asJSON, out)
				}
				if errors.Is(err, answer.ErrEmptyQuestion) {
					return fmt.Errorf("%w: %w", errUsage, err) // ask "": the argument is wrong
				}
				return err
			}
			if isTerminal(e.stdin) {
				return askPrompt(cmd.Context(), a, e, asJSON, noHistory, out)
			}
			return askLines(cmd.Context(), a, scanLines(e.stdin), askOptions{json: asJSON, conversation: conversation}, out)
		},
	}
	cmd.Flags().String("kb", "", "knowledge directory (default: the embedded article)")
	cmd.Flags().Int("top", 5, "number of sources to return")
	cmd.Flags().String("mode", "template", `answer mode: "template" or "llm"`)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per question")
	cmd.Flags().BoolVar(&explain, "explain", false, "show the best candidate sentences with every feature's value and share of the score")
	cmd.Flags().BoolVar(&conversation, "conversation", false, "with questions read from a pipe, keep the conversation as the interactive prompt does: each question may follow up the previous ones")
	cmd.Flags().BoolVar(&noHistory, "no-history", false, "interactive prompt: keep the history of questions in memory only, not in the user's cache directory")
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

// askOne answers req and prints the answer, which it returns.
func askOne(ctx context.Context, a *answer.Answerer, req answer.Request, asJSON bool, out *bufio.Writer) (answer.Answer, error) {
	ans, err := a.Ask(ctx, req)
	if err != nil {
		if asJSON {
			writeJSON(out, jsonAnswer{Question: req.Question, Sources: []answer.Source{}, Mode: answer.ModeTemplate, Error: userMessage(err)})
		}
		return ans, err
	}
	if asJSON {
		return ans, writeJSON(out, toJSON(ans))
	}
	_, err = fmt.Fprintln(out, ans.Text)
	return ans, err
}

// conversationTurns is how many turns a follow-up carries, as many as in
// a Discord reply chain (bot.Options.HistoryTurns earlier turns and the
// one replied to).
const conversationTurns = 4

// askOptions say how askLines reads and answers.
type askOptions struct {
	json bool
	// interactive: an empty line ends the questions.
	interactive bool
	// conversation: each question is asked with the previous turns as its
	// history (answer.Request.History), as a reply to the bot on Discord;
	// the answering layer uses them only for a question it cannot answer
	// alone.
	conversation bool
}

// lineReader gives the questions one line at a time; io.EOF ends them.
type lineReader interface {
	ReadLine() (string, error)
}

// askLines answers every line of in. A question that cannot be answered
// (too long, say) prints its error and the loop goes on.
func askLines(ctx context.Context, a *answer.Answerer, in lineReader, opts askOptions, out *bufio.Writer) error {
	failed := 0
	var history []answer.Turn
	for {
		out.Flush()
		line, err := in.ReadLine()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read questions: %w", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if opts.interactive {
				break
			}
			continue
		}
		req := answer.Request{Question: line}
		if opts.conversation {
			req.History = history
		}
		ans, err := askOne(ctx, a, req, opts.json, out)
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			failed++
			if !opts.json {
				fmt.Fprintln(out, "erreur :", userMessage(err))
			}
		case opts.conversation:
			history = answer.FollowUp(history, line, ans.Text, conversationTurns)
		}
		if !opts.json {
			fmt.Fprintln(out)
		}
	}
	out.Flush()
	if failed > 0 {
		return fmt.Errorf("%d question(s) could not be answered", failed)
	}
	return nil
}

// scanner reads lines with a bufio.Scanner: from a pipe, or at a prompt
// when the line editor cannot start (prompt not empty).
type scanner struct {
	sc     *bufio.Scanner
	prompt string
	out    *bufio.Writer
}

func scanLines(in io.Reader) *scanner {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	return &scanner{sc: sc}
}

func (s *scanner) ReadLine() (string, error) {
	if s.prompt != "" {
		fmt.Fprint(s.out, s.prompt)
		s.out.Flush()
	}
	if !s.sc.Scan() {
		if err := s.sc.Err(); err != nil {
			return "", err
		}
		return "", io.EOF
	}
	return s.sc.Text(), nil
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
