// The scoring model: one place where a candidate sentence's features
// become its score, and the best candidate's score becomes the probability
// that the answer is right.
//
// Two linear models, fitted by `articlebot train` (see the README):
//   - the ranker scores each candidate: w·x over the features of
//     features.go; the candidates of a question compete through a softmax,
//     so only differences of score matter;
//   - the decider turns the best candidate into a confidence, the
//     probability that its answer is right: a logistic model over a few
//     measures of the question and of that candidate (decision features).
//
// The linguistic gates that stay hand-written are few and documented here:
//   - the question must hold a content word (Ask);
//   - the best candidate must be able to answer the kind of question at all
//     (the "satisfies" feature: a quantity question needs a figure, of the
//     unit asked for; an organisation or place question a name that is no
//     person's), else the answer is "not found" (decide, score.go);
//   - it must hold at least minCoverage of the question's weighted words
//     (score.go says how that bound was read off the data);
//   - the bold lead is a figure of the unit asked for, or a name, read from
//     the quote as a phrase (lead.go);
//   - every answer goes through the number guard (guard.go).

package answer

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Decision features: what the decider weighs of a question's best
// candidate. Nine measure the competition and the question; the rest are
// every feature of the best candidate (DBest+f for feature f), so that the
// decider can weigh anything the ranker sees. Weighing all of them rather
// than a chosen fourteen took article-grouped cross-validation on PIAF
// from 45.3 % answered right and 90.4 % declined without the article to
// 45.8 % and 93.4 %. The five measures of agreement (do the best
// candidates come from one document, one passage?) tell a base that holds
// the answer from one that merely shares words with the question: the
// best candidates of a question asked without its article scatter.
const (
	DScore             = iota // the ranker's score of the best candidate
	DMargin                   // its lead over the second candidate
	DProb                     // its softmax probability among the candidates
	DKnown                    // share of the question's weighted words the knowledge base uses at all
	DDocMass                  // softmax probability of the candidates from the best one's document
	DPassageMass              // the same, from its passage
	DDocsTop5                 // distinct documents among the five best candidates
	DSecondSameDoc            // the second candidate is from the best one's document
	DSecondSamePassage        // … from its passage
	DBest                     // the best candidate's features start here
	NumDecision        = DBest + int(NumFeatures)
)

// DCoverage is the decision feature that holds the best candidate's coverage.
const DCoverage = DBest + int(FCoverage)

var decisionNames = func() [NumDecision]string {
	n := [NumDecision]string{DScore: "score", DMargin: "margin", DProb: "prob", DKnown: "known", DDocMass: "doc_mass",
		DPassageMass: "passage_mass", DDocsTop5: "docs_top5", DSecondSameDoc: "second_same_doc", DSecondSamePassage: "second_same_passage"}
	for f := range NumFeatures {
		n[DBest+int(f)] = "best." + featureNames[f]
	}
	return n
}()

// DecisionVector holds the decision features of a question's best candidate.
type DecisionVector [NumDecision]float64

// Model is the weights table of the ranker and the decider.
type Model struct {
	Header    []string // comment lines: how and on what the model was fitted
	Rank      Vector
	Decide    DecisionVector
	Bias      float64 // the decider's intercept
	Threshold float64 // confidence below which the answer is "not found"
}

//go:embed model.txt
var embeddedModel string

// DefaultModel returns the embedded model fitted by `articlebot train`.
func DefaultModel() *Model {
	m, err := ReadModel(strings.NewReader(embeddedModel))
	if err != nil {
		panic("answer: embedded model.txt: " + err.Error()) // caught by TestDefaultModel
	}
	return m
}

// Score is the ranker's score of a candidate.
func (m *Model) Score(v Vector) float64 {
	var s float64
	for i, w := range m.Rank {
		s += w * v[i]
	}
	return s
}

// Confidence is the probability that an answer with decision features d
// is right.
func (m *Model) Confidence(d DecisionVector) float64 {
	z := m.Bias
	for i, w := range m.Decide {
		z += w * d[i]
	}
	return sigmoid(z)
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Decision is the decision vector of a question whose candidates are
// ranked (best first), the best having features best, and whose weighted
// words the base knows at share known.
func Decision(ranked []Ranked, best Vector, known float64) DecisionVector {
	var d DecisionVector
	if len(ranked) == 0 {
		return d
	}
	top := ranked[0]
	d[DScore] = top.Score
	d[DMargin] = 5 // alone: far ahead
	if len(ranked) > 1 {
		d[DMargin] = min(5, top.Score-ranked[1].Score)
		if ranked[1].Doc == top.Doc {
			d[DSecondSameDoc] = 1
			if ranked[1].Passage == top.Passage {
				d[DSecondSamePassage] = 1
			}
		}
	}
	var z, doc, passage float64
	docs := map[string]bool{}
	for i, r := range ranked {
		p := math.Exp(r.Score - top.Score)
		z += p
		if r.Doc == top.Doc {
			doc += p
			if r.Passage == top.Passage {
				passage += p
			}
		}
		if i < 5 {
			docs[r.Doc] = true
		}
	}
	d[DProb] = 1 / z
	d[DDocMass], d[DPassageMass] = doc/z, passage/z
	d[DDocsTop5] = float64(len(docs))
	d[DKnown] = known
	copy(d[DBest:], best[:])
	return d
}

// Ranked is a candidate as the decider sees it among the others: its
// score, its document and its passage.
type Ranked struct {
	Score   float64
	Doc     string
	Passage int
}

// DecisionNames names the decision features, indexed like DecisionVector.
func DecisionNames() []string { return decisionNames[:] }

// FeatureNames names the features, indexed like Vector.
func FeatureNames() []string { return featureNames[:] }

// ReadModel reads a model file: "#" comment lines, then lines
// "rank NAME WEIGHT", "decide NAME WEIGHT", "bias B" and "threshold T".
// Every feature must be given a weight.
func ReadModel(r io.Reader) (*Model, error) {
	m := &Model{}
	seenRank := map[string]bool{}
	seenDecide := map[string]bool{}
	sc := bufio.NewScanner(r)
	line := 0
	var haveBias, haveThreshold bool
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		if c, ok := strings.CutPrefix(s, "#"); ok {
			m.Header = append(m.Header, strings.TrimSpace(c))
			continue
		}
		f := strings.Fields(s)
		num := func(x string) (float64, error) {
			v, err := strconv.ParseFloat(x, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("model line %d: bad number %q", line, x)
			}
			return v, nil
		}
		switch {
		case len(f) == 3 && f[0] == "rank":
			i, ok := featureByName(f[1])
			if !ok {
				return nil, fmt.Errorf("model line %d: unknown feature %q", line, f[1])
			}
			v, err := num(f[2])
			if err != nil {
				return nil, err
			}
			m.Rank[i] = v
			seenRank[f[1]] = true
		case len(f) == 3 && f[0] == "decide":
			i := -1
			for k, n := range decisionNames {
				if n == f[1] {
					i = k
				}
			}
			if i < 0 {
				return nil, fmt.Errorf("model line %d: unknown decision feature %q", line, f[1])
			}
			v, err := num(f[2])
			if err != nil {
				return nil, err
			}
			m.Decide[i] = v
			seenDecide[f[1]] = true
		case len(f) == 2 && f[0] == "bias":
			v, err := num(f[1])
			if err != nil {
				return nil, err
			}
			m.Bias, haveBias = v, true
		case len(f) == 2 && f[0] == "threshold":
			v, err := num(f[1])
			if err != nil {
				return nil, err
			}
			m.Threshold, haveThreshold = v, true
		default:
			return nil, fmt.Errorf("model line %d: cannot read %q", line, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, n := range featureNames {
		if !seenRank[n] {
			return nil, fmt.Errorf("model: no rank weight for %q", n)
		}
	}
	for _, n := range decisionNames {
		if !seenDecide[n] {
			return nil, fmt.Errorf("model: no decide weight for %q", n)
		}
	}
	if !haveBias || !haveThreshold {
		return nil, fmt.Errorf("model: bias and threshold are required")
	}
	return m, nil
}

// Write writes the model in the form ReadModel reads.
func (m *Model) Write(w io.Writer) error {
	var b strings.Builder
	for _, h := range m.Header {
		fmt.Fprintf(&b, "# %s\n", h)
	}
	for i, n := range featureNames {
		fmt.Fprintf(&b, "rank %s %.6g\n", n, m.Rank[i])
	}
	for i, n := range decisionNames {
		fmt.Fprintf(&b, "decide %s %.6g\n", n, m.Decide[i])
	}
	fmt.Fprintf(&b, "bias %.6g\nthreshold %.4g\n", m.Bias, m.Threshold)
	_, err := io.WriteString(w, b.String())
	return err
}
