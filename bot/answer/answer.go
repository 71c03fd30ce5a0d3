package answer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"github.com/articlebot/articlebot/internal/french"
	"github.com/articlebot/articlebot/internal/llm"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/prompts"
)

// Modes of answering.
const (
	ModeTemplate = "template"
	ModeLLM      = "llm"
)

// Errors callers turn into short messages for the asker.
var (
	ErrEmptyQuestion   = errors.New("empty question")
	ErrQuestionTooLong = errors.New("question too long")
	ErrNoKnowledge     = errors.New("no knowledge base loaded")
	// ErrUngrounded: an answer held a figure that its sources do not.
	ErrUngrounded = errors.New("answer holds figures its sources do not")
)

// Source is one passage an answer comes from.
type Source struct {
	Doc     string  `json:"doc"`
	Title   string  `json:"title"`
	Passage int     `json:"passage"`
	Text    string  `json:"text"`
	Score   float64 `json:"score"`
}

// Answer is what the bot replies to a question.
type Answer struct {
	Question string   `json:"question"`
	Text     string   `json:"answer"`
	Found    bool     `json:"found"`
	Mode     string   `json:"mode"`
	Lang     string   `json:"lang"`
	Kind     string   `json:"kind"`
	Sources  []Source `json:"sources"`
	// Confidence is the probability that the answer is right, by the
	// scoring model (model.go); below the model's threshold the answer is
	// "not found".
	Confidence float64       `json:"confidence"`
	Note       string        `json:"note,omitempty"` // e.g. why the LLM answer was replaced
	Latency    time.Duration `json:"-"`
}

// Turn is an earlier question and answer of a conversation (a reply chain).
type Turn struct {
	Question, Answer string
}

// Request is a question with its context.
type Request struct {
	Question string
	History  []Turn // earlier turns, oldest first
	// Lang, if "fr" or "en", is the language of the reply whatever the
	// question's (a Discord user's locale); the question is still read in
	// its own language. Empty: the question's language.
	Lang string
	// OnDelta, if set, receives the LLM answer as it is written (LLM mode
	// only); the final Answer may still replace it with the template answer.
	OnDelta func(text string)
}

// KnowledgeBase gives the live knowledge base (a *knowledge.Store).
type KnowledgeBase interface {
	Base() *knowledge.Base
}

var _ KnowledgeBase = (*knowledge.Store)(nil)

// Options tune an Answerer.
type Options struct {
	TopK              int // passages shown as sources at most (default 5)
	MaxQuestionLength int // in characters (default 500)
	// MinConfidence: below it the answer is "not found" (0: the model's
	// threshold; negative: every best candidate counts as found).
	MinConfidence float64
	// Model scores candidates and answers (nil: the embedded DefaultModel).
	Model   *Model
	Lexicon Lexicon // synonyms and translations of question words; nil for none

	// Mode is ModeTemplate (default) or ModeLLM; LLM mode needs LLM.
	Mode string
	LLM  Chatter
	// Embedder, if set, adds semantic retrieval fused with BM25.
	Embedder Embedder
	// MaxContextTokens is the budget of passages given to the model
	// (default 6000).
	MaxContextTokens int
	// Logger receives why an LLM answer was set aside (nil: discarded).
	Logger *slog.Logger
	// OnLLM, if set, is told the outcome of every call to the model (for
	// metrics): one of the LLMOutcome values.
	OnLLM func(outcome string)
}

// Outcomes of a call to the model, reported to Options.OnLLM.
const (
	LLMOK          = "ok"
	LLMTimeout     = "timeout"
	LLMRateLimited = "rate_limited"
	LLMServerError = "server_error"
	LLMBadOutput   = "bad_output"
	LLMCircuitOpen = "circuit_open"
)

// llmOutcome classifies the error of a call to the model.
func llmOutcome(err error) string {
	switch {
	case err == nil:
		return LLMOK
	case errors.Is(err, llm.ErrCircuitOpen):
		return LLMCircuitOpen
	case errors.Is(err, llm.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return LLMTimeout
	case errors.Is(err, llm.ErrRateLimited):
		return LLMRateLimited
	case errors.Is(err, llm.ErrServer), errors.Is(err, llm.ErrUnavailable):
		return LLMServerError
	default:
		return LLMBadOutput
	}
}

// Answerer answers questions from a knowledge base.
type Answerer struct {
	kb      KnowledgeBase
	prompts *prompts.Set
	opts    Options
	lex     Lexicon
	cache   atomic.Pointer[tokenCache]
	// englishStop are English function words, dropped from English
	// questions (the French analyser keeps "the", "in"...).
	englishStop map[string]bool
	vecs        vectors
	model       *Model
}

// englishStopWords reads bleve's English stop list (Snowball's).
func englishStopWords() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(string(en.EnglishStopWords), "\n") {
		if i := strings.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			m[w] = true
		}
	}
	for _, w := range french.Words("english-modals").Sorted() {
		m[w] = true // modal verbs: Snowball's list leaves some out
	}
	return m
}

// New returns an Answerer over kb, rendering with p.
func New(kb KnowledgeBase, p *prompts.Set, opts Options) *Answerer {
	if opts.TopK <= 0 {
		opts.TopK = 5
	}
	if opts.MaxQuestionLength <= 0 {
		opts.MaxQuestionLength = 500
	}
	model := opts.Model
	if model == nil {
		model = DefaultModel()
	}
	if opts.MaxContextTokens <= 0 {
		opts.MaxContextTokens = 6000
	}
	if opts.Mode == "" || opts.LLM == nil {
		opts.Mode = ModeTemplate
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Answerer{kb: kb, prompts: p, opts: opts, lex: opts.Lexicon, englishStop: englishStopWords(), model: model,
		vecs: vectors{byKey: map[[32]byte][]float32{}}}
}

// Options returns the options in effect, defaults filled in.
func (a *Answerer) Options() Options { return a.opts }

// WithOptions returns a new Answerer over the same knowledge base and
// prompts with opts (its own caches: an Answerer is not copied).
func (a *Answerer) WithOptions(opts Options) *Answerer { return New(a.kb, a.prompts, opts) }

// questionText is a question as it is analysed: chat tokens (mentions,
// escapes) removed, normalised, trimmed.
func questionText(question string) string {
	return strings.TrimSpace(knowledge.Normalize(cleanChat(question)))
}

// LengthError is the error of a question over the length limit; it is
// ErrQuestionTooLong.
type LengthError struct{ Chars, Limit int }

func (e *LengthError) Error() string {
	return fmt.Sprintf("%v: %d characters, the limit is %d", ErrQuestionTooLong, e.Chars, e.Limit)
}

// Is makes a LengthError match ErrQuestionTooLong.
func (e *LengthError) Is(target error) bool { return target == ErrQuestionTooLong }

// CheckLength is the one rule for a question's length: its characters,
// once cleaned as Ask cleans it, at most limit. It returns a *LengthError
// when the question is too long, so that callers can check a question
// before doing anything else (the bot does, before its rate limit) and
// say what was counted.
func CheckLength(question string, limit int) error {
	if n := utf8.RuneCountInString(questionText(question)); n > limit {
		return &LengthError{Chars: n, Limit: limit}
	}
	return nil
}

// Ask answers one question.
func (a *Answerer) Ask(ctx context.Context, req Request) (Answer, error) {
	start := time.Now()
	text := questionText(req.Question)
	if !hasWord(text) {
		return Answer{}, ErrEmptyQuestion
	}
	if err := CheckLength(req.Question, a.opts.MaxQuestionLength); err != nil {
		return Answer{}, err
	}
	base := a.kb.Base()
	if base == nil {
		return Answer{}, ErrNoKnowledge
	}
	q := Analyze(expandChat(text))
	// rq is q as the reply speaks it: in req.Lang when set.
	rq := q
	if req.Lang == "fr" || req.Lang == "en" {
		rq.Lang = req.Lang
	}
	var res result
	var err error
	if named, class := aboutWhat(q.Text); named && class == "" {
		res = a.gist(base) // "de quoi parle l'article ?": its summary
	} else if named {
		res = a.mainPlace(base) // "de quel pays parle l'article ?"
	} else {
		res, err = a.find(ctx, base, q, req.History)
		if errors.Is(err, knowledge.ErrClosed) { // a reload replaced the base meanwhile
			if base = a.kb.Base(); base != nil {
				res, err = a.find(ctx, base, q, req.History)
			}
		}
	}
	if err != nil {
		return Answer{}, err
	}
	ans, err := a.render(base, rq, res)
	if err != nil {
		return Answer{}, err
	}
	// The model is asked only when retrieval found passages on the subject:
	// it is never asked to make something up.
	if a.opts.Mode == ModeLLM && len(res.hits) > 0 && res.confidence >= a.threshold()*llmRecall {
		llmAns, err := a.askLLM(ctx, base, rq, req, res)
		if a.opts.OnLLM != nil && ctx.Err() == nil {
			a.opts.OnLLM(llmOutcome(err))
		}
		if err == nil {
			llmAns.Question = text
			llmAns.Latency = time.Since(start)
			return llmAns, nil
		}
		if ctx.Err() != nil {
			return Answer{}, ctx.Err()
		}
		a.opts.Logger.Warn("llm answer set aside, template answer given", "err", err)
		ans.Note = a.llmNote(err, rq.Lang)
	}
	ans.Question = text // as asked, not as analysed
	ans.Latency = time.Since(start)
	return ans, nil
}

// threshold is the confidence an answer needs.
func (a *Answerer) threshold() float64 {
	if a.opts.MinConfidence != 0 {
		return a.opts.MinConfidence
	}
	return a.model.Threshold
}

// llmRecall lowers the confidence needed to consult the model, which reads
// paraphrases better than the template ranking; it still says when the
// passages do not answer.
const llmRecall = 0.5

func hasWord(s string) bool {
	return len(words(s)) > 0
}
