package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/articlebot/articlebot/knowledge"
)

// This file builds replies; it never talks to Discord.

// Short messages for the asker.
const (
	msgEmpty         = "Je n'ai pas vu de question. Écrivez-la après la mention, par exemple : « Combien de salariés emploie le secteur ? »"
	msgNoKnowledge   = "La base de connaissances n'est pas encore chargée. Réessayez dans un instant."
	msgError         = "Désolé, une erreur m'a empêché de répondre. Réessayez dans un instant."
	msgUnknown       = "Je ne connais pas cette commande. Essayez /aide."
	msgStale         = "Ce bouton n'est plus actif."
	msgNotAdmin      = "Désolé, seuls les administrateurs du bot peuvent utiliser cette commande."
	msgNoUnanswered  = "Le suivi des questions sans réponse n'est pas activé sur ce bot."
	msgAllAnswered   = "Aucune question sans réponse."
	msgNoReload      = "Le rechargement n'est pas disponible sur ce bot."
	msgNoDocuments   = "Aucun document n'est chargé pour le moment."
	msgNoFigures     = "Je ne trouve pas de chiffres dans les documents."
	maxFiguresShown  = 20
	summarySentences = 4
)

func msgTooLong(n, limit int) string {
	return fmt.Sprintf("Votre question est un peu longue (%d caractères) : j'en lis %d au plus. Pouvez-vous la raccourcir ?", n, limit)
}

func msgRateLimited(limit int, window, retry time.Duration) string {
	return fmt.Sprintf("Doucement 🙂 vous avez posé beaucoup de questions (%d par %s au plus). Réessayez dans %s.",
		limit, frDuration(window), frDuration(retry))
}

// frDuration writes d in French ("45 s", "1 min", "2 min 30 s", "1 h").
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
func footer(ans answer.Answer) string {
	var f string
	switch {
	case ans.Lang == "en" && ans.Mode == answer.ModeLLM:
		f = "Answer: LLM"
	case ans.Lang == "en":
		f = "Answer: text template"
	case ans.Mode == answer.ModeLLM:
		f = "Réponse : LLM"
	default:
		f = "Réponse : modèle de texte"
	}
	if ans.Note != "" {
		f += " — " + ans.Note
	}
	return f
}

// answerReply lays out an answer: an embed (answer and quoted passages,
// title and §n of the sources, who answered in the footer), or plain text.
func (b *Bot) answerReply(ans answer.Answer) Reply {
	if b.opts.ReplyStyle == StyleText {
		return Reply{Content: ans.Text + "\n-# " + footer(ans)}
	}
	title, color := "Réponse", colorAnswer
	switch {
	case ans.Lang == "en" && ans.Found:
		title = "Answer"
	case ans.Lang == "en":
		title, color = "Not in the documents", colorNotFound
	case !ans.Found:
		title, color = "Pas de réponse dans les documents", colorNotFound
	}
	e := &discordgo.MessageEmbed{
		Title:       title,
		URL:         b.sourceURL(ans.Sources),
		Description: ans.Text,
		Color:       color,
		Footer:      &discordgo.MessageEmbedFooter{Text: footer(ans)},
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{e}}
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

// errorReply turns an answering error into a message for the asker, and
// says whether it is the bot's fault.
func (b *Bot) errorReply(err error, question string) (Reply, string) {
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		return notice(msgEmpty), OutcomeRefused
	case errors.Is(err, answer.ErrQuestionTooLong):
		return notice(msgTooLong(len([]rune(strings.TrimSpace(question))), b.opts.MaxQuestionLength)), OutcomeRefused
	case errors.Is(err, answer.ErrNoKnowledge):
		return notice(msgNoKnowledge), OutcomeError
	default:
		return notice(msgError), OutcomeError
	}
}

// figuresReply lists the key figures of the documents (or of doc).
func figuresReply(base *knowledge.Base, doc *knowledge.Document) Reply {
	var figs []knowledge.Figure
	if doc != nil {
		figs = base.DocumentFigures(doc.ID)
	} else {
		figs = base.Figures()
	}
	if len(figs) == 0 {
		return notice(msgNoFigures)
	}
	shown := figs[:min(len(figs), maxFiguresShown)]
	var lines []string
	lastDoc := ""
	multi := doc == nil && len(base.Documents()) > 1
	for _, f := range shown {
		if multi && f.Doc != lastDoc {
			if lastDoc != "" {
				lines = append(lines, "")
			}
			lines = append(lines, "**« "+escapeMarkdown(docTitle(base, f.Doc))+" »**")
			lastDoc = f.Doc
		}
		line := "• **" + f.Text + "**"
		if l := f.Label(); l != "" {
			line += " : " + l
		}
		if f.Period != "" && f.Period != f.Text {
			line += " — " + f.Period
		}
		line += " (§" + strconv.Itoa(f.Passage) + ")"
		lines = append(lines, line)
	}
	foot := "Chiffres lus dans les documents ; le §n renvoie au passage d'origine (/source)."
	if len(figs) > len(shown) {
		foot = fmt.Sprintf("%d chiffres sur %d. ", len(shown), len(figs)) + foot
	}
	title := "Chiffres clés"
	if doc != nil {
		title += " — " + doc.Title
	} else if !multi {
		if ds := base.Documents(); len(ds) == 1 {
			title += " — " + ds[0].Title
		}
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       truncate(title, MaxEmbedTitle),
		Description: strings.Join(lines, "\n"),
		Color:       colorInfo,
		Footer:      &discordgo.MessageEmbedFooter{Text: foot},
	}}}
}

func docTitle(base *knowledge.Base, id string) string {
	if d, ok := base.Document(id); ok && d.Title != "" {
		return d.Title
	}
	return id
}

// documentReply gives the details of a document: title, source, date, tags.
func documentReply(doc knowledge.Document) Reply {
	e := &discordgo.MessageEmbed{Title: truncate(doc.Title, MaxEmbedTitle), URL: webURL(doc.Source), Color: colorInfo}
	add := func(name, value string) {
		if value != "" {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: truncate(value, 1024), Inline: true})
		}
	}
	add("Source", doc.Source)
	add("Date", doc.Date)
	add("Passages", strconv.Itoa(len(doc.Passages)))
	add("Thèmes", strings.Join(doc.Tags, ", "))
	add("Identifiant", codeSpan(doc.ID))
	if len(doc.Passages) > 0 {
		e.Description = "> " + truncate(doc.Passages[0].Text, 300)
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: "Un passage : /source document:" + doc.ID + " paragraphe:1"}
	return Reply{Embeds: []*discordgo.MessageEmbed{e}}
}

// plural writes n and the noun, with an s when n > 1 (French rule).
func plural(n int, noun string) string {
	if n > 1 {
		return strconv.Itoa(n) + " " + noun + "s"
	}
	return strconv.Itoa(n) + " " + noun
}

// documentsReply lists the documents of the base.
func documentsReply(base *knowledge.Base) Reply {
	docs := base.Documents()
	var lines []string
	for _, d := range docs {
		line := "• **" + escapeMarkdown(d.Title) + "** — " + codeSpan(d.ID) + ", " + plural(len(d.Passages), "passage")
		if d.Date != "" {
			line += ", " + d.Date
		}
		lines = append(lines, line)
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       fmt.Sprintf("Documents (%d)", len(docs)),
		Description: strings.Join(lines, "\n"),
		Color:       colorInfo,
		Footer:      &discordgo.MessageEmbedFooter{Text: "Détails : /source document:<identifiant>"},
	}}}
}

// passageReply quotes passage n of doc.
func passageReply(doc knowledge.Document, p knowledge.Passage) Reply {
	return Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       truncate("« "+doc.Title+" », §"+strconv.Itoa(p.N), MaxEmbedTitle),
		URL:         webURL(doc.Source),
		Description: quote(p.Text),
		Color:       colorInfo,
		Footer:      &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Passage %d sur %d", p.N, len(doc.Passages))},
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
func summaryReply(doc knowledge.Document, sentences []SummarySentence, others int) Reply {
	var lines []string
	for _, s := range sentences {
		lines = append(lines, "• "+s.Text+" (§"+strconv.Itoa(s.Passage)+")")
	}
	foot := "Résumé fait de phrases du texte, citées telles quelles."
	if others > 0 {
		foot += fmt.Sprintf(" %d autre(s) document(s) : /resume document:", others)
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       truncate("Résumé — "+doc.Title, MaxEmbedTitle),
		URL:         webURL(doc.Source),
		Description: strings.Join(lines, "\n"),
		Color:       colorInfo,
		Footer:      &discordgo.MessageEmbedFooter{Text: foot},
	}}}
}

// summarize is the default Summarizer: knowledge.Summarize, or the lead
// sentences when it finds nothing (a document of very short sentences).
func summarize(doc knowledge.Document, n int) []SummarySentence {
	var out []SummarySentence
	for _, s := range knowledge.Summarize(doc, n) {
		out = append(out, SummarySentence{Passage: s.Passage, Text: s.Text})
	}
	if len(out) == 0 {
		return leadSentences(doc, n)
	}
	return out
}

// leadSentences is the fallback summary: the first sentence of the first
// n passages, as a news article puts its essentials first.
func leadSentences(doc knowledge.Document, n int) []SummarySentence {
	var out []SummarySentence
	for _, p := range doc.Passages {
		if len(out) == n {
			break
		}
		s := p.Text
		if len(p.Sentences) > 0 {
			s = p.Sentences[0]
		}
		out = append(out, SummarySentence{Passage: p.N, Text: s})
	}
	return out
}

// reloadReply tells an admin what a reload changed, or why it was refused.
func reloadReply(d knowledge.Diff, err error) Reply {
	if err != nil {
		var b strings.Builder
		b.WriteString("**Rechargement refusé** : la base précédente reste en service.")
		var le *knowledge.LoadError
		if errors.As(err, &le) {
			for _, p := range le.Problems {
				b.WriteString("\n• " + codeSpan(p.Path) + " : " + escapeMarkdown(p.Err.Error()))
			}
		} else {
			b.WriteString("\n• " + escapeMarkdown(err.Error()))
		}
		return Reply{Content: b.String(), Ephemeral: true}
	}
	var b strings.Builder
	if d.Empty() {
		fmt.Fprintf(&b, "**Base rechargée** : rien n'a changé (%s, %s).", plural(d.Documents, "document"), plural(d.Passages, "passage"))
		writeSkipped(&b, d.Skipped)
		return Reply{Content: b.String(), Ephemeral: true}
	}
	fmt.Fprintf(&b, "**Base rechargée** : %s, %s.", plural(d.Documents, "document"), plural(d.Passages, "passage"))
	list := func(name string, ids []string) {
		if len(ids) > 0 {
			spans := make([]string, len(ids))
			for i, id := range ids {
				spans[i] = codeSpan(id)
			}
			fmt.Fprintf(&b, "\n• %s (%d) : %s", name, len(ids), strings.Join(spans, ", "))
		}
	}
	list("Documents ajoutés", d.DocsAdded)
	list("Documents retirés", d.DocsRemoved)
	list("Documents modifiés", d.DocsChanged)
	fmt.Fprintf(&b, "\n• Passages : %d ajoutés, %d retirés, %d modifiés.", d.PassagesAdded, d.PassagesRemoved, d.PassagesChanged)
	writeSkipped(&b, d.Skipped)
	return Reply{Content: b.String(), Ephemeral: true}
}

// maxSkippedShown bounds the skipped files a reload reply names.
const maxSkippedShown = 10

// writeSkipped names the files of the knowledge directory that were not
// loaded because they are not documents (a PDF, say), so that an admin does
// not think them loaded.
func writeSkipped(b *strings.Builder, skipped []string) {
	if len(skipped) == 0 {
		return
	}
	shown := skipped[:min(len(skipped), maxSkippedShown)]
	spans := make([]string, len(shown))
	for i, p := range shown {
		spans[i] = codeSpan(knowledge.DisplayPath(p))
	}
	more := ""
	if n := len(skipped) - len(shown); n > 0 {
		more = fmt.Sprintf(" et %d autres", n)
	}
	fmt.Fprintf(b, "\n• Fichiers ignorés, car ni .md ni .txt (%d) : %s%s", len(skipped), strings.Join(spans, ", "), more)
}

// unansweredReply lists declined questions, most frequent first, with how
// many times and when last (a Discord timestamp, shown in the reader's
// time zone).
func unansweredReply(entries []unanswered.Entry) Reply {
	if len(entries) == 0 {
		return Reply{Content: msgAllAnswered, Ephemeral: true}
	}
	lines := make([]string, 0, len(entries))
	for _, e := range entries {
		line := fmt.Sprintf("• **%d ×** « %s »", e.Count, escapeMarkdown(truncate(e.Question, 200)))
		if !e.Last.IsZero() {
			line += fmt.Sprintf(" — dernière fois <t:%d:R>", e.Last.Unix())
		}
		lines = append(lines, line)
	}
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Title:       fmt.Sprintf("Questions sans réponse (%d)", len(entries)),
		Description: strings.Join(lines, "\n"),
		Color:       colorInfo,
		Footer:      &discordgo.MessageEmbedFooter{Text: "Les plus fréquentes d'abord. Ajoutez ce qui manque à la base de connaissances, puis /recharger."},
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

// helpReply says what the bot does and how to ask.
func (b *Bot) helpReply() Reply {
	var where []string
	where = append(where, "• mentionnez-moi suivi de votre question ;", "• écrivez-moi en message privé ;")
	if len(b.opts.Channels) > 0 {
		var chans []string
		for _, c := range b.opts.Channels {
			chans = append(chans, "<#"+c+">")
		}
		where = append(where, "• écrivez simplement dans "+strings.Join(chans, ", ")+" ;")
	}
	where = append(where, "• ou utilisez `/question texte:…`.", "Pour une question de suivi (« et en 2019 ? »), répondez à l'une de mes réponses.")
	docs := "des documents de ma base"
	if base := b.base(); base != nil {
		if ds := base.Documents(); len(ds) == 1 {
			docs = "l'article « " + escapeMarkdown(ds[0].Title) + " »"
		} else {
			docs = fmt.Sprintf("les %d documents de ma base", len(ds))
		}
	}
	desc := "Je réponds aux questions sur " + docs + ", en citant les passages d'où vient chaque réponse. " +
		"Si les documents ne répondent pas, je le dis plutôt que d'inventer.\n\n" +
		"**Poser une question**\n" + strings.Join(where, "\n") + "\n\n" +
		"**Commandes**\n" +
		"• `/question` : poser une question\n" +
		"• `/chiffres` : les chiffres clés, avec leur passage\n" +
		"• `/source` : un passage (document et §n) ou les détails d'un document\n" +
		"• `/resume` : le résumé d'un document\n" +
		"• `/documents` : les documents chargés (titre, source, date, passages, langue)\n" +
		"• `/aide` : ce message\n" +
		"• `/ajouter` : ajouter un document, fichier .md ou .txt ou adresse d'un article (administrateurs)\n" +
		"• `/retirer` : retirer un document, après confirmation (administrateurs)\n" +
		"• `/recharger` : relire la base de connaissances (administrateurs)\n" +
		"• `/sans-reponse` : les questions restées sans réponse (administrateurs)"
	if b.opts.RateLimit > 0 {
		desc += fmt.Sprintf("\n\nAu plus %d questions par %s et par personne.", b.opts.RateLimit, frDuration(b.opts.RateWindow))
	}
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Title:       "Aide",
		Description: desc,
		Color:       colorInfo,
	}}}
}
