package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/articlebot/articlebot/bot/answer"
)

// synthetic makes questions whose right candidate is the one with the
// highest "exact" share, blurred by noise in "length": the ranker must
// learn a large positive weight for exact and a small one for length.
func synthetic(n int, seed uint64) []Example {
	r := rand.New(rand.NewPCG(seed, 1))
	var out []Example
	for q := 0; q < n; q++ {
		e := Example{Group: "g", Answerable: true, Known: 1}
		right := r.IntN(5)
		for c := 0; c < 5; c++ {
			var v answer.Vector
			v[answer.FExact] = r.Float64() * 0.5
			if c == right {
				v[answer.FExact] += 0.5
			}
			v[answer.FLength] = r.Float64()
			e.Features = append(e.Features, v)
			e.Right = append(e.Right, c == right)
		}
		out = append(out, e)
	}
	return out
}

func TestFitRanker(t *testing.T) {
	w, err := FitRanker(synthetic(400, 1), 1e-4)
	if err != nil {
		t.Fatal(err)
	}
	if w[answer.FExact] <= 0 {
		t.Fatalf("exact weight %.3f, want > 0", w[answer.FExact])
	}
	if math.Abs(w[answer.FLength]) > w[answer.FExact]/4 {
		t.Errorf("noise weight %.3f too large beside exact %.3f", w[answer.FLength], w[answer.FExact])
	}
	// The learned ranker puts the right candidate first on fresh questions.
	test := synthetic(200, 2)
	ds := Decide(test, w)
	right := 0
	for _, d := range ds {
		if d.Right {
			right++
		}
	}
	if right < 180 {
		t.Errorf("right first %d/200, want ≥ 180", right)
	}
}

func TestFitDeciderAndThreshold(t *testing.T) {
	ex := synthetic(300, 3)
	// Questions the base cannot answer: every candidate is weak.
	for i := 0; i < 300; i++ {
		e := synthetic(1, uint64(100+i))[0]
		e.Answerable = false
		for j := range e.Features {
			e.Features[j][answer.FExact] *= 0.3
			e.Features[j][answer.FCoverage] = e.Features[j][answer.FExact]
			e.Right[j] = false
		}
		ex = append(ex, e)
	}
	for i := range ex[:300] {
		for j := range ex[i].Features {
			ex[i].Features[j][answer.FCoverage] = ex[i].Features[j][answer.FExact]
		}
	}
	m, err := fit(ex, 1e-4)
	if err != nil {
		t.Fatal(err)
	}
	if m.Decide[answer.DCoverage] <= 0 {
		t.Errorf("decider coverage weight %.3f, want > 0", m.Decide[answer.DCoverage])
	}
	r := RatesAt(Decide(ex, m.Rank), m, m.Threshold)
	if r.Answered < 0.8 || r.Declined < 0.8 {
		t.Errorf("at threshold %.2f: answered %.2f, declined %.2f; want both ≥ 0.8", m.Threshold, r.Answered, r.Declined)
	}
}

func TestFitRankerNeedsData(t *testing.T) {
	if _, err := FitRanker(nil, 1e-3); err == nil {
		t.Error("no error with no data")
	}
}
