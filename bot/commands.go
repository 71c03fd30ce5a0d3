package bot

import (
	"context"
	"fmt"
	"strings"
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
	// Check runs before the command is acknowledged; a non-nil reply
	// refuses it (sent ephemeral).
	Check func(ctx context.Context, inv *Invocation) *Reply
	// Handler builds the reply.
	Handler func(ctx context.Context, inv *Invocation) Reply
	// Autocomplete suggests values for the option being typed.
	Autocomplete func(inv *Invocation, focused *discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandOptionChoice
	// Click handles a click on a button of the command's reply (custom_id
	// "<name>:…"): its reply replaces the clicked message. CheckClick runs
	// first; a non-nil reply refuses the click (sent ephemeral, the message
	// left as it is).
	Click      func(ctx context.Context, inv *Invocation) Reply
	CheckClick func(ctx context.Context, inv *Invocation) *Reply
	Defer      bool // acknowledge first, then edit the response (may take long)
	Ephemeral  bool // replies are visible to the caller only
	Admin      bool // only admins (Administrator, Manage Server, admin_roles, admin_users)
}

// Invocation is one use of a command.
type Invocation struct {
	Interaction *discordgo.Interaction
	User        *discordgo.User
	options     map[string]*discordgo.ApplicationCommandInteractionDataOption
	// live shows an answer as it is written, by editing the deferred
	// response (deferred commands only).
	live *stream
}

// lang is the language of the replies: the user's Discord locale's.
func (inv *Invocation) lang() string { return localeLang(inv.Interaction.Locale) }

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
	if !ok || inv.Interaction.Type != discordgo.InteractionApplicationCommand {
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
	if inv.Interaction.Type != discordgo.InteractionMessageComponent {
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
			Check:   b.checkQuestion,
			Handler: b.handleQuestion,
			Defer:   true,
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdFigures, NameLocalizations: en("figures"),
				Description:              "Les chiffres clés des documents, avec leur passage",
				DescriptionLocalizations: en("The key figures of the documents, with their passage"),
				Options:                  []*discordgo.ApplicationCommandOption{documentOption("Limiter à un document", "Only this document")},
			},
			Handler:      b.handleFigures,
			Autocomplete: b.suggestDocuments,
			Defer:        true,
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
			Autocomplete: b.suggestDocuments,
			Defer:        true,
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdHelp, NameLocalizations: en("help"),
				Description:              "Ce que fait le bot et comment lui poser une question",
				DescriptionLocalizations: en("What the bot does and how to ask it a question"),
			},
			Handler:   func(_ context.Context, inv *Invocation) Reply { return b.helpReply(inv.lang()) },
			Ephemeral: true,
		},
		{
			Definition: &discordgo.ApplicationCommand{
				Name: cmdReload, NameLocalizations: en("reload"),
				Description:              "Recharger la base de connaissances (administrateurs)",
				DescriptionLocalizations: en("Reload the knowledge base (admins)"),
				DefaultMemberPermissions: &manageGuild,
				Contexts:                 &guildOnly,
			},
			Handler:   b.handleReload,
			Defer:     true,
			Ephemeral: true,
			Admin:     true,
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
			Handler:   b.handleUnanswered,
			Ephemeral: true,
			Admin:     true,
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
			Handler:   b.handleAdd,
			Defer:     true,
			Ephemeral: true,
			Admin:     true,
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
			Autocomplete: b.suggestDocuments,
			CheckClick:   b.checkRemoveClick,
			Click:        b.clickRemove,
			Ephemeral:    true,
			Admin:        true,
		},
	}
}

// checkQuestion refuses an empty or too long question or a rate-limited
// user before the command is acknowledged, so the refusal is ephemeral.
func (b *Bot) checkQuestion(_ context.Context, inv *Invocation) *Reply {
	text := inv.String(optText)
	r, outcome, _ := b.precheck(question{trigger: TriggerSlash, user: inv.User.ID, text: text, locale: inv.Interaction.Locale})
	if r != nil {
		b.observe(QuestionEvent{Trigger: TriggerSlash, Outcome: outcome, Chars: utf8.RuneCountInString(strings.TrimSpace(text))}, inv.User.ID)
	}
	return r
}

// handleQuestion answers /question; in LLM mode the deferred response shows
// the answer as it is written.
func (b *Bot) handleQuestion(ctx context.Context, inv *Invocation) Reply {
	r, ev := b.ask(ctx, question{trigger: TriggerSlash, user: inv.User.ID, text: inv.String(optText), locale: inv.Interaction.Locale}, inv.live)
	_, _ = inv.live.finish(ctx) // runCommand logs a failure
	ev.Partials = inv.live.partials()
	b.observe(ev, inv.User.ID)
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
	base := b.base()
	if base == nil || len(base.Documents()) == 0 {
		return notice(v.say(msgNoDocuments, nil))
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
	base := b.base()
	if base == nil || len(base.Documents()) == 0 {
		return notice(v.say(msgNoDocuments, nil))
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
	base := b.base()
	if base == nil || len(base.Documents()) == 0 {
		return notice(v.say(msgNoDocuments, nil))
	}
	doc, r := b.findDocument(v, base, inv.String(optDocument))
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
