package answer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/internal/shared"
)

// The evaluation floors: the targets (95% / 90% / 85%), which the
// answerer reaches, so that a change that makes answers worse fails. See
// the README for the current figures and `articlebot eval` to measure them.
const (
	floorArticleCorrect  = 0.95
	floorArticleDeclined = 0.90
	floorPIAF            = 0.85
)

func TestEvalArticle(t *testing.T) {
	cases := readCases(t, "testdata/eval/article.jsonl")
	rep := Evaluate(context.Background(), newDefault(t), cases)
	var b strings.Builder
	rep.WriteReport(&b)
	t.Log(b.String())
	if rep.Answerable < 40 || rep.Unanswerable < 10 {
		t.Fatalf("question set too small: %d answerable, %d not", rep.Answerable, rep.Unanswerable)
	}
	if got := float64(rep.Correct) / float64(rep.Answerable); got < floorArticleCorrect {
		t.Errorf("answered correctly %.1f%%, floor %.0f%%", 100*got, 100*floorArticleCorrect)
	}
	if got := float64(rep.Declined) / float64(rep.Unanswerable); got < floorArticleDeclined {
		t.Errorf("declined correctly %.1f%%, floor %.0f%%", 100*got, 100*floorArticleDeclined)
	}
}

func TestEvalPIAF(t *testing.T) {
	f, err := os.Open(filepath.Join(sharedDir(t), "datasets", "piaf-small.squad.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fsys, cases, err := ReadSQuAD(f)
	if err != nil {
		t.Fatal(err)
	}
	rep := Evaluate(context.Background(), newAnswerer(t, fsys), cases)
	if len(cases) != 51 {
		t.Errorf("PIAF: %d questions, want 51", len(cases))
	}
	if got := float64(rep.Correct) / float64(rep.Answerable); got < floorPIAF {
		var b strings.Builder
		rep.WriteReport(&b)
		t.Errorf("PIAF answered correctly %.1f%%, floor %.0f%%\n%s", 100*got, 100*floorPIAF, b.String())
	}
}

func TestReadCasesErrors(t *testing.T) {
	for _, in := range []string{"", "{bad json", `{"question": ""}`, `{"question": "q"}`, `{"question": "q", "match": "("}`} {
		if _, err := ReadCases(strings.NewReader(in)); err == nil {
			t.Errorf("ReadCases(%q): no error", in)
		}
	}
}

// sharedDir is ../shared beside the repository root, or skips.
func sharedDir(t testing.TB) string { return shared.TestPath(t) }
