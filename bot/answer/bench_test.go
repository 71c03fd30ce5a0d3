package answer_test

import (
	"context"
	"runtime"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/articlebot/articlebot/internal/benchcorpus"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/eval"
	"github.com/articlebot/articlebot/internal/lexicon"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/prompts"
)

// The benchmarks are external tests: they read the question sets with the
// evaluation harness (package eval), which imports this package.

// benchAsk asks the questions round-robin and reports the latency
// percentiles of one answer (ns/op is their mean). Each question is asked
// once before timing, as a running bot has already seen its passages.
func benchAsk(b *testing.B, a *answer.Answerer, questions []string) {
	ctx := context.Background()
	for _, q := range questions {
		if _, err := a.Ask(ctx, answer.Request{Question: q}); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := a.Ask(ctx, answer.Request{Question: questions[i%len(questions)]}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportLatency(b, lat)
}

// reportLatency reports the percentiles of latencies lat.
func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(eval.Percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(eval.Percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
}

// BenchmarkAskArticle: answering on the default article (target p50 ≤ 0.5 ms).
func BenchmarkAskArticle(b *testing.B) {
	var qs []string
	for _, c := range readCases(b, "testdata/eval/article.jsonl") {
		qs = append(qs, c.Question)
	}
	benchAsk(b, newAnswerer(b, knowledge.DefaultFS()), qs)
}

// BenchmarkAskArticleCold: the same questions, each asked of a new
// Answerer over the same loaded base, so that nothing a question needs was
// analysed before (its passages' sentences, the terms of its words and of
// their synonyms and verb forms): the price of a bot's first questions.
func BenchmarkAskArticleCold(b *testing.B) {
	var qs []string
	for _, c := range readCases(b, "testdata/eval/article.jsonl") {
		qs = append(qs, c.Question)
	}
	store := knowledge.NewStore(knowledge.FSSource(knowledge.DefaultFS()), knowledge.Options{})
	if _, err := store.Reload(context.Background()); err != nil {
		b.Fatal(err)
	}
	opts := answer.Options{Lexicon: lexicon.Lazy()}
	answer.New(store, prompts.Default(), opts).Ask(context.Background(), answer.Request{Question: qs[0]}) // the lexicon read
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		a := answer.New(store, prompts.Default(), opts)
		if _, err := a.Ask(ctx, answer.Request{Question: qs[i%len(qs)]}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportLatency(b, lat)
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

// manpagesFS reads the benchmark corpus of package knowledge: 500 French
// documents, 2.5 MB (knowledge/testdata/bench/README.md).
func manpagesFS(tb testing.TB) fstest.MapFS {
	fsys, err := benchcorpus.Read("../../knowledge/testdata/bench/manpages-fr.tar.gz")
	if err != nil {
		tb.Fatal(err)
	}
	return fsys
}

// BenchmarkFirstQuestions loads the benchmark corpus (2.5 MB) and asks it
// the first 100 questions of the article set at once, as a bot does after a
// (re)load: whatever the answers need and is not built at load time is paid
// by these questions. It reports the percentiles of their latencies
// (target p99 ≤ 10 ms); ns/op is the load and the 100 answers. On Linux it
// also reports the percentiles of the CPU time each answer took on its
// thread (-cpu-ms), which the other processes of a busy machine do not
// inflate as they do the wall times.
func BenchmarkFirstQuestions(b *testing.B) {
	fsys := manpagesFS(b)
	var qs []string
	for _, c := range readCases(b, "testdata/eval/article.jsonl")[:100] {
		qs = append(qs, c.Question)
	}
	ctx := context.Background()
	var lat, cpu []time.Duration
	runtime.LockOSThread() // for threadCPU
	defer runtime.UnlockOSThread()
	for b.Loop() {
		store := knowledge.NewStore(knowledge.FSSource(fsys), knowledge.Options{})
		if _, err := store.Reload(ctx); err != nil {
			b.Fatal(err)
		}
		a := answer.New(store, prompts.Default(), answer.Options{Lexicon: lexicon.Lazy()})
		for _, q := range qs {
			start := time.Now()
			cpu0, cpuOK := threadCPU()
			if _, err := a.Ask(ctx, answer.Request{Question: q}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
			if cpu1, ok := threadCPU(); ok && cpuOK {
				cpu = append(cpu, cpu1-cpu0)
			}
		}
		b.StopTimer()
		store.Base().Close()
		b.StartTimer()
	}
	report := func(lat []time.Duration, unit string) {
		if len(lat) == 0 {
			return
		}
		slices.Sort(lat)
		b.ReportMetric(float64(eval.Percentile(lat, 0.50).Microseconds())/1000, "p50-"+unit)
		b.ReportMetric(float64(eval.Percentile(lat, 0.99).Microseconds())/1000, "p99-"+unit)
		b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-"+unit)
	}
	report(lat, "ms")
	report(cpu, "cpu-ms")
}
