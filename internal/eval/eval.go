package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/knowledge"
)

// Case is one evaluation question. Either Match (a regular expression the
// answer must match, case-insensitive) or ExpectFound=false (the knowledge
// base cannot answer it) is set. Gold, for SQuAD-style sets, is the answer
// span: the answer must hold most of its words.
type Case struct {
	Question    string   `json:"question"`
	Match       string   `json:"match,omitempty"`
	ExpectFound *bool    `json:"expect_found,omitempty"`
	Doc         string   `json:"doc,omitempty"`
	Passage     int      `json:"passage,omitempty"` // expected passage, for recall@k
	Gold        []string `json:"gold,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	re          *regexp.Regexp
}

// Answerable reports whether the case expects an answer.
func (c Case) Answerable() bool { return c.ExpectFound == nil || *c.ExpectFound }

// ReadCases reads a JSON-lines question set.
func ReadCases(r io.Reader) ([]Case, error) {
	var cases []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "//") {
			continue
		}
		var c Case
		if err := json.Unmarshal([]byte(s), &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if c.Question == "" {
			return nil, fmt.Errorf("line %d: no question", line)
		}
		if c.Answerable() && c.Match == "" && len(c.Gold) == 0 {
			return nil, fmt.Errorf("line %d: an answerable case needs \"match\" or \"gold\"", line)
		}
		if c.Match != "" {
			re, err := regexp.Compile("(?i)" + c.Match)
			if err != nil {
				return nil, fmt.Errorf("line %d: match: %w", line, err)
			}
			c.re = re
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	if len(cases) == 0 {
		return nil, errors.New("no question in the set")
	}
	return cases, nil
}

// Outcome is how one case went.
type Outcome struct {
	Case     Case
	Answer   answer.Answer
	Correct  bool
	Recalled bool // the expected passage is among the sources
	Err      error
}

// Report sums up an evaluation.
type Report struct {
	Outcomes                     []Outcome
	Answerable, Unanswerable     int
	Correct, Declined            int // answered correctly / declined correctly
	WithPassage, Recalled        int // cases naming a passage / whose passage was retrieved
	K                            int
	P50, P99                     time.Duration
	MaxAnswerChars               int // answers longer than this are wrong (0: no limit)
	CoverageAnswered, CoverageNo []float64
}

// MaxGoldAnswer is the length limit of an answer scored against a gold span.
const MaxGoldAnswer = 400

// Run asks every case of a and scores the answers.
func Run(ctx context.Context, a *answer.Answerer, cases []Case) Report {
	rep := Report{K: a.Options().TopK}
	var lat []time.Duration
	for _, c := range cases {
		ans, err := a.Ask(ctx, answer.Request{Question: c.Question})
		o := Outcome{Case: c, Answer: ans, Err: err}
		lat = append(lat, ans.Latency)
		if c.Answerable() {
			rep.Answerable++
			o.Correct = err == nil && ans.Found && matches(c, ans.Text)
		} else {
			rep.Unanswerable++
			o.Correct = err == nil && !ans.Found
		}
		if c.Passage > 0 {
			rep.WithPassage++
			for _, s := range ans.Sources {
				if s.Passage == c.Passage && (c.Doc == "" || c.Doc == s.Doc) {
					o.Recalled = true
				}
			}
			if o.Recalled {
				rep.Recalled++
			}
		}
		if o.Correct {
			if c.Answerable() {
				rep.Correct++
			} else {
				rep.Declined++
			}
		}
		rep.Outcomes = append(rep.Outcomes, o)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	rep.P50 = Percentile(lat, 0.50)
	rep.P99 = Percentile(lat, 0.99)
	return rep
}

// Holds reports whether text holds the case's answer: its expression
// matches, or it holds most of a gold span's words (no length limit).
func (c Case) Holds(text string) bool {
	if c.re != nil {
		return c.re.MatchString(text)
	}
	for _, g := range c.Gold {
		if GoldOverlap(g, text) > 0.5 {
			return true
		}
	}
	return false
}

func matches(c Case, text string) bool {
	if c.re != nil && !c.re.MatchString(text) {
		return false
	}
	if len(c.Gold) > 0 {
		if len([]rune(text)) > MaxGoldAnswer {
			return false
		}
		for _, g := range c.Gold {
			if GoldOverlap(g, text) > 0.5 {
				return true
			}
		}
		return false
	}
	return true
}

// GoldOverlap is the share of the gold span's words that text holds
// (case and accents folded).
func GoldOverlap(gold, text string) float64 {
	gw := knowledge.Words(knowledge.Fold(knowledge.Normalize(gold)))
	if len(gw) == 0 {
		return 0
	}
	have := map[string]bool{}
	for _, w := range knowledge.Words(knowledge.Fold(knowledge.Normalize(text))) {
		have[w] = true
	}
	n := 0
	for _, w := range gw {
		if have[w] {
			n++
		}
	}
	return float64(n) / float64(len(gw))
}

// Percentile is the p-th percentile (0 to 1) of latencies sorted in
// increasing order, by the nearest rank; 0 for none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return sorted[i]
}

// WriteReport prints a report for people.
func (r Report) WriteReport(w io.Writer) {
	pct := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return 100 * float64(n) / float64(d)
	}
	fmt.Fprintf(w, "answered correctly: %d/%d (%.1f%%)\n", r.Correct, r.Answerable, pct(r.Correct, r.Answerable))
	if r.Unanswerable > 0 {
		fmt.Fprintf(w, "declined correctly: %d/%d (%.1f%%)\n", r.Declined, r.Unanswerable, pct(r.Declined, r.Unanswerable))
	}
	if r.WithPassage > 0 {
		fmt.Fprintf(w, "recall@%d of the expected passage: %d/%d (%.1f%%)\n", r.K, r.Recalled, r.WithPassage, pct(r.Recalled, r.WithPassage))
	}
	fmt.Fprintf(w, "latency: p50 %s, p99 %s\n", r.P50, r.P99)
	wrong := 0
	for _, o := range r.Outcomes {
		if o.Correct {
			continue
		}
		if wrong == 0 {
			fmt.Fprintln(w, "wrong:")
		}
		wrong++
		what := "answered wrongly"
		switch {
		case o.Err != nil:
			what = "error: " + o.Err.Error()
		case o.Case.Answerable() && !o.Answer.Found:
			what = "declined, but answerable"
		case !o.Case.Answerable():
			what = "answered, but unanswerable"
		}
		fmt.Fprintf(w, "- %q (%s, kind %s)\n", o.Case.Question, what, o.Answer.Kind)
		if o.Answer.Found {
			fmt.Fprintf(w, "    got: %s\n", oneLine(o.Answer.Text, 200))
		}
		if o.Case.Match != "" {
			fmt.Fprintf(w, "    want: /%s/\n", o.Case.Match)
		}
		if len(o.Case.Gold) > 0 {
			fmt.Fprintf(w, "    want: %q\n", o.Case.Gold[0])
		}
	}
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// CalibrationPoint is how a question set would score at one confidence threshold.
type CalibrationPoint struct {
	Threshold          float64
	Correct, Declined  int // answerable cases answered correctly, unanswerable ones declined
	Answerable, Unansw int
}

// Rate is the mean of the two success rates.
func (p CalibrationPoint) Rate() float64 {
	var r float64
	if p.Answerable > 0 {
		r += float64(p.Correct) / float64(p.Answerable)
	}
	if p.Unansw > 0 {
		r += float64(p.Declined) / float64(p.Unansw)
	}
	return r / 2
}

// Calibrate answers every case with no threshold and reports, for each
// threshold from 0 to 1 in steps of 0.01, how the set would score: the data
// behind the model's threshold (answer.Model.Threshold).
func Calibrate(ctx context.Context, a *answer.Answerer, cases []Case) []CalibrationPoint {
	opts := a.Options()
	opts.MinConfidence = -1 // everything counts as found
	open := a.WithOptions(opts)
	type scored struct {
		conf       float64
		answerable bool
		right      bool
	}
	var all []scored
	for _, c := range cases {
		ans, err := open.Ask(ctx, answer.Request{Question: c.Question})
		s := scored{conf: ans.Confidence, answerable: c.Answerable()}
		s.right = err == nil && ans.Found && c.Answerable() && matches(c, ans.Text)
		if err != nil {
			s.conf = -1
		}
		all = append(all, s)
	}
	var pts []CalibrationPoint
	for i := 0; i <= 100; i++ {
		p := CalibrationPoint{Threshold: float64(i) / 100}
		for _, s := range all {
			if s.answerable {
				p.Answerable++
				if s.right && s.conf >= p.Threshold {
					p.Correct++
				}
			} else {
				p.Unansw++
				if s.conf < p.Threshold {
					p.Declined++
				}
			}
		}
		pts = append(pts, p)
	}
	return pts
}
