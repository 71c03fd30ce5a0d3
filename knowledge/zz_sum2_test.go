package knowledge

import (
	"fmt"
	"math"
	"os"
	"sort"
	"testing"
)

func TestZZSum2(t *testing.T) {
	if os.Getenv("ZZM") == "" {
		t.Skip()
	}
	var docs []Document
	if f := os.Getenv("ZZM"); f != "1" {
		raw, _ := os.ReadFile(f)
		d, _ := ParseDocument("x", ".md", raw)
		docs = append(docs, d)
	} else {
		b, _ := LoadDefault(t.Context())
		docs = b.Documents()
	}
	an := summaryAnalyzer()
	for _, d := range docs {
		var texts []string
		var terms []map[string]float64
		for _, p := range d.Passages {
			for _, s := range p.Sentences {
				texts = append(texts, s)
				terms = append(terms, sentenceTerms(an, s))
			}
		}
		n := len(texts)
		sim := make([][]float64, n)
		for i := range sim {
			sim[i] = make([]float64, n)
			for j := range sim[i] {
				if i == j {
					continue
				}
				c := 0.0
				for w := range terms[i] {
					if _, ok := terms[j][w]; ok {
						c++
					}
				}
				den := math.Log(float64(len(terms[i]))) + math.Log(float64(len(terms[j])))
				if den > 0 {
					sim[i][j] = c / den
				}
			}
		}
		out := make([]float64, n)
		for i := range sim {
			for j := range sim[i] {
				out[i] += sim[i][j]
			}
		}
		rank := make([]float64, n)
		for i := range rank {
			rank[i] = 1.0 / float64(n)
		}
		for it := 0; it < 100; it++ {
			next := make([]float64, n)
			for i := 0; i < n; i++ {
				s := 0.0
				for j := 0; j < n; j++ {
					if out[j] > 0 {
						s += sim[j][i] / out[j] * rank[j]
					}
				}
				next[i] = 0.15/float64(n) + 0.85*s
			}
			rank = next
		}
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return rank[idx[a]] > rank[idx[b]] })
		for _, i := range idx {
			fmt.Printf("%.4f %d %s\n", rank[i], len(terms[i]), texts[i][:min(70, len(texts[i]))])
		}
	}
}
