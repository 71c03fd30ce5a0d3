package answer

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/articlebot/articlebot/internal/llm"
	"github.com/articlebot/articlebot/knowledge"
)

// Chatter is the LLM client: a streaming chat completion (onDelta may be
// nil). *llm.Client implements it.
type Chatter interface {
	ChatStream(ctx context.Context, msgs []llm.Message, onDelta func(string)) (string, error)
}

// NotFoundMarker is what the system prompt tells the model to answer when
// the passages do not hold the answer; a streaming reply never shows it.
const NotFoundMarker = "NON_TROUVÉ"

// Why an LLM answer was set aside for the template answer.
var (
	ErrNoCitation    = errors.New("the model cited no passage")
	ErrBadCitation   = errors.New("the model cited a passage it was not given")
	ErrLLMUngrounded = errors.New("the model wrote a figure its cited passages do not hold")
)

// LLMPassage is one numbered passage given to the model.
type LLMPassage struct {
	N       int // its number in the prompt, from 1
	Doc     string
	Title   string
	Passage int
	Text    string
}

// LLMData is what the LLM templates of package prompts receive.
type LLMData struct {
	Question  string
	Lang      string
	Documents int
	NotFound  string
	Passages  []LLMPassage
	Answer    string       // the model's answer (sources template)
	Cited     []LLMPassage // the passages it cited (sources template)
}

// contextPassages are the passages given to the model: the whole knowledge
// base when it fits in the token budget (about four characters a token),
// otherwise the retrieved passages, best first.
func (a *Answerer) contextPassages(base *knowledge.Base, hits []knowledge.Hit) []LLMPassage {
	var all []LLMPassage
	size := 0
	for _, d := range base.Documents() {
		for _, p := range d.Passages {
			all = append(all, LLMPassage{N: len(all) + 1, Doc: d.ID, Title: d.Title, Passage: p.N, Text: p.Text})
			size += len(p.Text) + len(d.Title) + 16
		}
	}
	if size/4 <= a.opts.MaxContextTokens {
		return all
	}
	var out []LLMPassage
	size = 0
	for _, h := range hits {
		size += len(h.Passage.Text) + len(h.Title) + 16
		if size/4 > a.opts.MaxContextTokens && len(out) > 0 {
			break
		}
		out = append(out, LLMPassage{N: len(out) + 1, Doc: h.Passage.Doc, Title: h.Title, Passage: h.Passage.N, Text: h.Passage.Text})
	}
	return out
}

var citation = regexp.MustCompile(`\[(\d{1,3})\]`)

// askLLM asks the model from the retrieved passages and checks its answer.
// It returns the answer, or an error saying why it must not be used.
func (a *Answerer) askLLM(ctx context.Context, base *knowledge.Base, q Question, req Request, res result) (Answer, error) {
	data := LLMData{Question: q.Text, Lang: q.Lang, Documents: len(base.Documents()), NotFound: NotFoundMarker,
		Passages: a.contextPassages(base, res.hits)}
	system, err := a.prompts.Render("llm_system.fr.tmpl", data)
	if err != nil {
		return Answer{}, err
	}
	user, err := a.prompts.Render("llm_user.fr.tmpl", data)
	if err != nil {
		return Answer{}, err
	}
	msgs := []llm.Message{{Role: llm.RoleSystem, Content: system}}
	for _, t := range req.History {
		if strings.TrimSpace(t.Question) == "" || strings.TrimSpace(t.Answer) == "" {
			continue
		}
		msgs = append(msgs, llm.Message{Role: llm.RoleUser, Content: t.Question}, llm.Message{Role: llm.RoleAssistant, Content: t.Answer})
	}
	msgs = append(msgs, llm.Message{Role: llm.RoleUser, Content: user})

	text, err := a.opts.LLM.ChatStream(ctx, msgs, req.OnDelta)
	if err != nil {
		return Answer{}, err
	}
	text = neutraliseMentions(strings.TrimSpace(text))
	ans := Answer{Question: q.Text, Mode: ModeLLM, Lang: q.Lang, Kind: q.Kind.String(), Confidence: res.confidence}
	if strings.Contains(text, NotFoundMarker) {
		nf, err := a.render(base, q, result{hits: res.hits})
		if err != nil {
			return Answer{}, err
		}
		nf.Mode = ModeLLM
		return nf, nil
	}
	cited, err := citedPassages(text, data.Passages)
	if err != nil {
		return Answer{}, err
	}
	texts := make([]string, 0, 2*len(cited))
	for _, p := range cited {
		texts = append(texts, p.Text, p.Title)
	}
	if bad := knowledge.UnsupportedNumbers(citation.ReplaceAllString(text, ""), texts); len(bad) > 0 {
		return Answer{}, fmt.Errorf("%w: %v", ErrLLMUngrounded, bad)
	}
	data.Answer, data.Cited = text, cited
	if ans.Text, err = a.prompts.RenderLang("llm_sources", q.Lang, data); err != nil {
		return Answer{}, err
	}
	ans.Found = true
	for _, p := range cited {
		ans.Sources = append(ans.Sources, Source{Doc: p.Doc, Title: p.Title, Passage: p.Passage, Text: p.Text})
	}
	return ans, nil
}

// citedPassages returns the passages an answer cites, in order of number,
// or an error when it cites none or one it was not given.
func citedPassages(text string, given []LLMPassage) ([]LLMPassage, error) {
	seen := map[int]bool{}
	var out []LLMPassage
	for _, m := range citation.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(given) {
			return nil, fmt.Errorf("%w: [%d] of %d", ErrBadCitation, n, len(given))
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, given[n-1])
		}
	}
	if len(out) == 0 {
		return nil, ErrNoCitation
	}
	sort.Slice(out, func(i, j int) bool { return out[i].N < out[j].N })
	return out, nil
}

// neutraliseMentions breaks anything that Discord would read as a mention,
// in case the model writes one despite its instructions.
func neutraliseMentions(s string) string {
	s = mentionTag.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "@everyone", "@\u200beveryone")
	return strings.ReplaceAll(s, "@here", "@\u200bhere")
}

// mentionTag is a user, role or channel mention: <@123>, <@!123>, <@&123>, <#123>.
var mentionTag = regexp.MustCompile(`<(?:@[!&]?|#)\d+>`)

// llmNote is the short note, in the question's language, shown when the
// template answer replaced the model's (the footer already says which
// mode answered).
func llmNote(err error, lang string) string {
	fr, en := "le modèle a échoué", "the model failed"
	switch {
	case errors.Is(err, llm.ErrCircuitOpen):
		fr, en = "modèle indisponible pour le moment", "model unavailable for now"
	case errors.Is(err, llm.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		fr, en = "le modèle n'a pas répondu à temps", "the model did not answer in time"
	case errors.Is(err, ErrNoCitation), errors.Is(err, ErrBadCitation), errors.Is(err, ErrLLMUngrounded):
		fr, en = "réponse du modèle écartée : sources non vérifiées", "the model's answer was set aside: unverified sources"
	}
	if lang == "en" {
		return en
	}
	return fr
}
