package answer

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/llm"
	"github.com/articlebot/articlebot/knowledge"
)

// Chatter is the LLM client: a streaming chat completion (onDelta may be
// nil). *llm.Client implements it.
type Chatter interface {
	ChatStream(ctx context.Context, msgs []llm.Message, onDelta func(string)) (string, error)
}

var (
	_ Chatter  = (*llm.Client)(nil)
	_ Embedder = (*llm.Client)(nil)
)

// NotFoundMarker is what the system prompt tells the model to answer when
// the passages do not hold the answer; a streaming reply never shows it.
const NotFoundMarker = "NON_TROUVÉ"

// Why an LLM answer was set aside for the template answer.
var (
	ErrNoCitation    = errors.New("the model cited no passage")
	ErrBadCitation   = errors.New("the model cited a passage it was not given")
	ErrLLMUngrounded = errors.New("the model wrote a figure its cited passages do not hold")
	ErrLLMLink       = errors.New("the model wrote a link, e-mail address or Discord invite its cited passages do not hold")
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

// wholeBase is every passage of a base for the model, when they fit in
// its token budget.
type wholeBase struct {
	fits     bool
	passages []LLMPassage
}

// contextPassages are the passages given to the model: the whole knowledge
// base when it fits in the token budget (about four characters a token),
// otherwise the retrieved passages, best first.
func (a *Answerer) contextPassages(base *knowledge.Base, hits []knowledge.Hit) []LLMPassage {
	// Whether the whole base fits is read once per base, and the list of
	// its passages made then only if it does: the questions do not walk
	// the whole base again. The list is shared: never modified.
	whole := kept(a.cacheFor(base), "llm-context\x00", func() wholeBase {
		size := 0
		for _, d := range base.Documents() {
			for _, p := range d.Passages {
				size += len(p.Text) + len(d.Title) + 16
			}
		}
		if size/4 > a.opts.MaxContextTokens {
			return wholeBase{}
		}
		var all []LLMPassage
		for _, d := range base.Documents() {
			for _, p := range d.Passages {
				all = append(all, LLMPassage{N: len(all) + 1, Doc: d.ID, Title: d.Title, Passage: p.N, Text: p.Text})
			}
		}
		return wholeBase{fits: true, passages: all}
	})
	if whole.fits {
		return whole.passages
	}
	var out []LLMPassage
	size := 0
	for _, h := range hits {
		size += len(h.Passage.Text) + len(h.Title) + 16
		if size/4 > a.opts.MaxContextTokens && len(out) > 0 {
			break
		}
		out = append(out, LLMPassage{N: len(out) + 1, Doc: h.Passage.Doc, Title: h.Title, Passage: h.Passage.N, Text: h.Passage.Text})
	}
	return out
}

var citation = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[(\d{1,3})\]`) })

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
	text = neutralizeMentions(strings.TrimSpace(text))
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
	if bad := UnsupportedNumbers(citation().ReplaceAllString(text, ""), texts); len(bad) > 0 {
		return Answer{}, fmt.Errorf("%w: %v", ErrLLMUngrounded, bad)
	}
	if bad := unsupportedLinks(text, texts); len(bad) > 0 {
		return Answer{}, fmt.Errorf("%w: %q", ErrLLMLink, bad)
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
	for _, m := range citation().FindAllStringSubmatch(text, -1) {
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

// SanitizePartial makes the model's answer so far safe to show before it
// is checked: mentions broken (as in the final answer) and every link,
// e-mail address and Discord invite masked, since only the check tells
// whether the cited passages hold them (a document may plant instructions
// that make the model write a phishing link).
func SanitizePartial(text string) string {
	text = neutralizeMentions(text)
	spans := linkSpans(text)
	if len(spans) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(text[last:sp[0]])
		b.WriteString(maskedLink)
		last = sp[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// maskedLink replaces a link in a partial answer.
const maskedLink = "[lien]"

// linkPatterns are the links an answer may only repeat from its cited
// passages, compiled on first use (only answers through the LLM need
// them): a URL with a scheme, an e-mail address, a Discord invite, a bare
// host name.
var linkPatterns = sync.OnceValue(func() (p struct{ schemeURL, email, invite, domain *regexp.Regexp }) {
	// schemeURL is a URL with a scheme (what Discord makes clickable) or
	// starting with www.
	p.schemeURL = regexp.MustCompile(`(?i)\b(?:[a-z][a-z0-9+.-]{1,15}://|www\.)[^\s<>()\[\]{}"'\x60|]+`)
	// email is an e-mail address.
	p.email = regexp.MustCompile(`(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}`)
	// invite is a Discord invite, with or without a scheme.
	p.invite = regexp.MustCompile(`(?i)\b(?:discord(?:app)?\.(?:gg|com/invite|me|io|li)|dsc\.gg|discord\.new)/[a-z0-9-]+`)
	// domain is a bare host name (evil-login.com/path) whose last label is
	// a top-level domain: any two letters, or a common longer one.
	p.domain = regexp.MustCompile(`(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2}|com|net|org|info|biz|xyz|app|dev|online|site|link|click|top|shop|store|live|tech|club|icu|vip|win|bid|gov|edu|int|mobi|name|pro|cloud|email|support|help|page|web|news|blog|xn--[a-z0-9-]+)\b(?:/[^\s<>()\[\]{}"'\x60|]*)?`)
	return p
})

// linkSpans returns the byte spans of the links, e-mail addresses, invites
// and bare host names in text, in order and without overlaps.
func linkSpans(text string) [][2]int {
	var spans [][2]int
	p := linkPatterns()
	for _, re := range []*regexp.Regexp{p.schemeURL, p.email, p.invite, p.domain} {
		for _, m := range re.FindAllStringIndex(text, -1) {
			start, end := m[0], m[1]
			if re == p.domain {
				// Not a host name: the end of a word ("salariés.le"), a
				// label in capitals ("secteur.Il"), or a number ("80.000").
				if r, _ := utf8.DecodeLastRuneInString(text[:start]); start > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
					continue
				}
				host, _, _ := strings.Cut(text[start:end], "/")
				tld := host[strings.LastIndex(host, ".")+1:]
				if strings.ToLower(tld) != tld {
					continue
				}
			}
			for end > start {
				r, size := utf8.DecodeLastRuneInString(text[start:end])
				if !strings.ContainsRune(".,;:!?»’'\"", r) {
					break
				}
				end -= size
			}
			spans = append(spans, [2]int{start, end})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var out [][2]int
	for _, sp := range spans {
		if n := len(out); n > 0 && sp[0] < out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], sp[1])
			continue
		}
		out = append(out, sp)
	}
	return out
}

// unsupportedLinks returns the links, e-mail addresses and Discord invites
// of text that none of texts holds (case and scheme aside).
func unsupportedLinks(text string, texts []string) []string {
	text = stripInvisible(text)
	var hay []string
	for _, t := range texts {
		hay = append(hay, strings.ToLower(stripInvisible(t)))
	}
	var bad []string
	for _, sp := range linkSpans(text) {
		link := text[sp[0]:sp[1]]
		if !linkIn(normalizeLink(link), hay) {
			bad = append(bad, link)
		}
	}
	return bad
}

// normalizeLink lowers a link and drops its scheme, "www." and a final
// slash.
func normalizeLink(link string) string {
	l := strings.ToLower(link)
	if _, rest, ok := strings.Cut(l, "://"); ok {
		l = rest
	}
	l = strings.TrimPrefix(l, "www.")
	return strings.TrimRight(l, "/")
}

// linkIn reports whether link appears in one of texts as a whole: not as a
// part of a longer host name or word ("evil.com" is not in
// "evil.com.example.org").
func linkIn(link string, texts []string) bool {
	if link == "" {
		return true
	}
	isName := func(r rune) bool { return r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
	for _, t := range texts {
		for from := 0; ; {
			i := strings.Index(t[from:], link)
			if i < 0 {
				break
			}
			i += from
			rest := t[i+len(link):]
			prev, _ := utf8.DecodeLastRuneInString(t[:i])
			next, size := utf8.DecodeRuneInString(rest)
			after, _ := utf8.DecodeRuneInString(rest[size:])
			if !isName(prev) && !isName(next) && (next != '.' || !isName(after)) {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// stripInvisible removes the invisible format characters (zero-width
// spaces and joiners, bidi marks) that could hide a link from the check.
func stripInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}

// neutralizeMentions breaks anything that Discord would read as a mention,
// in case the model writes one despite its instructions.
func neutralizeMentions(s string) string {
	s = mentionTag.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "@everyone", "@\u200beveryone")
	return strings.ReplaceAll(s, "@here", "@\u200bhere")
}

// mentionTag is a user, role or channel mention: <@123>, <@!123>, <@&123>, <#123>.
var mentionTag = regexp.MustCompile(`<(?:@[!&]?|#)\d+>`)

// llmNote is the short note, in the reply's language, shown when the
// template answer replaced the model's (the footer already says which
// mode answered). Its wording is in the prompts' message catalogue.
func (a *Answerer) llmNote(err error, lang string) string {
	key := "llm_note_failed"
	switch {
	case errors.Is(err, llm.ErrCircuitOpen):
		key = "llm_note_unavailable"
	case errors.Is(err, llm.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		key = "llm_note_timeout"
	case errors.Is(err, ErrNoCitation), errors.Is(err, ErrBadCitation), errors.Is(err, ErrLLMUngrounded):
		key = "llm_note_unverified"
	case errors.Is(err, ErrLLMLink):
		key = "llm_note_link"
	}
	note, err := a.prompts.Message(lang, key, nil)
	if err != nil { // only an overriding catalogue (prompts.dir) can fail
		a.opts.Logger.Error("message catalogue", "key", key, "err", err)
		return ""
	}
	return note
}
