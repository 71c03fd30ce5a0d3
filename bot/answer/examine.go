package answer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/articlebot/articlebot/knowledge"
)

// Candidate is one sentence the model considered for a question, with
// its features, as the trainer and `ask --explain` see it.
type Candidate struct {
	Doc      string  `json:"doc"`
	Passage  int     `json:"passage"`
	Sentence int     `json:"sentence"` // index in the passage, 0-based
	Text     string  `json:"text"`     // the sentence, and the one beside it that names the answer, if any
	Features Vector  `json:"-"`
	Score    float64 `json:"score"`
}

// Examination is everything the model sees of one question.
type Examination struct {
	Kind       string
	Known      float64     // share of the question's weighted words the base uses
	Candidates []Candidate // best first by the Answerer's model
	Decision   DecisionVector
	Confidence float64
}

// Examine analyses and retrieves as Ask does, and returns every candidate
// with its features, scored by the Answerer's model.
func (a *Answerer) Examine(ctx context.Context, question string) (Examination, error) {
	text := questionText(question)
	if !hasWord(text) {
		return Examination{}, ErrEmptyQuestion
	}
	base := a.kb.Base()
	if base == nil {
		return Examination{}, ErrNoKnowledge
	}
	q := Analyze(expandChat(text))
	qa, _, cands, err := a.candidates(ctx, base, q, nil)
	if errors.Is(err, knowledge.ErrClosed) {
		if base = a.kb.Base(); base != nil {
			qa, _, cands, err = a.candidates(ctx, base, q, nil)
		}
	}
	known := qa.known
	if err != nil {
		return Examination{}, err
	}
	a.rank(cands)
	ex := Examination{Kind: q.Kind.String(), Known: known, Decision: decision(cands, known)}
	if len(cands) > 0 {
		ex.Confidence = a.model.Confidence(ex.Decision)
	}
	for _, c := range cands {
		t := c.text
		if c.window {
			t += " " + c.hit.Passage.Sentences[c.index+1]
		}
		if c.window && c.companion > c.index {
			c.companion++
		}
		if c.companion >= 0 {
			t += " " + c.hit.Passage.Sentences[c.companion]
		}
		ex.Candidates = append(ex.Candidates, Candidate{Doc: c.hit.Passage.Doc, Passage: c.hit.Passage.N, Sentence: c.index,
			Text: t, Features: c.features, Score: c.score})
	}
	return ex, nil
}

// Explain writes, for the n best candidates of question, every feature's
// value and its share of the score, and the decision with its confidence.
func (a *Answerer) Explain(ctx context.Context, question string, n int, w io.Writer) error {
	ex, err := a.Examine(ctx, question)
	if err != nil {
		return err
	}
	m := a.model
	fmt.Fprintf(w, "kind %s; %d candidates; confidence %.3f (threshold %.2f)\n", ex.Kind, len(ex.Candidates), ex.Confidence, a.threshold())
	for i, c := range ex.Candidates[:min(n, len(ex.Candidates))] {
		fmt.Fprintf(w, "\n#%d score %.3f  %s §%d, sentence %d\n  %s\n", i+1, c.Score, c.Doc, c.Passage, c.Sentence+1, oneLine(c.Text, 160))
		for f := range NumFeatures {
			if c.Features[f] == 0 {
				continue
			}
			fmt.Fprintf(w, "  %-15s %8.3f × %+7.3f = %+7.3f\n", f, c.Features[f], m.Rank[f], c.Features[f]*m.Rank[f])
		}
	}
	fmt.Fprintf(w, "\ndecision (best candidate):\n")
	z := m.Bias
	for i, name := range decisionNames {
		fmt.Fprintf(w, "  %-15s %8.3f × %+7.3f = %+7.3f\n", name, ex.Decision[i], m.Decide[i], ex.Decision[i]*m.Decide[i])
		z += ex.Decision[i] * m.Decide[i]
	}
	fmt.Fprintf(w, "  %-15s %27.3f\n  sum %.3f → confidence %.3f\n", "bias", m.Bias, z, sigmoid(z))
	return nil
}

// oneLine is s on one line, cut to n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
