//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/hostilekb"
	"github.com/articlebot/articlebot/knowledge"
)

// checkTerminalSafe fails when out holds what a terminal would interpret
// (control characters other than newline and tab, invalid UTF-8) or
// anything read through a link out of the knowledge directory.
func checkTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s is not valid UTF-8: %q", what, out)
	}
	if i := strings.IndexFunc(out, func(r rune) bool { return (r < ' ' && r != '\n' && r != '\t') || r == 0x7f }); i >= 0 {
		t.Errorf("%s holds a control character at %d: %q", what, i, out)
	}
	if strings.Contains(out, hostilekb.Secret) || strings.Contains(out, "hostile-kb-secret") || strings.Contains(out, "root:x:") {
		t.Errorf("%s shows a file outside the knowledge directory: %q", what, out)
	}
}

// TestHostileKnowledgeBase runs check and ask --kb on a knowledge
// directory holding a good document and one hostile file: links inside and
// outside it, to /dev/zero, a FIFO, a device, a huge file, names not UTF-8
// or holding control characters. Each command refuses the file, naming it
// (escaped) with its reason, within hostilekb.RefuseWithin, and exits 1.
func TestHostileKnowledgeBase(t *testing.T) {
	commands := []struct {
		name   string
		args   func(kb string) []string
		report func(stdout, stderr string) string // where the problem is listed
	}{
		{"check", func(kb string) []string { return []string{"check", "--kb", kb} }, func(stdout, _ string) string { return stdout }},
		{"ask", func(kb string) []string { return []string{"ask", "--kb", kb, "Que traite le port de Tanger ?"} }, func(_, stderr string) string { return stderr }},
	}
	for _, c := range hostilekb.Cases() {
		for _, cmd := range commands {
			t.Run(c.Name+"/"+cmd.name, func(t *testing.T) {
				cliEnv(t)
				kb := hostilekb.Dir(t)
				if err := c.Create(kb); err != nil {
					t.Skip(err) // a device needs a privilege
				}
				code, stdout, stderr := runWithin(t, hostilekb.RefuseWithin, "", cmd.args(kb)...)
				if code != exitError {
					t.Errorf("exit %d, want %d", code, exitError)
				}
				want := knowledge.DisplayPath(c.File) + ": " + c.Reason.Error()
				if !strings.Contains(cmd.report(stdout, stderr), want) {
					t.Errorf("output does not refuse %q:\nstdout: %s\nstderr: %s", want, stdout, stderr)
				}
				if cmd.name == "check" && !strings.Contains(stdout, hostilekb.GoodFile) {
					t.Errorf("check does not list the good document:\n%s", stdout)
				}
				checkTerminalSafe(t, "stdout", stdout)
				checkTerminalSafe(t, "stderr", stderr)
			})
		}
	}
}

// TestFileNamesEscaped checks that check and ask --kb print file and
// directory names with control characters (and bidirectional overrides)
// escaped: "\x1b[2J" in a name is shown, never sent to the terminal.
func TestFileNamesEscaped(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, parent string) []string // returns the arguments
		code    int
		want    string // in stdout or stderr
		wantOut bool   // want is in stdout (else stderr)
	}{
		{"check, control characters in a file name", func(t *testing.T, parent string) []string {
			kb := goodKB(t, parent, "kb")
			writeTestFile(t, kb, "evil\x1b[2J.md", "Un texte.\n")
			return []string{"check", "--kb", kb}
		}, exitError, `"evil\x1b[2J.md": unusable file name`, true},
		{"ask, control characters in a file name", func(t *testing.T, parent string) []string {
			kb := goodKB(t, parent, "kb")
			writeTestFile(t, kb, "evil\x1b[2J.md", "Un texte.\n")
			return []string{"ask", "--kb", kb, "port ?"}
		}, exitError, `"evil\x1b[2J.md": unusable file name`, false},
		{"check, bidirectional override in a file name", func(t *testing.T, parent string) []string {
			kb := goodKB(t, parent, "kb")
			writeTestFile(t, kb, "rapport\u202edm.txt", "Un texte.\n")
			return []string{"check", "--kb", kb}
		}, exitOK, `"rapport\u202edm.txt"`, true},
		{"check, escape sequence in the directory name", func(t *testing.T, parent string) []string {
			return []string{"check", "--kb", goodKB(t, parent, "kb\x1b]0;pwned\x07")}
		}, exitOK, `kb\x1b]0;pwned\a"`, true},
		{"ask, escape sequence in a missing directory", func(t *testing.T, parent string) []string {
			return []string{"ask", "--kb", filepath.Join(parent, "nope\x1b[2J"), "port ?"}
		}, exitUsage, `nope\x1b[2J"`, false},
		{"check, escape sequence in a subdirectory", func(t *testing.T, parent string) []string {
			kb := goodKB(t, parent, "kb")
			if err := os.Mkdir(filepath.Join(kb, "sub\x1b[2J"), 0o755); err != nil {
				t.Fatal(err)
			}
			return []string{"check", "--kb", kb}
		}, exitError, `"sub\x1b[2J": unusable file name: contains control characters`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cliEnv(t)
			args := tt.setup(t, t.TempDir())
			code, stdout, stderr := runWithin(t, cliTimeout, "", args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if out := map[bool]string{true: stdout, false: stderr}[tt.wantOut]; !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %s:\nstdout: %s\nstderr: %s", tt.want, stdout, stderr)
			}
			checkTerminalSafe(t, "stdout", stdout)
			checkTerminalSafe(t, "stderr", stderr)
		})
	}
}

// TestExitCodeFromType checks that the exit code follows the error's type,
// not its wording, and that a file name that is not UTF-8 gets a clear
// reason.
func TestExitCodeFromType(t *testing.T) {
	tests := []struct {
		name    string
		args    func(t *testing.T, parent string) []string
		code    int
		want    string // in stdout+stderr
		notWant string
	}{
		{"ask, file name not UTF-8", func(t *testing.T, parent string) []string {
			kb := goodKB(t, parent, "kb")
			writeTestFile(t, kb, "\xff\xfebad.md", "Un texte.\n")
			return []string{"ask", "--kb", kb, "port ?"}
		}, exitError, `"\xff\xfebad.md": unusable file name: not valid UTF-8`, "invalid argument"},
		{"check, file name not UTF-8", func(t *testing.T, parent string) []string {
			kb := goodKB(t, parent, "kb")
			writeTestFile(t, kb, "\xff\xfebad.md", "Un texte.\n")
			return []string{"check", "--kb", kb}
		}, exitError, `"\xff\xfebad.md": unusable file name: not valid UTF-8`, "invalid argument"},
		{"'unknown command' in a missing directory's name", func(t *testing.T, parent string) []string {
			return []string{"ask", "--kb", filepath.Join(parent, "unknown command"), "port ?"}
		}, exitUsage, "no such file or directory", ""},
		{"'invalid argument' in a missing file's name", func(*testing.T, string) []string {
			return []string{"eval", "invalid argument.jsonl"}
		}, exitError, "invalid argument.jsonl", ""},
		{"'requires ' in a missing file's name", func(*testing.T, string) []string {
			return []string{"eval", "requires review.jsonl"}
		}, exitError, "requires review.jsonl", ""},
		{"unknown command", func(*testing.T, string) []string { return []string{"chek"} },
			exitUsage, `unknown command "chek" for "articlebot" (did you mean "check"?)`, ""},
		{"bad flag value", func(*testing.T, string) []string { return []string{"ask", "--top", "abc", "q"} },
			exitUsage, `invalid argument "abc" for "--top"`, ""},
		{"too many arguments", func(*testing.T, string) []string { return []string{"check", "x"} },
			exitUsage, "unknown command", ""},
		{"bad configuration", func(*testing.T, string) []string { return []string{"ask", "--mode", "magic", "q"} },
			exitUsage, "answer.mode", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cliEnv(t)
			args := tt.args(t, t.TempDir())
			code, stdout, stderr := runWithin(t, cliTimeout, "", args...)
			out := stdout + stderr
			if code != tt.code || !strings.Contains(out, tt.want) || (tt.notWant != "" && strings.Contains(out, tt.notWant)) {
				t.Errorf("exit %d (want %d), output:\n%s\nwant %q, not %q", code, tt.code, out, tt.want, tt.notWant)
			}
			checkTerminalSafe(t, "output", out)
		})
	}
}

// goodKB makes the directory parent/name holding one good document.
func goodKB(t *testing.T, parent, name string) string {
	t.Helper()
	kb := filepath.Join(parent, name)
	if err := os.Mkdir(kb, 0o755); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, kb, hostilekb.GoodFile, hostilekb.GoodDocument)
	return kb
}

func writeTestFile(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
