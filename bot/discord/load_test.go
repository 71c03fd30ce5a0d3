package discord

import (
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/cputime"
	"github.com/articlebot/articlebot/internal/fakediscord"
)

// BenchmarkLoad sends 1,000 questions from 50 users at once through the
// fake Discord (template mode, no rate limit) and reports answers per
// second, the median and 99th percentile latency, from the MESSAGE_CREATE
// dispatch to the reply received by the fake, the CPU time the whole test
// process (bot and fake) spends per answer, the memory it allocates per
// answer (KiB and allocations, with the garbage collections of the round),
// and the REST requests per answer. Every question must be answered
// exactly once.
//
// A first round of one question per user, not measured, compiles the
// fake's OpenAPI schemas for the routes the answers use (about half a
// second of CPU, once per process).
//
// On a shared machine the answers per second follow the load; the CPU per
// answer moves less: 2 cores / (CPU per answer) bounds the rate.
//
//	go test ./bot/discord -run '^$' -bench BenchmarkLoad -benchtime 1x
func BenchmarkLoad(b *testing.B) {
	h := newHarness(b, func(o *options) {
		o.RateLimit = 0
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		o.adapter.TypingDelay = 0 // the default, as served
	})
	questions := []string{
		"Combien de salariés emploie le secteur ?",
		"Qui préside l'AMRC ?",
		"Quand a eu lieu la visioconférence ?",
		"Quel est le chiffre d'affaires à l'export ?",
		"Combien d'infractions ont été relevées ?",
	}
	const total, users = 1000, 50
	runLoad(b, h, 0, users, users, questions)
	round := 0
	b.ResetTimer()
	for b.Loop() {
		round++
		requests := len(h.fake.Requests())
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		cpu, cpuOK := cputime.Process()
		st := runLoad(b, h, round, total, users, questions)
		runtime.ReadMemStats(&after)
		b.ReportMetric(st.rate, "answers/s")
		b.ReportMetric(ms(st.p50), "p50-ms")
		b.ReportMetric(ms(st.p99), "p99-ms")
		b.ReportMetric(float64(len(h.fake.Requests())-requests)/float64(st.answered), "requests/answer")
		if now, ok := cputime.Process(); ok && cpuOK {
			b.ReportMetric(ms(now-cpu)/float64(st.answered), "cpu-ms/answer")
		}
		// What the process allocated per answer (bot, fake and benchmark):
		// steadier than the CPU time on a shared machine, and what the
		// garbage collector's share follows.
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/1024/float64(st.answered), "KiB/answer")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(st.answered), "allocs/answer")
		b.ReportMetric(float64(after.NumGC-before.NumGC), "GCs")
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// loadStats are the figures of one round of runLoad.
type loadStats struct {
	answered int // questions answered exactly once
	rate     float64
	p50, p99 time.Duration
}

func runLoad(b *testing.B, h *harness, round, total, users int, questions []string) loadStats {
	type sent struct {
		id string
		at time.Time
	}
	var mu sync.Mutex
	var all []sent
	var wg sync.WaitGroup
	start := time.Now()
	for u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			author := fakediscord.User{ID: fmt.Sprintf("3%03d%015d", round, u), Username: fmt.Sprintf("load%d", u)}
			channel := fmt.Sprintf("4%03d%015d", round, u)
			for n := range total / users {
				at := time.Now()
				id, err := h.fake.SendMessage(fakediscord.MessageSpec{DM: true, ChannelID: channel, Author: author, Content: questions[(u+n)%len(questions)]})
				if err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				all = append(all, sent{id, at})
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	want := map[string]time.Time{}
	for _, s := range all {
		want[s.id] = s.at
	}
	// Poll (rather than WaitFor, which rescans on every request) until
	// every question has its reply, reading only the requests received
	// since the last poll.
	deadline := time.Now().Add(2 * time.Minute)
	replies := map[string][]time.Time{}
	for read := 0; ; {
		rs := h.fake.RequestsFrom(read)
		read += len(rs)
		for _, r := range rs {
			if r.Route != fakediscord.RouteCreateMessage || !fakediscord.Succeeded(r) {
				continue
			}
			ref, _ := r.Message()["message_reference"].(map[string]any)
			id, _ := ref["message_id"].(string)
			if _, ok := want[id]; ok {
				replies[id] = append(replies[id], r.Time)
			}
		}
		if len(replies) == len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	var lat []time.Duration
	last := start
	for id, at := range want {
		got := replies[id]
		if len(got) != 1 {
			b.Errorf("question %s answered %d times, want once", id, len(got))
			continue
		}
		lat = append(lat, got[0].Sub(at))
		if got[0].After(last) {
			last = got[0]
		}
	}
	if len(lat) == 0 {
		b.Fatal("no answer")
	}
	slices.Sort(lat)
	st := loadStats{
		answered: len(lat),
		rate:     float64(len(lat)) / last.Sub(start).Seconds(),
		p50:      lat[len(lat)/2],
		p99:      lat[min(len(lat)-1, len(lat)*99/100)],
	}
	b.Logf("round %d: %d questions from %d users: %d answered once, %.0f answers/s, latency p50 %v p99 %v max %v",
		round, len(want), users, len(lat), st.rate, st.p50.Round(time.Millisecond), st.p99.Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	return st
}
