package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/testlog"
)

// runCLI runs the command line in-process, in a temporary working
// directory with a clean environment, and returns its exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	cliEnv(t)
	return runWithin(t, cliTimeout, stdin, args...)
}

// cliTimeout bounds a command that should finish; only a hang waits it out.
const cliTimeout = 2 * time.Minute

// cliEnv moves the test to a temporary working directory and clears the
// environment variables the configuration reads.
func cliEnv(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	for _, k := range []string{"DISCORD_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL"} {
		t.Setenv(k, "")
	}
}

// runWithin runs the command line in-process and returns its exit code and
// output; the test fails if it has not returned after d (its context is
// cancelled then, but a blocked system call would not see it).
func runWithin(t *testing.T, d time.Duration, stdin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var out, errOut testlog.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, strings.NewReader(stdin), &out, &errOut) }()
	select {
	case code := <-done:
		return code, out.String(), errOut.String()
	case <-time.After(d):
		t.Fatalf("articlebot %q still running after %v\nstdout: %s\nstderr: %s", args, d, out.String(), errOut.String())
		return 0, "", ""
	}
}

func TestAsk(t *testing.T) {
	code, out, errOut := runCLI(t, "", "ask", "Combien de salariés emploie le secteur ?")
	if code != exitOK || !strings.Contains(out, "80.000") || !strings.Contains(out, "§4") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
}

func TestAskJSONFromStdin(t *testing.T) {
	in := "Combien de salariés emploie le secteur ?\n\nQui est le PDG de Webhelp ?\n"
	code, out, errOut := runCLI(t, in, "ask", "--json", "--top", "2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one JSON object per question, got %d lines:\n%s", len(lines), out)
	}
	for i, line := range lines {
		var got struct {
			Question   *string  `json:"question"`
			Answer     *string  `json:"answer"`
			Found      *bool    `json:"found"`
			Mode       *string  `json:"mode"`
			LatencyMS  *float64 `json:"latency_ms"`
			Confidence *float64 `json:"confidence"`
			Sources    []struct {
				Doc     *string  `json:"doc"`
				Title   *string  `json:"title"`
				Passage *int     `json:"passage"`
				Text    *string  `json:"text"`
				Score   *float64 `json:"score"`
			} `json:"sources"`
		}
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if got.Question == nil || got.Answer == nil || got.Found == nil || got.Mode == nil || got.LatencyMS == nil || got.Sources == nil || got.Confidence == nil {
			t.Fatalf("line %d lacks a field: %s", i, line)
		}
		if c := *got.Confidence; c < 0 || c > 1 || (*got.Found && c < 0.2) {
			t.Errorf("line %d: confidence %.3f with found %v", i, c, *got.Found)
		}
		if *got.Mode != "template" || len(got.Sources) > 2 {
			t.Errorf("line %d: mode %q, %d sources", i, *got.Mode, len(got.Sources))
		}
		for _, s := range got.Sources {
			if s.Doc == nil || s.Title == nil || s.Passage == nil || s.Text == nil || s.Score == nil {
				t.Errorf("line %d: incomplete source", i)
			}
		}
		if wantFound := i == 0; *got.Found != wantFound {
			t.Errorf("line %d: found = %v", i, *got.Found)
		}
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.md"), []byte("---\ntitle: [x\n---\ntext"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		want   int
		stderr string
	}{
		{"unknown command", []string{"nope"}, exitUsage, "unknown command"},
		{"unknown flag", []string{"ask", "--nope"}, exitUsage, "unknown flag"},
		{"too many args", []string{"ask", "a", "b"}, exitUsage, "accepts at most 1"},
		{"bad config value", []string{"ask", "--mode", "magic", "q"}, exitUsage, "answer.mode"},
		{"missing config file", []string{"--config", "/nonexistent.yaml", "ask", "q"}, exitUsage, "nonexistent.yaml"},
		{"broken knowledge base", []string{"ask", "--kb", dir, "q"}, exitError, "bad.md"},
		{"check broken", []string{"check", "--kb", dir}, exitError, "problem"},
		{"check default", []string{"check"}, exitOK, ""},
		{"empty question", []string{"ask", ""}, exitUsage, "empty question"},
		{"blank question", []string{"ask", "  "}, exitUsage, "empty question"},
		{"blank question, json", []string{"ask", "--json", " "}, exitUsage, "empty question"},
		{"blank question, explain", []string{"ask", "--explain", " "}, exitUsage, "empty question"},
		{"ask, missing knowledge directory", []string{"ask", "--kb", filepath.Join(dir, "missing"), "q"}, exitUsage, "knowledge.dir: " + filepath.Join(dir, "missing") + ": no such file or directory (from flag --kb)"},
		{"ask, knowledge directory is a file", []string{"ask", "--kb", filepath.Join(dir, "bad.md"), "q"}, exitUsage, "bad.md: not a directory"},
		{"check, missing knowledge directory", []string{"check", "--kb", filepath.Join(dir, "missing")}, exitUsage, "no such file or directory"},
		{"figures, missing knowledge directory", []string{"figures", "--kb", filepath.Join(dir, "missing")}, exitUsage, "no such file or directory"},
		{"summary, missing knowledge directory", []string{"summary", "--kb", filepath.Join(dir, "missing")}, exitUsage, "no such file or directory"},
		{"serve, missing knowledge directory", []string{"serve", "--kb", filepath.Join(dir, "missing")}, exitUsage, "knowledge.dir"},
		{"figures", []string{"figures"}, exitOK, ""},
		{"serve without token", []string{"serve"}, exitUsage, "discord.token"},
		{"summary", []string{"summary", "-n", "2"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", tt.args...)
			if code != tt.want || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, tt.want, errOut, tt.stderr)
			}
		})
	}
}

func TestFiguresJSON(t *testing.T) {
	code, out, _ := runCLI(t, "", "figures", "--json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var n int
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f jsonFigure
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatal(err)
		}
		if f.Value == "" || f.Passage == 0 || !strings.Contains(f.Sentence, f.Value) {
			t.Errorf("incomplete figure %+v", f)
		}
		n++
	}
	if n < 5 {
		t.Errorf("only %d figures", n)
	}
}

// TestAskExplain: --explain shows the features of the best candidates and
// the decision, and needs a question.
func TestAskExplain(t *testing.T) {
	code, out, errOut := runCLI(t, "", "ask", "--explain", "Combien de salariés emploie le secteur ?")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"#1 score", "coverage", "decision (best candidate)", "confidence"} {
		if !strings.Contains(out, want) {
			t.Errorf("--explain output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runCLI(t, "", "ask", "--explain"); code != exitUsage {
		t.Errorf("--explain without a question: exit %d, want %d", code, exitUsage)
	}
}

// TestTerminalWording runs the commands a newcomer tries first and checks
// their wording is meant for a terminal: a decline points to "articlebot
// figures" (not to the /chiffres slash command), the first load does not
// say "reload:", an unknown --doc lists the valid ids, and counts agree
// with their noun.
func TestTerminalWording(t *testing.T) {
	oneDoc := t.TempDir()
	if err := os.WriteFile(filepath.Join(oneDoc, "port.md"), []byte("---\ntitle: Le port\n---\nLe port de Tanger traite des conteneurs depuis 2007.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "bad.md"), []byte("---\ntitle: [x\n---\ntext"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		code    int
		want    []string // in stdout+stderr
		notWant []string
	}{
		{"decline, French", []string{"ask", "Qui a gagné la coupe du monde de rugby ?"}, exitOK,
			[]string{"articlebot figures"}, []string{"/chiffres"}},
		{"decline, English", []string{"ask", "Who won the rugby world cup?"}, exitOK,
			[]string{"try: articlebot figures"}, []string{"/chiffres"}},
		{"decline, JSON", []string{"ask", "--json", "Qui a gagné la coupe du monde de rugby ?"}, exitOK,
			[]string{"articlebot figures"}, []string{"/chiffres"}},
		{"first load refused", []string{"ask", "--kb", broken, "q"}, exitError,
			[]string{"load knowledge base: knowledge base refused"}, []string{"reload"}},
		{"summary, unknown document", []string{"summary", "--doc", "nope"}, exitUsage,
			[]string{`no document "nope"; the documents are "centres-d-appels-offshoring"`}, nil},
		{"summary, unknown document in a directory", []string{"summary", "--kb", oneDoc, "--doc", "nope"}, exitUsage,
			[]string{`the documents are "port"`}, nil},
		{"check, one document", []string{"check", "--kb", oneDoc}, exitOK,
			[]string{"\n1 document, 1 passage\n", "   1 passage  \"Le port\""}, []string{"1 documents", "1 passages"}},
		{"check, one problem", []string{"check", "--kb", broken}, exitError,
			[]string{"0 documents, 0 passages\n1 problem:\n", "knowledge base has 1 problem\n"}, []string{"problem(s)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", tt.args...)
			out := stdout + stderr
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			checkHolds(t, "output", out, tt.want, tt.notWant)
			if t.Failed() {
				t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
			}
		})
	}
}

// TestCheckListsSkippedFiles checks that check names every file of the
// knowledge directory that is not a document (a PDF dropped there is not
// silently ignored), escaped for the terminal, while hidden files and
// editor backups stay quiet.
func TestCheckListsSkippedFiles(t *testing.T) {
	tests := []struct {
		name    string
		files   []string // besides good.md
		want    []string // in stdout
		notWant []string
	}{
		{"documents only", []string{"notes.txt"}, []string{"2 documents"}, []string{"skipped"}},
		{"a PDF", []string{"rapport.pdf"}, []string{"1 file skipped (only .md and .txt files are documents):\n  rapport.pdf\n"}, nil},
		{"several, in subdirectories", []string{"b.docx", "sub/image.png", "a.PDF"},
			[]string{"3 files skipped", "  a.PDF\n  b.docx\n  sub/image.png\n"}, nil},
		{"escaped name", []string{"evil\x1b[2J.pdf"}, []string{`  "evil\x1b[2J.pdf"` + "\n"}, nil},
		{"hidden and backup files", []string{".DS_Store", "good.md~", "#good.md#"}, []string{"ok\n"}, []string{"skipped"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kb := t.TempDir()
			files := append([]string{"good.md"}, tt.files...)
			for _, f := range files {
				p := filepath.Join(kb, f)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("Le port de Tanger traite des conteneurs.\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr := runCLI(t, "", "check", "--kb", kb)
			if code != exitOK {
				t.Errorf("exit %d, want %d", code, exitOK)
			}
			checkHolds(t, "stdout", stdout, tt.want, tt.notWant)
			if t.Failed() {
				t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
			}
		})
	}
}

// checkHolds fails t when text (named what) lacks one of want or holds one
// of notWant.
func checkHolds(t *testing.T, what, text string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
	for _, w := range notWant {
		if strings.Contains(text, w) {
			t.Errorf("%s holds %q", what, w)
		}
	}
}
