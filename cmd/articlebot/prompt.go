package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chzyer/readline"

	"github.com/articlebot/articlebot/bot/answer"
)

// promptText is the interactive prompt of ask.
const promptText = "question> "

// historyLimit bounds the questions the prompt's history keeps.
const historyLimit = 500

// askPrompt is ask's interactive prompt on a terminal: line editing and a
// history of questions (github.com/chzyer/readline), saved unless
// noHistory, and the conversation kept from question to question.
func askPrompt(ctx context.Context, a *answer.Answerer, e *env, asJSON, noHistory bool, out *bufio.Writer) error {
	opts := askOptions{json: asJSON, interactive: true, conversation: true}
	hist := historyFile{}
	if !noHistory {
		hist.path = defaultHistoryPath()
	}
	saved, err := hist.load(historyLimit)
	if err != nil {
		fmt.Fprintln(e.stderr, "articlebot: history kept in memory only:", terminalSafe(err.Error()))
		hist.path = ""
	}
	rl, err := readline.NewEx(&readline.Config{
		Prompt:                 promptText,
		HistoryLimit:           historyLimit,
		DisableAutoSaveHistory: true, // editor.ReadLine saves questions, not empty lines
		Stdin:                  readline.NewCancelableStdin(e.stdin),
		Stdout:                 e.stdout,
		Stderr:                 e.stderr,
	})
	if err != nil { // no line editing: a plain prompt
		fmt.Fprintln(e.stderr, "articlebot: no line editing:", terminalSafe(err.Error()))
		s := scanLines(e.stdin)
		s.prompt, s.out = promptText, out
		return askLines(ctx, a, s, opts, out)
	}
	var once sync.Once
	closeRL := func() { once.Do(func() { _ = rl.Close() }) }
	defer closeRL()
	stop := context.AfterFunc(ctx, closeRL) // a signal ends a pending Readline
	defer stop()
	for _, q := range saved {
		_ = rl.SaveHistory(q) // in memory: the Config names no file
	}
	return askLines(ctx, a, &editor{rl: rl, hist: hist, stderr: e.stderr}, opts, out)
}

// editor reads the questions with line editing.
type editor struct {
	rl     *readline.Instance
	hist   historyFile
	stderr io.Writer
}

// ReadLine reads a line. Ctrl-C drops the line being typed; on an empty
// line it ends the questions, as Ctrl-D does.
func (ed *editor) ReadLine() (string, error) {
	for {
		line, err := ed.rl.Readline()
		if errors.Is(err, readline.ErrInterrupt) {
			if strings.TrimSpace(line) == "" {
				return "", io.EOF
			}
			continue
		}
		if err != nil {
			return "", err
		}
		if q := strings.TrimSpace(line); q != "" {
			_ = ed.rl.SaveHistory(q)
			if err := ed.hist.add(q); err != nil {
				fmt.Fprintln(ed.stderr, "articlebot: history kept in memory only:", terminalSafe(err.Error()))
				ed.hist.path = ""
			}
		}
		return line, nil
	}
}

// historyFile keeps the questions asked at the prompt, one a line; no
// path keeps them in memory only. It is the user's own (mode 0600, in a
// directory of mode 0700).
type historyFile struct {
	path string
}

// defaultHistoryPath is articlebot/ask_history in the user's cache
// directory ($XDG_CACHE_HOME or ~/.cache on Linux); "" when there is none.
func defaultHistoryPath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "articlebot", "ask_history")
}

// load returns the saved questions, oldest first, at most the last limit;
// a file holding more is rewritten with those only.
func (h historyFile) load(limit int) ([]string, error) {
	if h.path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(h.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) <= limit {
		return lines, nil
	}
	lines = lines[len(lines)-limit:]
	return lines, h.rewrite(lines)
}

// rewrite replaces the file with lines, atomically.
func (h historyFile) rewrite(lines []string) error {
	tmp, err := os.CreateTemp(filepath.Dir(h.path), ".ask_history-*")
	if err != nil {
		return fmt.Errorf("rewrite history: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing to remove
	_, err = tmp.WriteString(strings.Join(lines, "\n") + "\n")
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), h.path)
	}
	if err != nil {
		return fmt.Errorf("rewrite history: %w", err)
	}
	return nil
}

// add appends a question to the file, creating it and its directory.
func (h historyFile) add(q string) error {
	if h.path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
		return fmt.Errorf("save history: %w", err)
	}
	f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("save history: %w", err)
	}
	_, err = f.WriteString(q + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("save history: %w", err)
	}
	return nil
}
