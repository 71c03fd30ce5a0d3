package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/articlebot/articlebot/knowledge"
)

// jsonFigure is the --json form of one key figure.
type jsonFigure struct {
	Value    string  `json:"value"`
	Number   float64 `json:"number"`
	Max      float64 `json:"max,omitempty"`
	Kind     string  `json:"kind"`
	Unit     string  `json:"unit,omitempty"`
	Approx   string  `json:"approx,omitempty"`
	What     string  `json:"what,omitempty"`
	Context  string  `json:"context,omitempty"`
	Period   string  `json:"period,omitempty"`
	Doc      string  `json:"doc"`
	Title    string  `json:"title"`
	Passage  int     `json:"passage"`
	Sentence string  `json:"sentence"`
}

func newFiguresCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "figures",
		Short: "List the key figures of the knowledge base (what /chiffres shows)",
		Long: `List every quantitative fact of the knowledge base — the value with its unit,
scale and approximation word, what it counts, its period, and the sentence
it comes from — found from the text, with no hand-written list.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			base, err := e.loadBase(cmd)
			if err != nil {
				return err
			}
			for _, f := range base.Figures() {
				title := ""
				if d, ok := base.Document(f.Doc); ok {
					title = d.Title
				}
				if asJSON {
					if err := writeJSON(e.stdout, jsonFigure{Value: f.Text, Number: f.Value, Max: f.Max, Kind: f.Kind.String(), Unit: f.Unit,
						Approx: f.Approx, What: f.What, Context: f.Context, Period: f.Period, Doc: f.Doc, Title: title, Passage: f.Passage, Sentence: f.Sentence}); err != nil {
						return err
					}
					continue
				}
				value := strings.TrimSpace(f.Approx + " " + f.Text)
				fmt.Fprintf(e.stdout, "%-32s %s  [%s §%d]\n", value, f.Label(), f.Doc, f.Passage)
			}
			return nil
		},
	}
	cmd.Flags().String("kb", "", "knowledge directory (default: the embedded article)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per figure")
	return cmd
}

func newSummaryCmd(e *env) *cobra.Command {
	var n int
	var doc string
	cmd := &cobra.Command{
		Use:   "summary",
		Short: "Print an extractive summary of each document (its most central sentences, in order)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			base, err := e.loadBase(cmd)
			if err != nil {
				return err
			}
			found := false
			var ids []string
			for _, d := range base.Documents() {
				ids = append(ids, strconv.Quote(d.ID))
				if doc != "" && d.ID != doc {
					continue
				}
				found = true
				fmt.Fprintf(e.stdout, "%s\n", d.Title)
				for _, s := range knowledge.Summarize(d, n) {
					fmt.Fprintf(e.stdout, "  - %s (§%d)\n", s.Text, s.Passage)
				}
			}
			if !found {
				return fmt.Errorf("%w: no document %q; the documents are %s", errUsage, doc, strings.Join(ids, ", "))
			}
			return nil
		},
	}
	cmd.Flags().String("kb", "", "knowledge directory (default: the embedded article)")
	cmd.Flags().IntVarP(&n, "sentences", "n", 3, "sentences per summary")
	cmd.Flags().StringVar(&doc, "doc", "", "summarise only this document id")
	return cmd
}

// loadBase loads the knowledge base the configuration and --kb name.
func (e *env) loadBase(cmd *cobra.Command) (*knowledge.Base, error) {
	cfg, err := e.loadConfig(cmd.Flags(), map[string]string{"kb": "knowledge.dir"})
	if err != nil {
		return nil, err
	}
	return knowledgeSource(cfg).Load(cmd.Context(), knowledgeOptions(cfg))
}
