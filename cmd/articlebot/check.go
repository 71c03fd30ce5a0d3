package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/articlebot/articlebot/knowledge"
)

func newCheckCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Validate a knowledge base: list its documents and passages, and every problem",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.loadConfig(cmd.Flags(), map[string]string{"kb": "knowledge.dir"})
			if err != nil {
				return err
			}
			where := knowledge.DisplayPath(cfg.Knowledge.Dir)
			if where == "" {
				where = "(embedded default)"
			}
			fmt.Fprintf(e.stdout, "knowledge base: %s\n", where)
			docs, err := knowledgeSource(cfg).ReadDocuments(cmd.Context(), knowledgeOptions(cfg))
			passages := 0
			for _, d := range docs {
				passages += len(d.Passages)
				fmt.Fprintf(e.stdout, "  %-40s %3d passages  %q\n", knowledge.DisplayPath(d.Path), len(d.Passages), d.Title)
				if len(d.Related) > 0 {
					fmt.Fprintf(e.stdout, "  %-40s     boilerplate links removed: %d\n", "", len(d.Related))
				}
			}
			fmt.Fprintf(e.stdout, "%d documents, %d passages\n", len(docs), passages)
			var le *knowledge.LoadError
			if errors.As(err, &le) {
				fmt.Fprintf(e.stdout, "%d problem(s):\n", len(le.Problems))
				for _, p := range le.Problems {
					fmt.Fprintf(e.stdout, "  %s\n", p) // the file's name escaped: see knowledge.DisplayPath
				}
				return fmt.Errorf("knowledge base has %d problem(s)", len(le.Problems))
			}
			if err != nil {
				return err
			}
			if _, err := knowledge.Build(cmd.Context(), docs); err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, "ok")
			return nil
		},
	}
	cmd.Flags().String("kb", "", "knowledge directory (default: the embedded article)")
	return cmd
}
