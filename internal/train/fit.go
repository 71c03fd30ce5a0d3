package train

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/optimize"

	"github.com/articlebot/articlebot/bot/answer"
)

// Example is one question as the model sees it.
type Example struct {
	Group      string          // the article it is about: folds never split a group
	Features   []answer.Vector // its candidates, in any order
	Right      []bool          // Right[i]: candidate i holds the answer
	Known      float64         // share of its weighted words the base uses
	Answerable bool            // false: the base cannot answer it (asked without its article)
	Weight     float64         // how much it counts (1 unless stated)
	Kind       string          // the kind of question (for reports)
	Where      []string        // Where[i]: candidate i's passage and sentence, "doc§n.i"
}

// passage is the document and passage number of candidate i (from Where).
func (e Example) passage(i int) (doc string, n int) {
	if i >= len(e.Where) {
		return "", 0
	}
	doc, rest, _ := strings.Cut(e.Where[i], "§")
	num, _, _ := strings.Cut(rest, ".")
	n, _ = strconv.Atoi(num)
	return doc, n
}

func (e Example) weight() float64 {
	if e.Weight == 0 {
		return 1
	}
	return e.Weight
}

// scaler standardises features: (x - mean) / sd, so that one L2 penalty
// suits them all.
type scaler struct{ mean, sd []float64 }

func newScaler(rows [][]float64, weights []float64) scaler {
	n := len(rows[0])
	s := scaler{mean: make([]float64, n), sd: make([]float64, n)}
	var tw float64
	for r, row := range rows {
		tw += weights[r]
		for j, x := range row {
			s.mean[j] += weights[r] * x
		}
	}
	for j := range s.mean {
		s.mean[j] /= tw
	}
	for r, row := range rows {
		for j, x := range row {
			d := x - s.mean[j]
			s.sd[j] += weights[r] * d * d
		}
	}
	for j := range s.sd {
		s.sd[j] = math.Sqrt(s.sd[j] / tw)
		if s.sd[j] < 1e-9 {
			s.sd[j] = 0 // a constant feature: weight 0
		}
	}
	return s
}

func (s scaler) apply(x []float64) []float64 {
	out := make([]float64, len(x))
	for j, v := range x {
		if s.sd[j] > 0 {
			out[j] = (v - s.mean[j]) / s.sd[j]
		}
	}
	return out
}

// raw turns weights over standardised features into weights over raw
// ones, and the intercept with them.
func (s scaler) raw(w []float64, bias float64) ([]float64, float64) {
	out := make([]float64, len(w))
	for j := range w {
		if s.sd[j] > 0 {
			out[j] = w[j] / s.sd[j]
			bias -= w[j] * s.mean[j] / s.sd[j]
		}
	}
	return out, bias
}

// minimize runs L-BFGS on f from x0.
func minimize(f func(x, grad []float64) float64, x0 []float64) ([]float64, error) {
	p := optimize.Problem{
		Func: func(x []float64) float64 { return f(x, nil) },
		Grad: func(grad, x []float64) { f(x, grad) },
	}
	res, err := optimize.Minimize(p, x0, &optimize.Settings{GradientThreshold: 1e-6, MajorIterations: 500}, &optimize.LBFGS{})
	if err != nil && res == nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	return res.X, nil
}

// FitRanker fits the ranker's weights: a softmax over each answerable
// question's candidates (a conditional logit), maximising the probability
// of the candidates that hold the answer, with an L2 penalty lambda.
func FitRanker(examples []Example, lambda float64) (answer.Vector, error) {
	type q struct {
		x     [][]float64
		right []bool
		w     float64
	}
	var rows [][]float64
	var rw []float64
	var qs []q
	for _, e := range examples {
		hasRight := false
		for _, r := range e.Right {
			hasRight = hasRight || r
		}
		if !e.Answerable || !hasRight || len(e.Features) < 2 {
			continue // nothing to learn from which candidate wins
		}
		var xs [][]float64
		for _, v := range e.Features {
			xs = append(xs, v[:])
			rows = append(rows, v[:])
			rw = append(rw, e.weight()/float64(len(e.Features)))
		}
		qs = append(qs, q{x: xs, right: e.Right, w: e.weight()})
	}
	if len(qs) == 0 {
		return answer.Vector{}, fmt.Errorf("train: no answerable question with a right candidate")
	}
	sc := newScaler(rows, rw)
	for i := range qs {
		for j := range qs[i].x {
			qs[i].x[j] = sc.apply(qs[i].x[j])
		}
	}
	n := int(answer.NumFeatures)
	var tw float64
	for _, qq := range qs {
		tw += qq.w
	}
	f := func(w, grad []float64) float64 {
		var loss float64
		if grad != nil {
			clear(grad)
		}
		scores := make([]float64, 0, 64)
		for _, qq := range qs {
			scores = scores[:0]
			top := math.Inf(-1)
			for _, x := range qq.x {
				s := dot(w, x)
				scores = append(scores, s)
				top = math.Max(top, s)
			}
			var z, zr float64
			for i, s := range scores {
				e := math.Exp(s - top)
				z += e
				if qq.right[i] {
					zr += e
				}
			}
			loss -= qq.w * (math.Log(zr) - math.Log(z))
			if grad != nil {
				for i, s := range scores {
					e := math.Exp(s - top)
					g := e / z
					if qq.right[i] {
						g -= e / zr
					}
					g *= qq.w
					for j, x := range qq.x[i] {
						grad[j] += g * x
					}
				}
			}
		}
		loss /= tw
		for j := range w {
			loss += lambda * w[j] * w[j]
			if grad != nil {
				grad[j] = grad[j]/tw + 2*lambda*w[j]
			}
		}
		return loss
	}
	w, err := minimize(f, make([]float64, n))
	if err != nil {
		return answer.Vector{}, err
	}
	raw, _ := sc.raw(w, 0)
	var v answer.Vector
	copy(v[:], raw)
	return v, nil
}

// Decided is one question's decision: its measures and whether its best
// candidate holds the answer.
type Decided struct {
	D     answer.DecisionVector
	Right bool // the best candidate holds the answer
	Ans   bool // the question is answerable
	W     float64
}

// Decide scores each example's candidates with rank and measures its best.
func Decide(examples []Example, rank answer.Vector) []Decided {
	m := answer.Model{Rank: rank}
	out := make([]Decided, 0, len(examples))
	for _, e := range examples {
		if len(e.Features) == 0 {
			out = append(out, Decided{Ans: e.Answerable, W: e.weight()}) // nothing retrieved: always declined
			continue
		}
		ranked := make([]answer.Ranked, len(e.Features))
		best := 0
		for i, v := range e.Features {
			doc, passage := e.passage(i)
			ranked[i] = answer.Ranked{Score: m.Score(v), Doc: doc, Passage: passage}
			if ranked[i].Score > ranked[best].Score {
				best = i
			}
		}
		top := ranked[best]
		ranked = slices.Delete(ranked, best, best+1)
		slices.SortStableFunc(ranked, func(a, b answer.Ranked) int { return cmp.Compare(b.Score, a.Score) })
		ranked = slices.Insert(ranked, 0, top)
		out = append(out, Decided{D: answer.Decision(ranked, e.Features[best], e.Known),
			Right: e.Answerable && e.Right[best], Ans: e.Answerable, W: e.weight()})
	}
	return out
}

// FitDecider fits the logistic decider on decided questions: the label is
// whether the best candidate holds the answer (never, for a question the
// base cannot answer).
func FitDecider(ds []Decided, lambda float64) (answer.DecisionVector, float64, error) {
	var rows [][]float64
	var rw []float64
	var ys []float64
	for _, d := range ds {
		if d.D == (answer.DecisionVector{}) {
			continue
		}
		rows = append(rows, append([]float64(nil), d.D[:]...))
		rw = append(rw, d.W)
		if d.Right {
			ys = append(ys, 1)
		} else {
			ys = append(ys, 0)
		}
	}
	if len(rows) == 0 {
		return answer.DecisionVector{}, 0, fmt.Errorf("train: no decision to learn from")
	}
	sc := newScaler(rows, rw)
	xs := make([][]float64, len(rows))
	for i := range rows {
		xs[i] = sc.apply(rows[i])
	}
	n := int(answer.NumDecision)
	var tw float64
	for _, w := range rw {
		tw += w
	}
	f := func(w, grad []float64) float64 {
		// w[n] is the intercept, not penalised.
		var loss float64
		if grad != nil {
			clear(grad)
		}
		for i, x := range xs {
			z := w[n] + dot(w[:n], x)
			p := 1 / (1 + math.Exp(-z))
			p = math.Min(math.Max(p, 1e-12), 1-1e-12)
			loss -= rw[i] * (ys[i]*math.Log(p) + (1-ys[i])*math.Log(1-p))
			if grad != nil {
				g := rw[i] * (p - ys[i])
				for j, v := range x {
					grad[j] += g * v
				}
				grad[n] += g
			}
		}
		loss /= tw
		for j := 0; j < n; j++ {
			loss += lambda * w[j] * w[j]
			if grad != nil {
				grad[j] = grad[j]/tw + 2*lambda*w[j]
			}
		}
		if grad != nil {
			grad[n] /= tw
		}
		return loss
	}
	w, err := minimize(f, make([]float64, n+1))
	if err != nil {
		return answer.DecisionVector{}, 0, err
	}
	raw, bias := sc.raw(w[:n], w[n])
	var d answer.DecisionVector
	copy(d[:], raw)
	return d, bias, nil
}

// Rates are how a set of decided questions fares at a threshold.
type Rates struct {
	Answered, Declined float64 // answerable ones answered right; unanswerable ones declined (weighted shares)
}

// RatesAt scores decided questions with model m at threshold t.
func RatesAt(ds []Decided, m *answer.Model, t float64) Rates {
	var ra, na, rd, nd float64
	for _, d := range ds {
		conf := 0.0
		if d.D != (answer.DecisionVector{}) {
			conf = m.Confidence(d.D)
		}
		if d.Ans {
			na += d.W
			if d.Right && conf >= t {
				ra += d.W
			}
		} else {
			nd += d.W
			if conf < t {
				rd += d.W
			}
		}
	}
	var r Rates
	if na > 0 {
		r.Answered = ra / na
	}
	if nd > 0 {
		r.Declined = rd / nd
	}
	return r
}

// ChooseThreshold picks the threshold, in steps of 0.01, that maximises
// the mean of the two rates over ds.
func ChooseThreshold(ds []Decided, m *answer.Model) float64 {
	best, bestT := -1.0, 0.5
	for i := 1; i < 100; i++ {
		t := float64(i) / 100
		r := RatesAt(ds, m, t)
		if s := (r.Answered + r.Declined) / 2; s > best {
			best, bestT = s, t
		}
	}
	return bestT
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
