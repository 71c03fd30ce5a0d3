// Stage 4, score and decide: candidates ranked by the model, and whether
// the best one answers (its confidence, and the two gates).

package answer

import "sort"

// minCoverage is the least share of the question's weighted words an
// answer may hold (the coverage feature). In article-grouped
// cross-validation on PIAF's dev part no right answer held less than 0.15
// (and 5 of 3,702 less than 0.2), while 268 best candidates of questions
// asked without their article did.
const minCoverage = 0.15

// rank scores candidates with the model and sorts them, best first.
func (a *Answerer) rank(cands []candidate) {
	for i := range cands {
		cands[i].score = a.model.Score(cands[i].features)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
}

// decision measures the best of the scored candidates (sorted best first).
func decision(cands []candidate, known float64) DecisionVector {
	if len(cands) == 0 {
		return DecisionVector{}
	}
	ranked := make([]Ranked, len(cands))
	for i, c := range cands {
		ranked[i] = Ranked{Score: c.score, Doc: c.hit.Passage.Doc, Passage: c.hit.Passage.N}
	}
	return Decision(ranked, cands[0].features, known)
}

// decide ranks the candidates (best first) and says whether the best one
// answers: the model's confidence must reach the threshold, and two gates
// hold (model.go): the quote must be able to answer the kind of question
// at all (a "combien de temps" needs a length of time), and it must hold
// enough of the question to be grounded.
func (a *Answerer) decide(cands []candidate, known float64) (confidence float64, found bool) {
	a.rank(cands)
	best := cands[0]
	confidence = a.model.Confidence(decision(cands, known))
	found = confidence >= a.threshold() && best.features[FSatisfies] > 0 && best.features[FCoverage] >= minCoverage ||
		a.opts.MinConfidence < 0
	return confidence, found
}
