package answer

import (
	"context"
	"slices"
	"testing"
	"time"
)

// benchAsk asks the questions round-robin and reports the latency
// percentiles of one answer (ns/op is their mean). Each question is asked
// once before timing, as a running bot has already seen its passages.
func benchAsk(b *testing.B, a *Answerer, questions []string) {
	ctx := context.Background()
	for _, q := range questions {
		if _, err := a.Ask(ctx, Request{Question: q}); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := a.Ask(ctx, Request{Question: questions[i%len(questions)]}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
}

// BenchmarkAskArticle: answering on the default article (target p50 ≤ 0.5 ms).
func BenchmarkAskArticle(b *testing.B) {
	var qs []string
	for _, c := range readCases(b, "testdata/eval/article.jsonl") {
		qs = append(qs, c.Question)
	}
	benchAsk(b, newDefault(b), qs)
}

// BenchmarkAskPIAF: answering over PIAF's dev part, 383 documents and 1 MB
// (target p50 ≤ 2 ms, p99 ≤ 10 ms); skipped without ../shared.
func BenchmarkAskPIAF(b *testing.B) {
	fsys, cases := readSQuAD(b, "piaf-v1.1-dev.squad.json")
	var qs []string
	for _, c := range cases[:min(len(cases), 2000)] {
		qs = append(qs, c.Question)
	}
	benchAsk(b, newAnswerer(b, fsys), qs)
}
