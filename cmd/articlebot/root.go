package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/knowledge"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// errUsage marks errors in how the command was called (exit code 2). The
// exit code comes from the error's type (errors.Is errUsage or
// config.ErrInvalid), never from its wording.
var errUsage = errors.New("usage")

// env is what every subcommand gets: its streams and the flags it may bind
// to configuration keys.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	configFile     string
}

// loadConfig loads the configuration with the command's flags bound to keys.
// When the command binds knowledge.dir (--kb), a knowledge directory that is
// missing or not a directory is a configuration error (exit code 2), not a
// failed load.
func (e *env) loadConfig(flags *pflag.FlagSet, keys map[string]string) (*config.Config, error) {
	cfg, err := config.Load(config.LoadOptions{ConfigFile: e.configFile, Flags: flags, FlagKeys: keys})
	if err != nil {
		return nil, err
	}
	if slices.Contains(slices.Collect(maps.Values(keys)), "knowledge.dir") { // the command reads the knowledge base
		if err := checkKnowledgeDir(cfg); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// checkKnowledgeDir refuses a knowledge.dir that is set but is not an
// existing directory, as a *config.ValidationError naming where the value
// came from (--kb, a file, the environment).
func checkKnowledgeDir(cfg *config.Config) error {
	dir := cfg.Knowledge.Dir
	if dir == "" {
		return nil
	}
	msg := ""
	st, err := os.Stat(dir)
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		msg = pe.Err.Error()
	case err != nil:
		msg = err.Error()
	case !st.IsDir():
		msg = "not a directory"
	default:
		return nil
	}
	return &config.ValidationError{Problems: []config.Problem{{
		Key: "knowledge.dir", Message: knowledge.DisplayPath(dir) + ": " + msg, Source: cfg.Source("knowledge.dir"),
	}}}
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:           "articlebot",
		Short:         "Answer questions about an article and its knowledge base, from the terminal or on Discord",
		SilenceUsage:  true,
		SilenceErrors: true,

		SuggestionsMinimumDistance: 2,
	}
	root.PersistentFlags().StringVar(&e.configFile, "config", "", "YAML configuration file (default: ./articlebot.yaml if present)")
	// With Args set, cobra leaves an unknown command to RunE, which marks
	// it as a usage error (cobra's own error for it has no type).
	root.Args = cobra.ArbitraryArgs
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		return fmt.Errorf("%w: unknown command %q for %q%s", errUsage, args[0], cmd.CommandPath(), didYouMean(cmd, args[0]))
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return fmt.Errorf("%w: %w", errUsage, err) })
	root.AddCommand(newAskCmd(e), newCheckCmd(e), newEvalCmd(e), newFiguresCmd(e), newSummaryCmd(e), newServeCmd(e), newTrainCmd(e))
	return root
}

// run executes the command line and returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "articlebot:", terminalSafe(err.Error()))
	return exitCode(err)
}

// exitCode maps an error to the process exit code by its type.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errUsage), errors.Is(err, config.ErrInvalid):
		return exitUsage
	default:
		return exitError
	}
}

// didYouMean suggests the subcommands of cmd close to arg.
func didYouMean(cmd *cobra.Command, arg string) string {
	s := cmd.SuggestionsFor(arg)
	if len(s) == 0 {
		return ""
	}
	for i, name := range s {
		s[i] = strconv.Quote(name)
	}
	return " (did you mean " + strings.Join(s, " or ") + "?)"
}

// terminalSafe escapes, Go style, what a terminal would interpret rather
// than show: control characters other than newline and tab (an escape
// sequence in a file name must not clear the screen), invisible format
// characters (bidirectional overrides) and bytes that are not UTF-8.
func terminalSafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
