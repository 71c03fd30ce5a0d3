package bot

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/articlebot/articlebot/knowledge"
)

// This file builds replies; it never talks to Discord.

// The words of every reply are in the message catalogue of package
// prompts, in French and English (see voice in locale.go).

const (
	maxFiguresShown  = 20
	summarySentences = 4
)

func tooLong(v voice, n, limit int) string {
	return v.say(msgTooLong, args{"Chars": n, "Limit": limit})
}

func rateLimited(v voice, limit int, window, retry time.Duration) string {
	return v.say(msgRateLimited, args{"Limit": limit, "Window": frDuration(window), "Retry": frDuration(retry)})
}

// frDuration writes d in French ("45 s", "1 min", "2 min 30 s", "1 h"),
// which English reads as well.
func frDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Second {
		d = time.Second
	}
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	var parts []string
	if h > 0 {
		parts = append(parts, strconv.Itoa(h)+" h")
	}
	if m > 0 {
		parts = append(parts, strconv.Itoa(m)+" min")
	}
	if s > 0 {
		parts = append(parts, strconv.Itoa(s)+" s")
	}
	return strings.Join(parts, " ")
}

// notice is a short reply made of one sentence.
func notice(text string) Reply { return Reply{Content: text} }

// footer says who wrote the answer, the text templates or the LLM, and,
// when the template answer replaced the model's, why.
func footer(v voice, ans answer.Answer) string {
	f := v.say("footer_template", nil)
	if ans.Mode == answer.ModeLLM {
		f = v.say("footer_llm", nil)
	}
	if ans.Note != "" {
		f += " — " + ans.Note
	}
	return f
}

// answerReply lays out an answer, in its language: an embed (answer and
// quoted passages, title and §n of the sources, who answered in the
// footer), or plain text.
func (b *Bot) answerReply(ans answer.Answer) Reply {
	v := b.voice(ans.Lang)
	if b.opts.ReplyStyle == StyleText {
		return Reply{Content: ans.Text + "\n-# " + footer(v, ans)}
	}
	title, color := v.say("answer_title", nil), colorAnswer
	if !ans.Found {
		title, color = v.say("notfound_title", nil), colorNotFound
	}
	e := &Embed{
		Title:       title,
		URL:         b.sourceURL(ans.Sources),
		Description: ans.Text,
		Color:       color,
		Footer:      &Footer{Text: footer(v, ans)},
	}
	return Reply{Embeds: []*Embed{e}}
}

// sourceURL links the embed to the web page of the answer's first source.
func (b *Bot) sourceURL(sources []answer.Source) string {
	base := b.base()
	if base == nil || len(sources) == 0 {
		return ""
	}
	if d, ok := base.Document(sources[0].Doc); ok {
		return webURL(d.Source)
	}
	return ""
}

func (b *Bot) base() *knowledge.Base {
	if b.opts.Knowledge == nil {
		return nil
	}
	return b.opts.Knowledge.Base()
}

// errorReply turns an answering error into a message for the asker, in
// the language of the reply to q, and says whether it is the bot's fault.
func (b *Bot) errorReply(err error, q question) (Reply, string) {
	v := b.voice(questionLang(q.locale, q.text))
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		return notice(v.say(msgEmpty, nil)), OutcomeRefused
	case errors.Is(err, answer.ErrQuestionTooLong):
		chars, limit := utf8.RuneCountInString(strings.TrimSpace(q.text)), b.opts.MaxQuestionLength
		if long := (*answer.LengthError)(nil); errors.As(err, &long) {
			chars, limit = long.Chars, long.Limit
		}
		return notice(tooLong(v, chars, limit)), OutcomeRefused
	case errors.Is(err, answer.ErrNoKnowledge):
		return notice(v.say(msgNoKnowledge, nil)), OutcomeError
	default:
		return notice(v.say(msgError, nil)), OutcomeError
	}
}

// figuresReply lists the key figures of doc or, when doc is nil, of the
// documents in order. Those are read one document at a time, only until
// more than maxFiguresShown figures are found: the command never reads a
// whole large base (a document's figures are read on its first use).
func figuresReply(v voice, base *knowledge.Base, doc *knowledge.Document) Reply {
	var figs []knowledge.Figure
	docs := base.Documents()
	read := len(docs) // documents whose figures were read
	if doc != nil {
		figs = base.DocumentFigures(doc.ID)
	} else {
		read = 0
		for _, d := range docs {
			if len(figs) > maxFiguresShown {
				break
			}
			figs = append(figs, base.DocumentFigures(d.ID)...)
			read++
		}
	}
	if len(figs) == 0 {
		return notice(v.say(msgNoFigures, nil))
	}
	shown := figs[:min(len(figs), maxFiguresShown)]
	var lines []string
	lastDoc := ""
	multi := doc == nil && len(docs) > 1
	for _, f := range shown {
		if multi && f.Doc != lastDoc {
			if lastDoc != "" {
				lines = append(lines, "")
			}
			lines = append(lines, v.say("figures_document", args{"Title": escapeMarkdown(docTitle(base, f.Doc))}))
			lastDoc = f.Doc
		}
		period := f.Period
		if period == f.Text {
			period = ""
		}
		lines = append(lines, v.say("figure", args{"Text": f.Text, "Label": f.Label(), "Period": period, "Passage": f.Passage}))
	}
	foot := v.say(msgFiguresFooter, args{"Shown": len(shown), "Total": len(figs)})
	if read < len(docs) {
		// Some documents were not read: the total is not known.
		foot = v.say(msgFiguresFirst, args{"Shown": len(shown), "Read": read, "Docs": len(docs)})
	}
	docTitle := ""
	if doc != nil {
		docTitle = doc.Title
	} else if len(docs) == 1 {
		docTitle = docs[0].Title
	}
	title := v.say("figures_title", args{"Title": docTitle})
	return Reply{Embeds: []*Embed{{
		Title:       truncate(title, MaxEmbedTitle),
		Description: strings.Join(lines, "\n"),
		Color:       colorInfo,
		Footer:      &Footer{Text: foot},
	}}}
}

func docTitle(base *knowledge.Base, id string) string {
	if d, ok := base.Document(id); ok && d.Title != "" {
		return d.Title
	}
	return id
}

// documentReply gives the details of a document: title, source, date, tags.
func documentReply(v voice, doc knowledge.Document) Reply {
	e := &Embed{Title: truncate(doc.Title, MaxEmbedTitle), URL: webURL(doc.Source), Color: colorInfo}
	add := func(name, value string) {
		if value != "" {
			e.Fields = append(e.Fields, &Field{Name: name, Value: truncate(value, 1024), Inline: true})
		}
	}
	add(v.say("document_source", nil), doc.Source)
	add(v.say("document_date", nil), doc.Date)
	add(v.say("document_passages", nil), strconv.Itoa(len(doc.Passages)))
	add(v.say("document_tags", nil), strings.Join(doc.Tags, ", "))
	add(v.say("document_id", nil), codeSpan(doc.ID))
	if len(doc.Passages) > 0 {
		e.Description = "> " + truncate(doc.Passages[0].Text, 300)
	}
	e.Footer = &Footer{Text: v.say("document_footer", args{"ID": doc.ID})}
	return Reply{Embeds: []*Embed{e}}
}

// count writes n documents or passages (key "n_documents", "n_passages"):
// the plural rule is the language's.
func count(v voice, key msgKey, n int) string { return v.say(key, args{"N": n}) }

// documentsReply lists the documents of the base.
func documentsReply(v voice, base *knowledge.Base) Reply {
	docs := base.Documents()
	var lines []string
	for _, d := range docs {
		line := "• **" + escapeMarkdown(d.Title) + "** — " + codeSpan(d.ID) + ", " + count(v, "n_passages", len(d.Passages))
		if d.Date != "" {
			line += ", " + d.Date
		}
		lines = append(lines, line)
	}
	return Reply{Embeds: []*Embed{{
		Title:       v.say("documents_title", args{"N": len(docs)}),
		Description: strings.Join(lines, "\n"),
		Color:       colorInfo,
		Footer:      &Footer{Text: v.say("documents_footer", nil)},
	}}}
}

// passageReply quotes passage n of doc.
func passageReply(v voice, doc knowledge.Document, p knowledge.Passage) Reply {
	return Reply{Embeds: []*Embed{{
		Title:       truncate(v.say("passage_title", args{"Title": doc.Title, "N": p.N}), MaxEmbedTitle),
		URL:         webURL(doc.Source),
		Description: quote(p.Text),
		Color:       colorInfo,
		Footer:      &Footer{Text: v.say("passage_footer", args{"N": p.N, "Total": len(doc.Passages)})},
	}}}
}

// quote prefixes every line of text with "> ".
func quote(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

// summaryReply quotes the sentences that summarise doc.
func summaryReply(v voice, doc knowledge.Document, sentences []knowledge.SummarySentence, others int) Reply {
	var lines []string
	for _, s := range sentences {
		lines = append(lines, "• "+s.Text+" (§"+strconv.Itoa(s.Passage)+")")
	}
	foot := v.say("summary_footer", args{"Others": others})
	return Reply{Embeds: []*Embed{{
		Title:       truncate(v.say("summary_title", args{"Title": doc.Title}), MaxEmbedTitle),
		URL:         webURL(doc.Source),
		Description: strings.Join(lines, "\n"),
		Color:       colorInfo,
		Footer:      &Footer{Text: foot},
	}}}
}

// summarize is the default Summarizer: knowledge.Summarize, or the lead
// sentences when it finds nothing (a document of very short sentences).
func summarize(doc knowledge.Document, n int) []knowledge.SummarySentence {
	out := knowledge.Summarize(doc, n)
	if len(out) == 0 {
		return leadSentences(doc, n)
	}
	return out
}

// leadSentences is the fallback summary: the first sentence of the first
// n passages, as a news article puts its essentials first.
func leadSentences(doc knowledge.Document, n int) []knowledge.SummarySentence {
	var out []knowledge.SummarySentence
	for _, p := range doc.Passages {
		if len(out) == n {
			break
		}
		s := p.Text
		if len(p.Sentences) > 0 {
			s = p.Sentences[0]
		}
		out = append(out, knowledge.SummarySentence{Passage: p.N, Text: s})
	}
	return out
}

// reloadReply tells an admin what a reload changed, or why it was refused.
func reloadReply(v voice, d knowledge.Diff, err error) Reply {
	if err != nil {
		var b strings.Builder
		b.WriteString(v.say("reload_refused", nil))
		var le *knowledge.LoadError
		switch {
		case errors.As(err, &le):
			writeProblems(v, &b, le.Problems)
		case errors.Is(err, knowledge.ErrNoDocuments):
			b.WriteString("\n" + v.say(msgReloadNoDocuments, nil))
		default: // the details are in the log
			b.WriteString("\n" + v.say(msgReloadError, nil))
		}
		return Reply{Content: b.String(), Ephemeral: true}
	}
	var b strings.Builder
	counts := args{"Documents": count(v, "n_documents", d.Documents), "Passages": count(v, "n_passages", d.Passages)}
	if d.Empty() {
		b.WriteString(v.say("reload_same", counts))
		writeSkipped(v, &b, d.Skipped)
		return Reply{Content: b.String(), Ephemeral: true}
	}
	b.WriteString(v.say("reload_done", counts))
	list := func(key msgKey, ids []string) {
		if len(ids) > 0 {
			spans := make([]string, len(ids))
			for i, id := range ids {
				spans[i] = codeSpan(id)
			}
			b.WriteString("\n" + v.say(key, args{"N": len(ids), "IDs": strings.Join(spans, ", ")}))
		}
	}
	list("reload_added", d.DocsAdded)
	list("reload_removed", d.DocsRemoved)
	list("reload_changed", d.DocsChanged)
	b.WriteString("\n" + v.say("reload_passages", args{"Added": d.PassagesAdded, "Removed": d.PassagesRemoved, "Changed": d.PassagesChanged}))
	writeSkipped(v, &b, d.Skipped)
	return Reply{Content: b.String(), Ephemeral: true}
}

// writeProblems lists the files a load refused, each with the reason, in
// v's language.
func writeProblems(v voice, b *strings.Builder, problems []*knowledge.FileError) {
	for _, p := range problems {
		b.WriteString("\n" + v.say("reload_problem", args{"Path": codeSpan(p.Path), "Reason": refusalReason(v, p.Err)}))
	}
}

// maxSkippedShown bounds the skipped files a reload reply names.
const maxSkippedShown = 10

// writeSkipped names the files of the knowledge directory that were not
// loaded because they are not documents (a PDF, say), so that an admin does
// not think them loaded.
func writeSkipped(v voice, b *strings.Builder, skipped []string) {
	if len(skipped) == 0 {
		return
	}
	shown := skipped[:min(len(skipped), maxSkippedShown)]
	spans := make([]string, len(shown))
	for i, p := range shown {
		spans[i] = codeSpan(knowledge.DisplayPath(p))
	}
	b.WriteString("\n" + v.say("reload_skipped", args{"N": len(skipped), "Files": strings.Join(spans, ", "), "More": len(skipped) - len(shown)}))
}

// unansweredReply lists declined questions, most frequent first, with how
// many times and when last (a Discord timestamp, shown in the reader's
// time zone).
func unansweredReply(v voice, entries []unanswered.Entry) Reply {
	if len(entries) == 0 {
		return Reply{Content: v.say(msgAllAnswered, nil), Ephemeral: true}
	}
	lines := make([]string, 0, len(entries))
	for _, e := range entries {
		var last int64
		if !e.Last.IsZero() {
			last = e.Last.Unix()
		}
		lines = append(lines, v.say("unanswered_question", args{"Count": e.Count, "Question": escapeMarkdown(truncate(e.Question, 200)), "Last": last}))
	}
	return Reply{Ephemeral: true, Embeds: []*Embed{{
		Title:       v.say("unanswered_title", args{"N": len(entries)}),
		Description: strings.Join(lines, "\n"),
		Color:       colorInfo,
		Footer:      &Footer{Text: v.say("unanswered_footer", nil)},
	}}}
}

// escapeMarkdown escapes what Discord would read as Markdown or as a
// mention (<@…>, @everyone, @here), and replaces control and bidi
// characters, so that text from a user or a file name is shown as it was
// typed and cannot format, link or ping.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range printable(s) {
		if strings.ContainsRune("\\*_~`|><#[]", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return breakEveryone(b.String())
}

// breakEveryone puts a zero-width space after the @ of @everyone and @here.
func breakEveryone(s string) string {
	s = strings.ReplaceAll(s, "@everyone", "@\u200beveryone")
	return strings.ReplaceAll(s, "@here", "@\u200bhere")
}

// printable replaces control characters with U+FFFD and drops the
// invisible format characters (bidi overrides, zero-width spaces) that
// could disguise a name.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r):
			return utf8.RuneError
		case unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
}

// codeSpan shows s (a file name, a document id) as inline code whatever
// it holds: the fence has one backtick more than the longest run of them
// in s, with a space inside when s starts or ends with one, as Discord
// reads it; control and invisible characters are replaced (printable).
func codeSpan(s string) string {
	s = printable(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// helpReply says what the bot does and how to ask, in lang.
func (b *Bot) helpReply(lang string) Reply {
	v := b.voice(lang)
	data := args{"Documents": 0, "Title": "", "Channels": "", "RateLimit": b.opts.RateLimit, "Window": frDuration(b.opts.RateWindow)}
	if len(b.opts.Channels) > 0 {
		var chans []string
		for _, c := range b.opts.Channels {
			chans = append(chans, "<#"+c+">")
		}
		data["Channels"] = strings.Join(chans, ", ")
	}
	if base := b.base(); base != nil {
		ds := base.Documents()
		data["Documents"] = len(ds)
		if len(ds) == 1 {
			data["Title"] = escapeMarkdown(ds[0].Title)
		}
	}
	return Reply{Ephemeral: true, Embeds: []*Embed{{
		Title:       v.say("help_title", nil),
		Description: v.say("help", data),
		Color:       colorInfo,
	}}}
}
