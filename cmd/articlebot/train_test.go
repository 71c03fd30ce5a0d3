package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/shared"
)

// TestTrain runs `articlebot train` end to end on PIAF's small set: it
// cross-validates, and writes a model that the answerer reads, whose header
// names the command.
func TestTrain(t *testing.T) {
	squad := shared.TestPath(t, "datasets", "piaf-small.squad.json")
	out := filepath.Join(t.TempDir(), "model.txt")
	set, err := filepath.Abs("../../bot/answer/testdata/eval/article.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, errOut := runCLI(t, "", "train", "--squad", squad, "--set", set,
		"--folds", "2", "--single-weight", "0.3", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"cross-validation, 2 folds", "answered correctly:", "declined when the article is removed:", "rank coverage"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(errOut, "one-article bases at") || !strings.Contains(errOut, "of it without their paragraph") {
		t.Errorf("progress does not report the one-article bases:\n%s", errOut)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := answer.ReadModel(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Header) < 2 || !strings.Contains(strings.Join(m.Header, "\n"), "articlebot train") {
		t.Errorf("header does not name the command: %q", m.Header)
	}
	if m.Rank[answer.FCoverage] <= 0 {
		t.Errorf("coverage weight %.3f: the words of the question should count for a sentence", m.Rank[answer.FCoverage])
	}
	if code, _, _ := runCLI(t, "", "train"); code != exitUsage {
		t.Errorf("train without --squad: exit %d, want %d", code, exitUsage)
	}
}

func TestReproducible(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"--squad", "a.json", "--cache", "/tmp/c.gob", "--out", "m.txt"}, "--squad a.json"},
		{[]string{"--cache=/tmp/c.gob", "--weight", "20", "--quick", "--out=m.txt"}, "--weight 20"},
		{[]string{"--set", "x.jsonl", "--set", "y.jsonl"}, "--set x.jsonl --set y.jsonl"},
	}
	for _, tt := range tests {
		if got := strings.Join(reproducible(tt.in), " "); got != tt.want {
			t.Errorf("reproducible(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
