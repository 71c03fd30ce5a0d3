package metrics

import (
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Triggers: how a question reached the bot (label trigger).
const (
	TriggerMention = "mention"
	TriggerDM      = "dm"
	TriggerChannel = "channel"
	TriggerSlash   = "slash"
	TriggerCLI     = "cli"
)

// Outcomes of a question (label outcome of articlebot_questions_total).
const (
	OutcomeAnswered    = "answered"
	OutcomeDeclined    = "declined"
	OutcomeRateLimited = "rate_limited"
	OutcomeError       = "error"
	OutcomeRefused     = "refused"
)

// Outcomes of an LLM request (label outcome of articlebot_llm_requests_total).
const (
	LLMOK          = "ok"
	LLMTimeout     = "timeout"
	LLMRateLimited = "rate_limited"
	LLMServerError = "server_error"
	LLMBadOutput   = "bad_output"
	LLMCircuitOpen = "circuit_open"
)

// Modes (label mode). A question that never reached an answering mode
// (rate limited, refused) is recorded with ModeNone.
const (
	ModeTemplate = "template"
	ModeLLM      = "llm"
	ModeNone     = "none"
)

// Other replaces a label value outside the known set, so a caller's typo
// or stray input can never create unbounded series.
const Other = "other"

var (
	triggers    = []string{TriggerMention, TriggerDM, TriggerChannel, TriggerSlash, TriggerCLI}
	outcomes    = []string{OutcomeAnswered, OutcomeDeclined, OutcomeRateLimited, OutcomeError, OutcomeRefused}
	llmOutcomes = []string{LLMOK, LLMTimeout, LLMRateLimited, LLMServerError, LLMBadOutput, LLMCircuitOpen}
	modes       = []string{ModeTemplate, ModeLLM, ModeNone}
)

// DurationBuckets are the answer latency histogram buckets, in seconds:
// from 1 ms (template answers) to 30 s (a slow LLM).
var DurationBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30}

// Metrics holds the bot's metrics and the registry they are exposed from.
// A nil *Metrics is valid: every method is then a no-op.
type Metrics struct {
	reg        *prometheus.Registry
	questions  *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	llm        *prometheus.CounterVec
	reloads    *prometheus.CounterVec
	documents  prometheus.Gauge
	passages   prometheus.Gauge
	connected  prometheus.Gauge
	unanswered prometheus.Gauge
}

// New returns the bot's metrics registered on a new registry, together with
// the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articlebot_questions_total",
			Help: "Questions handled, by trigger (mention, dm, channel, slash, cli), answering mode and outcome (answered, declined, rate_limited, error, refused).",
		}, []string{"trigger", "mode", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "articlebot_answer_duration_seconds",
			Help:    "Time from receiving a question to having its reply ready, by answering mode.",
			Buckets: DurationBuckets,
		}, []string{"mode"}),
		llm: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articlebot_llm_requests_total",
			Help: "Requests to the LLM, by outcome (ok, timeout, rate_limited, server_error, bad_output, circuit_open).",
		}, []string{"outcome"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "articlebot_reloads_total",
			Help: "Knowledge base reloads, by result (ok, error).",
		}, []string{"result"}),
		documents: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "articlebot_knowledge_documents",
			Help: "Documents in the live knowledge base.",
		}),
		passages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "articlebot_knowledge_passages",
			Help: "Passages in the live knowledge base.",
		}),
		connected: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "articlebot_gateway_connected",
			Help: "1 while the Discord gateway connection is up, else 0.",
		}),
		unanswered: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "articlebot_unanswered_questions",
			Help: "Distinct declined questions kept for admins.",
		}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.questions, m.duration, m.llm, m.reloads,
		m.documents, m.passages, m.connected, m.unanswered,
	)
	// Series that exist from the start, so rates and alerts work before
	// the first event.
	for _, o := range llmOutcomes {
		m.llm.WithLabelValues(o)
	}
	m.reloads.WithLabelValues("ok")
	m.reloads.WithLabelValues("error")
	return m
}

// Registry returns the registry the metrics are registered on (nil for a
// nil *Metrics), to add collectors or gather in tests.
func (m *Metrics) Registry() *prometheus.Registry {
	if m == nil {
		return nil
	}
	return m.reg
}

// Question records a handled question and, when d > 0, how long it took.
// Unknown label values are recorded as Other; an empty mode as ModeNone.
func (m *Metrics) Question(trigger, mode, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	mode = known(mode, modes)
	m.questions.WithLabelValues(known(trigger, triggers), mode, known(outcome, outcomes)).Inc()
	if d > 0 {
		m.duration.WithLabelValues(mode).Observe(d.Seconds())
	}
}

// LLM records the outcome of one LLM request.
func (m *Metrics) LLM(outcome string) {
	if m == nil {
		return
	}
	m.llm.WithLabelValues(known(outcome, llmOutcomes)).Inc()
}

// Reload records a knowledge base reload. When ok, docs and passages are
// the size of the new base; a failed reload leaves the size gauges alone,
// since the previous base keeps serving.
func (m *Metrics) Reload(ok bool, docs, passages int) {
	if m == nil {
		return
	}
	if !ok {
		m.reloads.WithLabelValues("error").Inc()
		return
	}
	m.reloads.WithLabelValues("ok").Inc()
	m.SetKnowledge(docs, passages)
}

// SetKnowledge sets the size of the live knowledge base without counting a
// reload (the initial load).
func (m *Metrics) SetKnowledge(docs, passages int) {
	if m == nil {
		return
	}
	m.documents.Set(float64(docs))
	m.passages.Set(float64(passages))
}

// SetConnected records whether the Discord gateway is connected.
func (m *Metrics) SetConnected(up bool) {
	if m == nil {
		return
	}
	if up {
		m.connected.Set(1)
	} else {
		m.connected.Set(0)
	}
}

// SetUnanswered records how many distinct declined questions are kept.
func (m *Metrics) SetUnanswered(n int) {
	if m == nil {
		return
	}
	m.unanswered.Set(float64(n))
}

func known(v string, set []string) string {
	if v == "" && slices.Contains(set, ModeNone) {
		return ModeNone
	}
	if slices.Contains(set, v) {
		return v
	}
	return Other
}
