package metrics

import (
	"context"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape fetches /metrics through h and parses the text exposition.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics = %d: %s", rec.Code, rec.Body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// find returns the metric of family name whose labels are exactly labels.
func find(t *testing.T, fams map[string]*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	t.Helper()
	fam, ok := fams[name]
	if !ok {
		t.Fatalf("metric family %s missing", name)
	}
next:
	for _, m := range fam.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		for _, lp := range m.GetLabel() {
			if labels[lp.GetName()] != lp.GetValue() {
				continue next
			}
		}
		return m
	}
	t.Fatalf("%s%v missing; have %v", name, labels, fam.GetMetric())
	return nil
}

func TestMetricsExposed(t *testing.T) {
	m := New()
	m.Question(TriggerMention, ModeTemplate, OutcomeAnswered, 3*time.Millisecond)
	m.Question(TriggerMention, ModeTemplate, OutcomeAnswered, 40*time.Millisecond)
	m.Question(TriggerSlash, ModeLLM, OutcomeDeclined, 2*time.Second)
	m.Question(TriggerDM, "", OutcomeRateLimited, 0)
	m.Question("typo", "weird", "nope", time.Millisecond)
	m.LLM(LLMOK)
	m.LLM(LLMTimeout)
	m.LLM(LLMTimeout)
	m.LLM("teapot")
	m.Reload(true, 3, 42)
	m.Reload(false, 0, 0)
	m.SetConnected(true)
	m.SetUnanswered(7)

	fams := scrape(t, m.Handler(nil))
	counters := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"articlebot_questions_total", map[string]string{"trigger": "mention", "mode": "template", "outcome": "answered"}, 2},
		{"articlebot_questions_total", map[string]string{"trigger": "slash", "mode": "llm", "outcome": "declined"}, 1},
		{"articlebot_questions_total", map[string]string{"trigger": "dm", "mode": "none", "outcome": "rate_limited"}, 1},
		{"articlebot_questions_total", map[string]string{"trigger": "other", "mode": "other", "outcome": "other"}, 1},
		{"articlebot_llm_requests_total", map[string]string{"outcome": "ok"}, 1},
		{"articlebot_llm_requests_total", map[string]string{"outcome": "timeout"}, 2},
		{"articlebot_llm_requests_total", map[string]string{"outcome": "circuit_open"}, 0},
		{"articlebot_llm_requests_total", map[string]string{"outcome": "other"}, 1},
		{"articlebot_reloads_total", map[string]string{"result": "ok"}, 1},
		{"articlebot_reloads_total", map[string]string{"result": "error"}, 1},
	}
	for _, c := range counters {
		if got := find(t, fams, c.name, c.labels).GetCounter().GetValue(); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	gauges := []struct {
		name string
		want float64
	}{
		{"articlebot_knowledge_documents", 3},
		{"articlebot_knowledge_passages", 42},
		{"articlebot_gateway_connected", 1},
		{"articlebot_unanswered_questions", 7},
	}
	for _, g := range gauges {
		if got := find(t, fams, g.name, nil).GetGauge().GetValue(); got != g.want {
			t.Errorf("%s = %v, want %v", g.name, got, g.want)
		}
	}

	h := find(t, fams, "articlebot_answer_duration_seconds", map[string]string{"mode": "template"}).GetHistogram()
	if h.GetSampleCount() != 2 || h.GetSampleSum() < 0.042 || h.GetSampleSum() > 0.044 {
		t.Errorf("template histogram count %d sum %v, want 2 and 0.043", h.GetSampleCount(), h.GetSampleSum())
	}
	var bounds []float64
	for _, b := range h.GetBucket() {
		if !math.IsInf(b.GetUpperBound(), 1) { // the text format lists +Inf
			bounds = append(bounds, b.GetUpperBound())
		}
	}
	if !slices.Equal(bounds, DurationBuckets) || bounds[0] != 0.001 || bounds[len(bounds)-1] != 30 {
		t.Errorf("buckets = %v, want DurationBuckets from 1 ms to 30 s", bounds)
	}
	for _, hm := range fams["articlebot_answer_duration_seconds"].GetMetric() {
		if hm.GetLabel()[0].GetValue() == ModeNone {
			t.Error("a zero duration was observed in the histogram")
		}
	}
	for _, name := range []string{"go_goroutines", "process_start_time_seconds"} {
		if _, ok := fams[name]; !ok {
			t.Errorf("collector metric %s missing", name)
		}
	}
}

func TestFailedReloadKeepsSize(t *testing.T) {
	m := New()
	m.SetKnowledge(2, 10)
	m.Reload(false, 0, 0)
	fams := scrape(t, m.Handler(nil))
	if got := find(t, fams, "articlebot_knowledge_documents", nil).GetGauge().GetValue(); got != 2 {
		t.Errorf("documents after failed reload = %v, want 2", got)
	}
	if got := find(t, fams, "articlebot_reloads_total", map[string]string{"result": "ok"}).GetCounter().GetValue(); got != 0 {
		t.Errorf("SetKnowledge counted a reload: %v", got)
	}
	m.SetConnected(false)
	fams = scrape(t, m.Handler(nil))
	if got := find(t, fams, "articlebot_gateway_connected", nil).GetGauge().GetValue(); got != 0 {
		t.Errorf("connected = %v, want 0", got)
	}
}

func TestOwnRegistry(t *testing.T) {
	a, b := New(), New() // registering twice on the global registry would panic
	a.LLM(LLMOK)
	fams := scrape(t, b.Handler(nil))
	if got := find(t, fams, "articlebot_llm_requests_total", map[string]string{"outcome": "ok"}).GetCounter().GetValue(); got != 0 {
		t.Errorf("metrics leak between instances: %v", got)
	}
}

func TestNilMetrics(t *testing.T) {
	var m *Metrics
	m.Question(TriggerCLI, ModeLLM, OutcomeError, time.Second)
	m.LLM(LLMOK)
	m.Reload(true, 1, 1)
	m.SetKnowledge(1, 1)
	m.SetConnected(true)
	m.SetUnanswered(1)
	if m.Registry() != nil {
		t.Error("nil Metrics has a registry")
	}
	h := m.Handler(nil)
	for path, want := range map[string]int{"/metrics": 404, "/healthz": 200, "/readyz": 200} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != want {
			t.Errorf("nil Metrics %s = %d, want %d", path, rec.Code, want)
		}
	}
}

func TestHealthAndReady(t *testing.T) {
	var notReady error = errors.New("gateway not connected")
	h := New().Handler(func() error { return notReady })
	tests := []struct {
		name, method, path string
		ready              error
		code               int
		body               string
	}{
		{"healthz", http.MethodGet, "/healthz", notReady, 200, "ok\n"},
		{"healthz head", http.MethodHead, "/healthz", notReady, 200, ""},
		{"readyz not ready", http.MethodGet, "/readyz", notReady, 503, "not ready: gateway not connected\n"},
		{"readyz ready", http.MethodGet, "/readyz", nil, 200, "ready\n"},
		{"post refused", http.MethodPost, "/readyz", nil, 405, ""},
		{"unknown path", http.MethodGet, "/admin", nil, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			notReady = tt.ready
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.code {
				t.Errorf("%s %s = %d, want %d", tt.method, tt.path, rec.Code, tt.code)
			}
			if tt.body != "" && rec.Body.String() != tt.body {
				t.Errorf("body = %q, want %q", rec.Body, tt.body)
			}
		})
	}
}

func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("cannot listen on loopback: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	m := New()
	m.SetConnected(true)
	go func() { done <- ServeListener(ctx, ln, m.Handler(nil)) }()

	url := "http://" + ln.Addr().String()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "articlebot_gateway_connected 1") {
		t.Errorf("GET /metrics = %d:\n%.500s", resp.StatusCode, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ServeListener = %v after cancel, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ServeListener did not return after cancel")
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestServeBadAddress(t *testing.T) {
	done := make(chan error, 1)
	go func() { done <- Serve(context.Background(), "256.0.0.1:bad", New().Handler(nil)) }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Serve on a bad address succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve on a bad address did not return")
	}
}

func TestServeCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, "127.0.0.1:0", New().Handler(nil)) }()
	cancel()
	select {
	case <-done: // nil, or a listen error if cancelled before listening
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}
