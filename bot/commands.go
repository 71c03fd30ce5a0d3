package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/knowledge"
)

// Command is one slash command: what is registered with Discord and what
// runs when it is used. The table of commands (Bot.Commands) builds both
// the registration (the adapter turns each Definition into Discord's
// application command) and the dispatch by name.
type Command struct {
	Definition Definition
	// Handler builds the reply, wrapped in Use: the middlewares of this
	// command, the first one outermost (requireAdmin, check, ephemeral,
	// deferred…).
	Handler Handler
	Use     []Middleware
	// Autocomplete suggests values for the option being typed
	// (Invocation.Focused).
	Autocomplete func(inv *Invocation) []Choice
	// Click handles a click on a button of the command's reply (custom_id
	// "<name>:…"), wrapped in UseClick: its reply replaces the clicked
	// message (when deferred; a refusal before is a new ephemeral message
	// and leaves the clicked one as it is).
	Click    Handler
	UseClick []Middleware

	// serve and serveClick are Handler and Click wrapped in their
	// middlewares, built once in New.
	serve, serveClick Handler
}

// Names of the commands and options (French; English localizations are in
// the definitions).
const (
	cmdQuestion   = "question"
	cmdFigures    = "chiffres"
	cmdSource     = "source"
	cmdSummary    = "resume"
	cmdHelp       = "aide"
	cmdReload     = "recharger"
	cmdUnanswered = "sans-reponse"
	cmdAdd        = "ajouter"
	cmdRemove     = "retirer"
	cmdDocuments  = "documents"
	optFile       = "fichier"
	optURL        = "url"
	optReplace    = "remplacer"
	optText       = "texte"
	optDocument   = "document"
	optParagraph  = "paragraphe"
	optCount      = "nombre"
)

// Number of unanswered questions /sans-reponse lists: by default, at most.
const (
	defaultUnansweredShown = 10
	maxUnansweredShown     = 25
)

func documentOption(desc, descEN string) OptionDefinition {
	return OptionDefinition{
		Type:          OptionString,
		Name:          optDocument,
		NameEN:        "document",
		Description:   desc,
		DescriptionEN: descEN,
		Autocomplete:  true,
		MaxLength:     100,
	}
}

// commandTable is the one table of slash commands.
func (b *Bot) commandTable() []Command {
	minParagraph, minCount := 1.0, 1.0
	minLength := 1
	return []Command{
		{
			Definition: Definition{
				Name: cmdQuestion, NameEN: "ask",
				Description:   "Poser une question sur l'article et les documents du bot",
				DescriptionEN: "Ask a question about the article and the bot's documents",
				Options: []OptionDefinition{{
					Type: OptionString, Name: optText, NameEN: "text",
					Description: "Votre question", DescriptionEN: "Your question",
					Required: true, MinLength: &minLength, MaxLength: min(b.opts.MaxQuestionLength, 6000),
				}},
			},
			Handler: b.handleQuestion,
			Use:     []Middleware{check(b.checkQuestion), deferred},
		},
		{
			Definition: Definition{
				Name: cmdFigures, NameEN: "figures",
				Description:   "Les chiffres clés des documents, avec leur passage",
				DescriptionEN: "The key figures of the documents, with their passage",
				Options:       []OptionDefinition{documentOption("Limiter à un document", "Only this document")},
			},
			Handler:      b.handleFigures,
			Use:          []Middleware{deferred},
			Autocomplete: b.suggestDocuments,
		},
		{
			Definition: Definition{
				Name: cmdSource, NameEN: "source",
				Description:   "Afficher un passage (document et §n) ou les détails d'un document",
				DescriptionEN: "Show a passage (document and §n) or a document's details",
				Options: []OptionDefinition{
					documentOption("Le document (par défaut : l'article)", "The document (default: the article)"),
					{
						Type: OptionInteger, Name: optParagraph, NameEN: "paragraph",
						Description: "Numéro du passage (§n)", DescriptionEN: "Passage number (§n)",
						MinValue: &minParagraph, MaxValue: 10000,
					},
				},
			},
			Handler:      b.handleSource,
			Autocomplete: b.suggestDocuments,
		},
		{
			Definition: Definition{
				Name: cmdSummary, NameEN: "summary",
				Description:   "Résumé d'un document en quelques phrases citées",
				DescriptionEN: "A document summed up in a few quoted sentences",
				Options:       []OptionDefinition{documentOption("Le document (par défaut : l'article)", "The document (default: the article)")},
			},
			Handler:      b.handleSummary,
			Use:          []Middleware{deferred},
			Autocomplete: b.suggestDocuments,
		},
		{
			Definition: Definition{
				Name: cmdHelp, NameEN: "help",
				Description:   "Ce que fait le bot et comment lui poser une question",
				DescriptionEN: "What the bot does and how to ask it a question",
			},
			Handler: func(_ context.Context, inv *Invocation) Reply { return b.helpReply(inv.lang()) },
			Use:     []Middleware{ephemeral},
		},
		{
			Definition: Definition{
				Name: cmdReload, NameEN: "reload",
				Description:   "Recharger la base de connaissances (administrateurs)",
				DescriptionEN: "Reload the knowledge base (admins)",
				AdminOnly:     true,
			},
			Handler: b.handleReload,
			Use:     []Middleware{b.requireAdmin, ephemeral, deferred},
		},
		{
			Definition: Definition{
				Name: cmdUnanswered, NameEN: "unanswered",
				Description:   "Les questions restées sans réponse, les plus fréquentes d'abord (administrateurs)",
				DescriptionEN: "The questions left unanswered, most frequent first (admins)",
				AdminOnly:     true,
				Options: []OptionDefinition{{
					Type: OptionInteger, Name: optCount, NameEN: "count",
					Description:   fmt.Sprintf("Combien de questions (%d par défaut)", defaultUnansweredShown),
					DescriptionEN: fmt.Sprintf("How many questions (default %d)", defaultUnansweredShown),
					MinValue:      &minCount, MaxValue: maxUnansweredShown,
				}},
			},
			Handler: b.handleUnanswered,
			Use:     []Middleware{b.requireAdmin, ephemeral},
		},
		{
			Definition: Definition{
				Name: cmdDocuments, NameEN: "documents",
				Description:   "Les documents chargés : titre, source, date, passages et langue",
				DescriptionEN: "The loaded documents: title, source, date, passages and language",
			},
			Handler: b.handleDocuments,
		},
		{
			Definition: Definition{
				Name: cmdAdd, NameEN: "add",
				Description:   "Ajouter un document : un fichier .md ou .txt, ou l'adresse d'un article (administrateurs)",
				DescriptionEN: "Add a document: a .md or .txt file, or the address of an article (admins)",
				AdminOnly:     true,
				Options: []OptionDefinition{
					{
						Type: OptionAttachment, Name: optFile, NameEN: "file",
						Description: "Un fichier .md ou .txt", DescriptionEN: "A .md or .txt file",
					},
					{
						Type: OptionString, Name: optURL, NameEN: "url",
						Description: "L'adresse (http ou https) d'un article en ligne", DescriptionEN: "The address (http or https) of an online article",
						MinLength: &minLength, MaxLength: fetch.MaxURLLength,
					},
					{
						Type: OptionBoolean, Name: optReplace, NameEN: "replace",
						Description:   "Remplacer le fichier du même nom s'il existe (non par défaut)",
						DescriptionEN: "Replace the file of the same name if there is one (default: no)",
					},
				},
			},
			Handler: b.handleAdd,
			Use:     []Middleware{b.requireAdmin, ephemeral, deferred},
		},
		{
			Definition: Definition{
				Name: cmdRemove, NameEN: "remove",
				Description:   "Retirer un document, après confirmation (administrateurs)",
				DescriptionEN: "Remove a document, once confirmed (admins)",
				AdminOnly:     true,
				Options: []OptionDefinition{func() OptionDefinition {
					o := documentOption("Le document à retirer", "The document to remove")
					o.Required = true
					return o
				}()},
			},
			Handler:      b.handleRemove,
			Use:          []Middleware{b.requireAdmin, ephemeral},
			Autocomplete: b.suggestDocuments,
			Click:        b.clickRemove,
			UseClick:     []Middleware{b.requireAdmin, check(b.checkRemoveClick), deferred},
		},
	}
}

// checkQuestion refuses an empty or too long question or a rate-limited
// user before the question is acknowledged (so that a slash command's
// refusal is ephemeral). A user still over the limit is not told again on
// a message.
func (b *Bot) checkQuestion(_ context.Context, inv *Invocation) *Reply {
	q := inv.question()
	r, outcome, quiet := b.precheck(q)
	if r == nil {
		return nil
	}
	inv.event = &QuestionEvent{Trigger: q.trigger, Outcome: outcome, Chars: utf8.RuneCountInString(strings.TrimSpace(q.text))}
	r.Quiet = quiet && inv.Kind == KindMessage
	return r
}

// handleQuestion answers a question, by message or /question; the
// acknowledgement (deferred) may show the answer as it is written (LLM
// mode).
func (b *Bot) handleQuestion(ctx context.Context, inv *Invocation) Reply {
	q := inv.question()
	if inv.Kind == KindMessage {
		q.history = b.history(inv.Previous)
	}
	r, ev := b.ask(ctx, q, inv.live)
	_, _ = inv.live.Finish(ctx) // the conversation logs a failure
	ev.Partials = inv.live.partials()
	inv.event = &ev
	return r
}

// handleUnanswered lists the most frequent declined questions (admins).
func (b *Bot) handleUnanswered(_ context.Context, inv *Invocation) Reply {
	v := b.voice(inv.lang())
	if b.opts.Unanswered == nil {
		return notice(v.say(msgNoUnanswered, nil))
	}
	n := defaultUnansweredShown
	if v, ok := inv.Int(optCount); ok {
		n = int(min(max(v, 1), maxUnansweredShown))
	}
	return unansweredReply(v, b.opts.Unanswered.Top(n))
}

func (b *Bot) handleFigures(_ context.Context, inv *Invocation) Reply {
	v := b.voice(inv.lang())
	base, r := b.loadedBase(v)
	if r != nil {
		return *r
	}
	if inv.String(optDocument) == "" {
		return figuresReply(v, base, nil)
	}
	doc, r := b.findDocument(v, base, inv.String(optDocument))
	if r != nil {
		return *r
	}
	return figuresReply(v, base, &doc)
}

func (b *Bot) handleSource(_ context.Context, inv *Invocation) Reply {
	v := b.voice(inv.lang())
	base, r := b.loadedBase(v)
	if r != nil {
		return *r
	}
	name := inv.String(optDocument)
	n, hasN := inv.Int(optParagraph)
	if name == "" && !hasN && len(base.Documents()) > 1 {
		return documentsReply(v, base)
	}
	doc, r := b.findDocument(v, base, name)
	if r != nil {
		return *r
	}
	if !hasN {
		return documentReply(v, doc)
	}
	p, ok := base.Passage(doc.ID, int(n))
	if !ok {
		return notice(v.say("no_passage", args{"Title": escapeMarkdown(doc.Title), "Passages": len(doc.Passages)}))
	}
	return passageReply(v, doc, p)
}

func (b *Bot) handleSummary(_ context.Context, inv *Invocation) Reply {
	v := b.voice(inv.lang())
	base, doc, r := b.loadedDocument(v, inv.String(optDocument))
	if r != nil {
		return *r
	}
	others := 0
	if inv.String(optDocument) == "" {
		others = len(base.Documents()) - 1
	}
	sentences := b.opts.Summarize(doc, summarySentences)
	if len(sentences) == 0 {
		return notice(v.say("no_summary", args{"Title": escapeMarkdown(doc.Title)}))
	}
	return summaryReply(v, doc, sentences, others)
}

func (b *Bot) handleReload(ctx context.Context, inv *Invocation) Reply {
	v := b.voice(inv.lang())
	if b.opts.Reloader == nil {
		return notice(v.say(msgNoReload, nil))
	}
	d, err := b.opts.Reloader.Reload(ctx)
	if err != nil {
		b.log.Warn("reload refused", "user", inv.UserID, "err", err)
	} else {
		b.log.Info("knowledge base reloaded", "user", inv.UserID, "documents", d.Documents, "passages", d.Passages,
			"added", len(d.DocsAdded), "removed", len(d.DocsRemoved), "changed", len(d.DocsChanged))
	}
	if b.opts.Observer != nil {
		b.opts.Observer.Reload(err == nil)
	}
	return reloadReply(v, d, err)
}

// loadedBase is the knowledge base, or the reply that there is none (no
// document loaded).
func (b *Bot) loadedBase(v voice) (*knowledge.Base, *Reply) {
	base := b.base()
	if base == nil || len(base.Documents()) == 0 {
		r := notice(v.say(msgNoDocuments, nil))
		return nil, &r
	}
	return base, nil
}

// loadedDocument is the knowledge base and its document named by a
// document option, or the reply that says why there is none.
func (b *Bot) loadedDocument(v voice, name string) (*knowledge.Base, knowledge.Document, *Reply) {
	base, r := b.loadedBase(v)
	if r != nil {
		return nil, knowledge.Document{}, r
	}
	doc, r := b.findDocument(v, base, name)
	return base, doc, r
}

// findDocument resolves a document option: an id (from autocomplete), or
// words of a title; empty means the first document (the article).
func (b *Bot) findDocument(v voice, base *knowledge.Base, name string) (knowledge.Document, *Reply) {
	docs := base.Documents()
	name = strings.TrimSpace(name)
	if name == "" {
		return docs[0], nil
	}
	if d, ok := base.Document(name); ok {
		return d, nil
	}
	want := fold(name)
	for _, d := range docs {
		if strings.Contains(fold(d.Title), want) || strings.Contains(fold(d.ID), want) {
			return d, nil
		}
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, codeSpan(d.ID))
	}
	r := notice(v.say("unknown_document", args{"Name": escapeMarkdown(truncate(name, 100)), "IDs": strings.Join(ids, ", ")}))
	return knowledge.Document{}, &r
}

func fold(s string) string { return strings.ToLower(knowledge.Normalize(s)) }

// suggestDocuments autocompletes a document option with matching titles.
func (b *Bot) suggestDocuments(inv *Invocation) []Choice {
	base := b.base()
	if base == nil || inv.Focused == nil {
		return nil
	}
	typed, _ := inv.Focused.Value.(string)
	want := fold(strings.TrimSpace(typed))
	var out []Choice
	for _, d := range base.Documents() {
		if len(out) == 25 {
			break
		}
		if want != "" && !strings.Contains(fold(d.Title), want) && !strings.Contains(fold(d.ID), want) {
			continue
		}
		if len(d.ID) > 100 {
			continue // not a valid choice value
		}
		out = append(out, Choice{Name: truncate(d.Title, 100), Value: d.ID})
	}
	return out
}
