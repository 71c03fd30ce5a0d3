package main

import (
	"errors"
	"fmt"
	"strconv"

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
			var skipped []string
			opts := knowledgeOptions(cfg)
			opts.Skipped = func(p string) { skipped = append(skipped, p) }
			docs, err := knowledgeSource(cfg).ReadDocuments(cmd.Context(), opts)
			passages := 0
			for _, d := range docs {
				passages += len(d.Passages)
				fmt.Fprintf(e.stdout, "  %-40s %12s  %q\n", knowledge.DisplayPath(d.Path), plural(len(d.Passages), "passage"), d.Title)
				if len(d.Related) > 0 {
					fmt.Fprintf(e.stdout, "  %-40s     boilerplate links removed: %d\n", "", len(d.Related))
				}
			}
			fmt.Fprintf(e.stdout, "%s, %s\n", plural(len(docs), "document"), plural(passages, "passage"))
			if len(skipped) > 0 {
				fmt.Fprintf(e.stdout, "%s skipped (only .md and .txt files are documents):\n", plural(len(skipped), "file"))
				for _, p := range skipped {
					fmt.Fprintf(e.stdout, "  %s\n", knowledge.DisplayPath(p))
				}
			}
			var le *knowledge.LoadError
			if errors.As(err, &le) {
				fmt.Fprintf(e.stdout, "%s:\n", plural(len(le.Problems), "problem"))
				for _, p := range le.Problems {
					fmt.Fprintf(e.stdout, "  %s\n", p) // the file's name escaped: see knowledge.DisplayPath
				}
				return fmt.Errorf("knowledge base has %s", plural(len(le.Problems), "problem"))
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

// plural counts n of noun in English: "1 document", "0 documents", "2 documents".
func plural(n int, noun string) string {
	if n == 1 {
		return strconv.Itoa(n) + " " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
