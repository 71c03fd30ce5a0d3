package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/articlebot/articlebot/config"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// errUsage marks errors in how the command was called.
var errUsage = errors.New("usage")

// env is what every subcommand gets: its streams and the flags it may bind
// to configuration keys.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	configFile     string
}

// loadConfig loads the configuration with the command's flags bound to keys.
func (e *env) loadConfig(flags *pflag.FlagSet, keys map[string]string) (*config.Config, error) {
	return config.Load(config.LoadOptions{ConfigFile: e.configFile, Flags: flags, FlagKeys: keys})
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:           "articlebot",
		Short:         "Answer questions about an article and its knowledge base, from the terminal or on Discord",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&e.configFile, "config", "", "YAML configuration file (default: ./articlebot.yaml if present)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return fmt.Errorf("%w: %v", errUsage, err) })
	root.AddCommand(newAskCmd(e), newCheckCmd(e), newEvalCmd(e), newFiguresCmd(e), newSummaryCmd(e), newServeCmd(e))
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
	fmt.Fprintln(stderr, "articlebot:", err)
	if errors.Is(err, errUsage) || errors.Is(err, config.ErrInvalid) || isCobraUsage(err) {
		return exitUsage
	}
	return exitError
}

// isCobraUsage recognises cobra's own errors for unknown commands and bad
// argument counts, which it does not wrap.
func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires ", "invalid argument"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
