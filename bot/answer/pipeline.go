// The pipeline: a question through its stages, in order (see doc.go), and
// the follow-up that borrows the previous question's words.

package answer

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/knowledge"
)

// result is what retrieval and ranking found for a question.
type result struct {
	lead       string // a short direct answer read from the quote, or ""
	hits       []knowledge.Hit
	cands      []candidate // every candidate, best first
	best       []candidate // the sentences to quote, best first; empty when not found
	found      bool
	confidence float64 // the probability that the answer is right
}

// passages are the retrieved passages in the order of their best
// candidate's score, then those with no candidate.
func (r result) passages() []knowledge.Hit {
	out := make([]knowledge.Hit, 0, len(r.hits))
	seen := map[string]bool{}
	for _, c := range r.cands {
		if id := c.hit.Passage.ID(); !seen[id] {
			seen[id] = true
			out = append(out, c.hit)
		}
	}
	for _, h := range r.hits {
		if !seen[h.Passage.ID()] {
			out = append(out, h)
		}
	}
	return out
}

// find answers the question on its own first; a question that cannot be
// answered alone and follows earlier turns ("et en 2019 ?", "qui l'a
// dit ?") is answered again with the previous question's words.
func (a *Answerer) find(ctx context.Context, base *knowledge.Base, q Question, history []Turn) (result, error) {
	res, err := a.findWith(ctx, base, q, nil)
	if err != nil || res.found || len(history) == 0 || !isFollowUp(q, len(words(fold(q.Text)))) {
		return res, err
	}
	res, err = a.findWith(ctx, base, q, history)
	if err == nil && res.found && !a.followUpHeld(base, q, res.cands[0].hit.Passage) {
		res.found = false
	}
	return res, err
}

// followUpHeld reports whether the passage of a follow-up's answer holds
// what the follow-up adds to the earlier question: its figures and years
// ("et en 2019 ?") and its names ("et chez Renault ?"). Without them, the
// answer would be the earlier question's again.
func (a *Answerer) followUpHeld(base *knowledge.Base, q Question, p knowledge.Passage) bool {
	if missingNumber(questionNumbers(q.body), a.cacheFor(base).numbers(p)) {
		return false
	}
	have := set(words(fold(p.Text))...)
	for i, w := range strings.Fields(q.Text) {
		if r, _ := utf8.DecodeRuneInString(w); i == 0 || !unicode.IsUpper(r) {
			continue
		}
		for _, part := range words(fold(w)) {
			if !have[part] {
				return false
			}
		}
	}
	return true
}

// findWith runs the pipeline of stages, in one direction, each in its own
// file: analyse the question against the base (slots.go), retrieve
// passages (retrieve.go), measure each of their sentences (features.go),
// score and decide (score.go), compose the answer (compose.go: lead.go,
// trim.go). Rendering and the number guard follow in Ask (render.go,
// guard.go). The question is analysed once (a query) and each sentence once
// (text.go); every stage reads them, none analyses again.
func (a *Answerer) findWith(ctx context.Context, base *knowledge.Base, q Question, history []Turn) (result, error) {
	qa, hits, cands, err := a.candidates(ctx, base, q, history)
	if err != nil || len(cands) == 0 {
		return result{hits: hits}, err
	}
	res := result{hits: hits, cands: cands}
	res.confidence, res.found = a.decide(cands, qa.known)
	if !res.found {
		return res, nil
	}
	res.best, res.lead = a.compose(base, qa, cands[0])
	return res, nil
}

// candidates runs the first three stages: the question analysed, its
// passages retrieved, their sentences measured (unscored).
func (a *Answerer) candidates(ctx context.Context, base *knowledge.Base, q Question, history []Turn) (query, []knowledge.Hit, []candidate, error) {
	qa := a.analyze(base, q, history)
	if len(qa.slots) == 0 {
		return qa, nil, nil, nil
	}
	hits, err := a.retrieve(ctx, base, qa)
	if err != nil || len(hits) == 0 {
		return qa, hits, nil, err
	}
	return qa, hits, a.measure(base, qa, hits), nil
}
