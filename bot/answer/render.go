package answer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/articlebot/articlebot/knowledge"
)

// Quote is a sentence quoted in an answer.
type Quote struct {
	Doc     string
	Title   string
	Passage int
	Text    string
	Snippet string // a short excerpt, for lists of closest passages
}

// TemplateData is what the answer templates of package prompts receive.
type TemplateData struct {
	Question  string
	Lang      string
	Kind      string
	Lead      string     // a short direct answer before the quotes, when one was extracted
	Quotes    []Quote    // the quoted sentences, in passage order
	Sources   []Quote    // the passages cited, once each
	Cited     []Citation // the same, grouped by document: « Title », §1, §3
	Closest   []Quote    // when not found: the nearest passages
	Documents int        // documents in the knowledge base
	// QuoteLang is the language of the quoted documents ("fr", "en"), from
	// their front matter: the templates say "(in French)" only when the
	// quotes are in another language than the reply.
	QuoteLang string
}

// Citation is one document cited by an answer, with its passages.
type Citation struct {
	Doc      string
	Title    string
	Passages []int
}

// cite groups sources by document, in order of first citation.
func cite(sources []Quote) []Citation {
	var out []Citation
	at := map[string]int{}
	for _, s := range sources {
		i, ok := at[s.Doc]
		if !ok {
			i = len(out)
			at[s.Doc] = i
			out = append(out, Citation{Doc: s.Doc, Title: s.Title})
		}
		out[i].Passages = append(out[i].Passages, s.Passage)
	}
	return out
}

const snippetLen = 160

func (a *Answerer) render(base *knowledge.Base, q Question, res result) (Answer, error) {
	ans := Answer{Question: q.Text, Found: res.found, Mode: ModeTemplate, Lang: q.Lang, Kind: q.Kind.String(), Confidence: res.confidence}
	data := TemplateData{Question: q.Text, Lang: q.Lang, Kind: q.Kind.String(), Documents: len(base.Documents()), Lead: res.lead}
	seen := map[string]bool{}
	for i, c := range res.best {
		p := c.hit.Passage
		text := c.text
		if i+1 < len(res.best) && res.best[i+1].hit.Passage.ID() == p.ID() && res.best[i+1].index > c.index+1 && !strings.HasSuffix(text, "…") {
			text += " …" // a sentence left out before the next quote
		}
		data.Quotes = append(data.Quotes, Quote{Doc: p.Doc, Title: c.hit.Title, Passage: p.N, Text: text})
		if !seen[p.ID()] {
			seen[p.ID()] = true
			data.Sources = append(data.Sources, Quote{Doc: p.Doc, Title: c.hit.Title, Passage: p.N, Text: p.Text})
			ans.Sources = append(ans.Sources, Source{Doc: p.Doc, Title: c.hit.Title, Passage: p.N, Text: p.Text, Score: c.hit.Score})
		}
	}
	// The other retrieved passages follow as further sources (found) or as
	// the closest passages (not found), in the order of their best
	// sentence's score.
	for _, h := range res.passages() {
		if len(ans.Sources) >= a.opts.TopK {
			break
		}
		p := h.Passage
		if seen[p.ID()] {
			continue
		}
		seen[p.ID()] = true
		ans.Sources = append(ans.Sources, Source{Doc: p.Doc, Title: h.Title, Passage: p.N, Text: p.Text, Score: h.Score})
		if !res.found && len(data.Closest) < 2 {
			data.Closest = append(data.Closest, Quote{Doc: p.Doc, Title: h.Title, Passage: p.N, Text: p.Text, Snippet: snippet(p.Text)})
		}
	}
	data.Cited = cite(data.Sources)
	data.QuoteLang = quoteLang(base, data.Quotes, data.Closest)
	name := "notfound"
	if res.found {
		name = "answer"
	}
	text, err := a.prompts.RenderLang(name, q.Lang, data)
	if err != nil {
		return Answer{}, fmt.Errorf("answer template: %w", err)
	}
	if res.found {
		if bad := a.unsupported(base, text, ans.Sources[:len(data.Sources)]); len(bad) > 0 {
			// Cannot happen with quotes of the passages; never show it.
			return Answer{}, fmt.Errorf("%w: %v", ErrUngrounded, bad)
		}
	}
	ans.Text = text
	if ans.Sources == nil {
		ans.Sources = []Source{}
	}
	return ans, nil
}

// quoteLang is the language of the first quoted (or closest) document.
func quoteLang(base *knowledge.Base, quotes, closest []Quote) string {
	for _, q := range append(quotes, closest...) {
		if d, ok := base.Document(q.Doc); ok && d.Lang != "" {
			return d.Lang
		}
	}
	return "fr"
}

// snippet shortens text to about snippetLen characters on a word boundary.
func snippet(text string) string {
	if utf8.RuneCountInString(text) <= snippetLen {
		return text
	}
	r := []rune(text)[:snippetLen]
	s := string(r)
	if i := strings.LastIndexByte(s, ' '); i > snippetLen/2 {
		s = s[:i]
	}
	return s + " …"
}
