package answer

import (
	"context"
	"strings"
	"testing"
)

func TestDefaultModel(t *testing.T) {
	m := DefaultModel()
	if len(m.Header) == 0 {
		t.Error("the embedded model names no origin in its header")
	}
	if m.Threshold <= 0 || m.Threshold >= 1 {
		t.Errorf("threshold %.2f outside (0, 1)", m.Threshold)
	}
	var b strings.Builder
	if err := m.Write(&b); err != nil {
		t.Fatal(err)
	}
	back, err := ReadModel(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Rank {
		if d := back.Rank[i] - m.Rank[i]; d > 1e-5 || d < -1e-5 {
			t.Errorf("%s: %g after a round trip, want %g", Feature(i), back.Rank[i], m.Rank[i])
		}
	}
}

func TestReadModelErrors(t *testing.T) {
	var full strings.Builder
	if err := DefaultModel().Write(&full); err != nil {
		t.Fatal(err)
	}
	good := full.String()
	tests := []struct{ name, text, want string }{
		{"unknown feature", good + "rank nonsense 1\n", "unknown feature"},
		{"bad number", strings.Replace(good, "threshold ", "threshold x", 1), "bad number"},
		{"missing weight", strings.Replace(good, "rank coverage", "# rank coverage", 1), `no rank weight for "coverage"`},
		{"missing threshold", good[:strings.Index(good, "threshold")], "threshold"},
		{"garbage", good + "hello\n", "cannot read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadModel(strings.NewReader(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestConfidenceIsProbability: the confidence grows with the decider's
// sum and stays within (0, 1).
func TestConfidenceIsProbability(t *testing.T) {
	m := &Model{Bias: -1}
	m.Decide[DCoverage] = 4
	lo, hi := m.Confidence(DecisionVector{DCoverage: 0}), m.Confidence(DecisionVector{DCoverage: 1})
	if !(0 < lo && lo < hi && hi < 1) {
		t.Errorf("confidence %.3f at coverage 0, %.3f at 1", lo, hi)
	}
}

// TestExplain: every feature that counts is shown with its share.
func TestExplain(t *testing.T) {
	a := newDefault(t)
	var b strings.Builder
	if err := a.Explain(context.Background(), "Combien de salariés emploie le secteur ?", 2, &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"#1 score", "#2 score", "coverage", "confidence", "decision"} {
		if !strings.Contains(out, want) {
			t.Errorf("explanation lacks %q:\n%s", want, out)
		}
	}
}

func TestExamineRanksBestFirst(t *testing.T) {
	a := newDefault(t)
	ex, err := a.Examine(context.Background(), "Qui préside l'AMRC ?")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Candidates) < 2 {
		t.Fatalf("%d candidates", len(ex.Candidates))
	}
	for i := 1; i < len(ex.Candidates); i++ {
		if ex.Candidates[i].Score > ex.Candidates[0].Score {
			t.Fatalf("candidate %d scores %.3f above the first's %.3f", i, ex.Candidates[i].Score, ex.Candidates[0].Score)
		}
	}
	if ex.Confidence <= 0 || ex.Confidence >= 1 {
		t.Errorf("confidence %.3f", ex.Confidence)
	}
}

func TestCleanChat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<@1400000000000000000> combien de salariés ?", "combien de salariés ?"},
		{"<@!12> <@&34> <#56> qui <:pepe:78> <a:dance:9> préside ?", "qui préside ?"},
		{"\x1b[31mcombien\x1b[0m de salariés", "combien de salariés"},
		{"com\u200bbien de sala\u200dries\ufeff", "combien de salaries"},
		{"quand <t:1700000000:R> ?", "quand ?"},
		{"pas de jeton ici < @ 12 >", "pas de jeton ici < @ 12 >"},
	}
	for _, tt := range tests {
		got := strings.Join(strings.Fields(cleanChat(tt.in)), " ")
		if got != tt.want {
			t.Errorf("cleanChat(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMentionDoesNotChangeTheAnswer: a question asked with a mention in
// front gets the answer it gets without.
func TestMentionDoesNotChangeTheAnswer(t *testing.T) {
	a := newDefault(t)
	ctx := context.Background()
	plain, err := a.Ask(ctx, Request{Question: "combien de salariés emploie le secteur ?"})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"<@1400000000000000000> combien de salariés emploie le secteur ?", "\u200bcombien de salariés emploie le \x1b[1msecteur\x1b[0m ?"} {
		got, err := a.Ask(ctx, Request{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if got.Found != plain.Found || got.Confidence != plain.Confidence {
			t.Errorf("%q: found %v (%.3f), want %v (%.3f) as without the noise", q, got.Found, got.Confidence, plain.Found, plain.Confidence)
		}
	}
}
