package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/knowledge"
)

// Command is one slash command: what is registered with Discord and what
// runs when it is used. The table of commands (Bot.Commands) builds both
// the bulk-overwrite registration and the dispatch by name.
type Command struct {
	Definition *discordgo.ApplicationCommand
	// Handler builds the reply, wrapped in Use: the middlewares of this
	// command, the first one outermost (requireAdmin, check, ephemeral,
	// deferred…).
	Handler Handler
	Use     []Middleware
	// Autocomplete suggests values for the option being typed.
	Autocomplete func(inv *Invocation, focused *discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandOptionChoice
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

// Invocation is one use of the bot: a question by message, a slash
// command, a click on a button or an autocomplete.
type Invocation struct {
	// Interaction is the interaction (nil for a message).
	Interaction *discordgo.Interaction
	User        *discordgo.User
	options     map[string]*discordgo.ApplicationCommandInteractionDataOption
	// command is the name of the command used (or whose button was
	// clicked); "" for a message.
	command string
	// message and text: the message asking a question and the question
	// (the message's content without the bot's mention); trigger: how the
	// question came (TriggerSlash for interactions).
	message *discordgo.Message
	text    string
	trigger string

	// job registers the invocation with Shutdown; created is when Discord
	// created it.
	job     job
	created time.Time
	// conv is the adapter that acknowledges it and shows its reply.
	conv conversation
	// ephemeral: the replies are visible to the caller only (set by the
	// ephemeral middleware, read by deferred).
	ephemeral bool
	// live shows an answer as it is written (set by deferred).
	live *stream
	// event is the question's, for logs and metrics: set by the question's
	// handler (or its check), recorded once by observed.
	event *QuestionEvent
}

// lang is the language of the replies: the user's Discord locale's, or,
// for a message, the question's.
func (inv *Invocation) lang() string {
	if inv.Interaction == nil {
		return questionLang("", inv.text)
	}
	return localeLang(inv.Interaction.Locale)
}

// question is the question asked: the message's, or /question's option.
func (inv *Invocation) question() question {
	if inv.Interaction == nil {
		return question{trigger: inv.trigger, user: inv.User.ID, text: inv.text}
	}
	return question{trigger: TriggerSlash, user: inv.User.ID, text: inv.String(optText), locale: inv.Interaction.Locale}
}

func newInvocation(i *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) *Invocation {
	inv := &Invocation{Interaction: i, User: interactionUser(i), options: map[string]*discordgo.ApplicationCommandInteractionDataOption{}}
	for _, o := range opts {
		if o != nil {
			inv.options[o.Name] = o
		}
	}
	if inv.User == nil {
		inv.User = &discordgo.User{}
	}
	return inv
}

func interactionUser(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

// String is the value of a string option ("" when absent).
func (inv *Invocation) String(name string) string {
	o, ok := inv.options[name]
	if !ok {
		return ""
	}
	s, _ := o.Value.(string)
	return s
}

// Bool is the value of a boolean option (false when absent).
func (inv *Invocation) Bool(name string) bool {
	o, ok := inv.options[name]
	if !ok {
		return false
	}
	v, _ := o.Value.(bool)
	return v
}

// Attachment is the file given to an attachment option, from the
// interaction's resolved data (nil when absent).
func (inv *Invocation) Attachment(name string) *discordgo.MessageAttachment {
	o, ok := inv.options[name]
	if !ok || inv.Interaction == nil || inv.Interaction.Type != discordgo.InteractionApplicationCommand {
		return nil
	}
	id, _ := o.Value.(string)
	res := inv.Interaction.ApplicationCommandData().Resolved
	if id == "" || res == nil {
		return nil
	}
	return res.Attachments[id]
}

// CustomID is the custom_id of the button clicked ("" for a command).
func (inv *Invocation) CustomID() string {
	if inv.Interaction == nil || inv.Interaction.Type != discordgo.InteractionMessageComponent {
		return ""
	}
	return inv.Interaction.MessageComponentData().CustomID
}

// Int is the value of an integer option.
func (inv *Invocation) Int(name string) (int64, bool) {
	o, ok := inv.options[name]
	if !ok {
		return 0, false
	}
	switch v := o.Value.(type) {
	case float64:
		return int64(v), true
	case int64:
		return v, true
	case int:
		return int64(v), true
	}
	return 0, false
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

// en gives a localization for both English locales.
func en(s string) *map[discordgo.Locale]string {
	return &map[discordgo.Locale]string{discordgo.EnglishUS: s, discordgo.EnglishGB: s}
}

func enOpt(s string) map[discordgo.Locale]string {
	return map[discordgo.Locale]string{discordgo.EnglishUS: s, discordgo.EnglishGB: s}
}

func documentOption(desc, descEN string) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionString,
		Name:                     optDocument,
		NameLocalizations:        enOpt("document"),
		Description:              desc,
		DescriptionLocalizations: enOpt(descEN),
		Autocomplete:             true,
		MaxLength:                100,
	}
}

// commandTable is the one table of slash commands.
func (b *Bot) commandTable() []Command {
	manageGuild := int64(discordgo.PermissionManageGuild)
	minParagraph, minCount := 1.0, 1.0
	minLength := 1
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	return []Command{
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdQuestion, NameLocalizations: en("ask"),
				Description:              "Poser une question sur l'article et les documents du bot",
				DescriptionLocalizations: en("Ask a question about the article and the bot's documents"),
				Options: []*discordgo.ApplicationCommandOption{{
					Type: discordgo.ApplicationCommandOptionString, Name: optText, NameLocalizations: enOpt("text"),
					Description: "Votre question", DescriptionLocalizations: enOpt("Your question"),
					Required: true, MinLength: &minLength, MaxLength: min(b.opts.MaxQuestionLength, 6000),
				}},
			},
			Handler: b.handleQuestion,
			Use:     []Middleware{check(b.checkQuestion), deferred},
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdFigures, NameLocalizations: en("figures"),
				Description:              "Les chiffres clés des documents, avec leur passage",
				DescriptionLocalizations: en("The key figures of the documents, with their passage"),
				Options:                  []*discordgo.ApplicationCommandOption{documentOption("Limiter à un document", "Only this document")},
			},
			Handler:      b.handleFigures,
			Use:          []Middleware{deferred},
			Autocomplete: b.suggestDocuments,
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdSource, NameLocalizations: en("source"),
				Description:              "Afficher un passage (document et §n) ou les détails d'un document",
				DescriptionLocalizations: en("Show a passage (document and §n) or a document's details"),
				Options: []*discordgo.ApplicationCommandOption{
					documentOption("Le document (par défaut : l'article)", "The document (default: the article)"),
					{
						Type: discordgo.ApplicationCommandOptionInteger, Name: optParagraph, NameLocalizations: enOpt("paragraph"),
						Description: "Numéro du passage (§n)", DescriptionLocalizations: enOpt("Passage number (§n)"),
						MinValue: &minParagraph, MaxValue: 10000,
					},
				},
			},
			Handler:      b.handleSource,
			Autocomplete: b.suggestDocuments,
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdSummary, NameLocalizations: en("summary"),
				Description:              "Résumé d'un document en quelques phrases citées",
				DescriptionLocalizations: en("A document summed up in a few quoted sentences"),
				Options:                  []*discordgo.ApplicationCommandOption{documentOption("Le document (par défaut : l'article)", "The document (default: the article)")},
			},
			Handler:      b.handleSummary,
			Use:          []Middleware{deferred},
			Autocomplete: b.suggestDocuments,
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdHelp, NameLocalizations: en("help"),
				Description:              "Ce que fait le bot et comment lui poser une question",
				DescriptionLocalizations: en("What the bot does and how to ask it a question"),
			},
			Handler: func(_ context.Context, inv *Invocation) Reply { return b.helpReply(inv.lang()) },
			Use:     []Middleware{ephemeral},
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdReload, NameLocalizations: en("reload"),
				Description:              "Recharger la base de connaissances (administrateurs)",
				DescriptionLocalizations: en("Reload the knowledge base (admins)"),
				DefaultMemberPermissions: &manageGuild,
				Contexts:                 &guildOnly,
			},
			Handler: b.handleReload,
			Use:     []Middleware{b.requireAdmin, ephemeral, deferred},
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdUnanswered, NameLocalizations: en("unanswered"),
				Description:              "Les questions restées sans réponse, les plus fréquentes d'abord (administrateurs)",
				DescriptionLocalizations: en("The questions left unanswered, most frequent first (admins)"),
				DefaultMemberPermissions: &manageGuild,
				Contexts:                 &guildOnly,
				Options: []*discordgo.ApplicationCommandOption{{
					Type: discordgo.ApplicationCommandOptionInteger, Name: optCount, NameLocalizations: enOpt("count"),
					Description:              fmt.Sprintf("Combien de questions (%d par défaut)", defaultUnansweredShown),
					DescriptionLocalizations: enOpt(fmt.Sprintf("How many questions (default %d)", defaultUnansweredShown)),
					MinValue:                 &minCount, MaxValue: maxUnansweredShown,
				}},
			},
			Handler: b.handleUnanswered,
			Use:     []Middleware{b.requireAdmin, ephemeral},
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdDocuments, NameLocalizations: en("documents"),
				Description:              "Les documents chargés : titre, source, date, passages et langue",
				DescriptionLocalizations: en("The loaded documents: title, source, date, passages and language"),
			},
			Handler: b.handleDocuments,
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdAdd, NameLocalizations: en("add"),
				Description:              "Ajouter un document : un fichier .md ou .txt, ou l'adresse d'un article (administrateurs)",
				DescriptionLocalizations: en("Add a document: a .md or .txt file, or the address of an article (admins)"),
				DefaultMemberPermissions: &manageGuild,
				Contexts:                 &guildOnly,
				Options: []*discordgo.ApplicationCommandOption{
					{
						Type: discordgo.ApplicationCommandOptionAttachment, Name: optFile, NameLocalizations: enOpt("file"),
						Description: "Un fichier .md ou .txt", DescriptionLocalizations: enOpt("A .md or .txt file"),
					},
					{
						Type: discordgo.ApplicationCommandOptionString, Name: optURL, NameLocalizations: enOpt("url"),
						Description: "L'adresse (http ou https) d'un article en ligne", DescriptionLocalizations: enOpt("The address (http or https) of an online article"),
						MinLength: &minLength, MaxLength: fetch.MaxURLLength,
					},
					{
						Type: discordgo.ApplicationCommandOptionBoolean, Name: optReplace, NameLocalizations: enOpt("replace"),
						Description:              "Remplacer le fichier du même nom s'il existe (non par défaut)",
						DescriptionLocalizations: enOpt("Replace the file of the same name if there is one (default: no)"),
					},
				},
			},
			Handler: b.handleAdd,
			Use:     []Middleware{b.requireAdmin, ephemeral, deferred},
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdRemove, NameLocalizations: en("remove"),
				Description:              "Retirer un document, après confirmation (administrateurs)",
				DescriptionLocalizations: en("Remove a document, once confirmed (admins)"),
				DefaultMemberPermissions: &manageGuild,
				Contexts:                 &guildOnly,
				Options: []*discordgo.ApplicationCommandOption{func() *discordgo.ApplicationCommandOption {
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
	r.quiet = quiet && inv.Interaction == nil
	return r
}

// handleQuestion answers a question, by message or /question; the
// acknowledgement (deferred) may show the answer as it is written (LLM
// mode).
func (b *Bot) handleQuestion(ctx context.Context, inv *Invocation) Reply {
	q := inv.question()
	if inv.message != nil {
		q.history = b.history(inv.message)
	}
	r, ev := b.ask(ctx, q, inv.live)
	_, _ = inv.live.finish(ctx) // the conversation logs a failure
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
		b.log.Warn("reload refused", "user", inv.User.ID, "err", err)
	} else {
		b.log.Info("knowledge base reloaded", "user", inv.User.ID, "documents", d.Documents, "passages", d.Passages,
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
func (b *Bot) suggestDocuments(_ *Invocation, focused *discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandOptionChoice {
	base := b.base()
	if base == nil || focused == nil {
		return nil
	}
	typed, _ := focused.Value.(string)
	want := fold(strings.TrimSpace(typed))
	var out []*discordgo.ApplicationCommandOptionChoice
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
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: truncate(d.Title, 100), Value: d.ID})
	}
	return out
}
