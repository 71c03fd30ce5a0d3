package bot

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/knowledge"
)

// This file builds the replies of /ajouter, /retirer and /documents; it
// never talks to Discord. All their user-facing text is here (French, as
// the other replies).

// Messages of the document commands.
const (
	msgNoEditing      = "L'ajout et le retrait de documents ne sont pas disponibles sur ce bot : il n'a pas de répertoire de documents (`knowledge.dir`)."
	msgNoPages        = "L'ajout d'articles par leur adresse n'est pas disponible sur ce bot."
	msgNoAttachments  = "L'ajout de fichiers n'est pas disponible sur ce bot."
	msgAddOneOf       = "Donnez soit un fichier .md ou .txt (`fichier:`), soit l'adresse d'un article (`url:`), l'un des deux."
	msgNoArticle      = "je ne trouve pas de texte d'article sur cette page (page d'accueil, article réservé aux abonnés ?)."
	msgConfirmUnknown = "Cette demande de retrait n'est plus valable (déjà traitée, ou le bot a redémarré depuis). Relancez /retirer."
	msgConfirmExpired = "Cette demande de retrait a expiré. Relancez /retirer."
	msgConfirmNotMine = "Seul l'administrateur qui a lancé ce /retirer peut le confirmer."
	msgLastDocument   = "c'est le dernier document : la base serait vide."
	labelRemove       = "Retirer"
	labelCancel       = "Annuler"
	maxAddedFigures   = 10
)

// msgRefused starts a refusal to add a document: nothing was written.
func msgRefused(why string) string {
	return "**Document refusé** : " + why + " Rien n'a été écrit, la base reste inchangée."
}

func msgNotADocument(name string) string {
	return msgRefused(fmt.Sprintf("le fichier %s n'est ni un .md ni un .txt.", codeSpan(name)))
}

func msgRemoveCancelled(title string) string {
	return "Retrait annulé : « " + escapeMarkdown(title) + " » reste dans la base."
}

// fetchReason says why a page or an attachment could not be fetched.
func fetchReason(err error, attachment bool) string {
	var se *fetch.StatusError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("le site a répondu par une erreur (HTTP %d).", se.Code)
	case errors.Is(err, fetch.ErrScheme):
		return "seules les adresses http et https sont acceptées."
	case errors.Is(err, fetch.ErrBadURL):
		return "cette adresse n'est pas utilisable (adresse complète en http ou https, sans identifiants)."
	case errors.Is(err, fetch.ErrHostNotAllowed) && attachment:
		return "ce fichier ne vient pas de Discord."
	case errors.Is(err, fetch.ErrHostNotAllowed):
		return "ce site n'est pas dans la liste des sites autorisés (`knowledge.fetch.allow_hosts`)."
	case errors.Is(err, fetch.ErrBlockedAddress):
		return "cette adresse mène à un réseau privé ou interne : je ne la consulte pas."
	case errors.Is(err, fetch.ErrTooManyRedirects):
		return "la page redirige trop de fois."
	case errors.Is(err, fetch.ErrContentType) && attachment:
		return "ce fichier n'est pas du texte."
	case errors.Is(err, fetch.ErrContentType):
		return "ce n'est pas une page web (HTML)."
	case errors.Is(err, fetch.ErrTooLarge) && attachment:
		return "le fichier est trop volumineux."
	case errors.Is(err, fetch.ErrTooLarge):
		return "la page est trop volumineuse."
	case errors.Is(err, fetch.ErrTimeout):
		return "le site a mis trop de temps à répondre."
	case attachment:
		return "je n'ai pas pu télécharger le fichier."
	default:
		return "je n'arrive pas à joindre ce site."
	}
}

func fetchRefusedReply(err error, attachment bool) Reply {
	return notice(msgRefused(fetchReason(err, attachment)))
}

// addRefusedReply says why the document name was not added.
func addRefusedReply(name string, err error) Reply {
	var le *knowledge.LoadError
	switch {
	case errors.Is(err, knowledge.ErrFileExists):
		return notice(msgRefused(fmt.Sprintf("un fichier %s existe déjà ; pour le remplacer, relancez la commande avec `remplacer:True`.", codeSpan(name))))
	case errors.As(err, &le):
		var b strings.Builder
		b.WriteString(msgRefused("la base ne se chargerait plus avec ce document :"))
		for _, p := range le.Problems {
			b.WriteString("\n• " + codeSpan(p.Path) + " : " + escapeMarkdown(p.Err.Error()))
		}
		return notice(b.String())
	default:
		return notice(msgRefused(codeSpan(name) + " : " + escapeMarkdown(err.Error()) + "."))
	}
}

// addedReply shows what adding document id changed: the reload's diff,
// then the document with its passages and key figures.
func addedReply(base *knowledge.Base, id string, d knowledge.Diff) Reply {
	r := reloadReply(d, nil)
	if base == nil {
		return r
	}
	doc, ok := base.Document(id)
	if !ok {
		return r
	}
	verb := "remplacé" // it was there before
	if slices.Contains(d.DocsAdded, id) {
		verb = "ajouté"
	}
	r.Content = fmt.Sprintf("**Document %s** : « %s ».\n", verb, escapeMarkdown(doc.Title)) + r.Content
	e := documentEmbed(doc)
	var lines []string
	if len(doc.Passages) > 0 {
		lines = append(lines, "> "+escapeMarkdown(truncate(doc.Passages[0].Text, 300)))
	}
	figs := base.DocumentFigures(id)
	if len(figs) > 0 {
		lines = append(lines, "", fmt.Sprintf("**Chiffres clés** (%d)", len(figs)))
		for _, f := range figs[:min(len(figs), maxAddedFigures)] {
			line := "• **" + escapeMarkdown(f.Text) + "**"
			if l := f.Label(); l != "" {
				line += " : " + escapeMarkdown(l)
			}
			lines = append(lines, line+" (§"+strconv.Itoa(f.Passage)+")")
		}
	}
	e.Description = strings.Join(lines, "\n")
	e.Footer = &discordgo.MessageEmbedFooter{Text: "Un passage : /source document:" + doc.ID + " — pour le retirer : /retirer document:" + doc.ID}
	r.Embeds = []*discordgo.MessageEmbed{e}
	return r
}

// documentEmbed is a document's card: title linked to its source, and its
// identifier, source, date, language, author and passages.
func documentEmbed(doc knowledge.Document) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: truncate(printable(doc.Title), MaxEmbedTitle), URL: webURL(doc.Source), Color: colorInfo}
	add := func(name, value string) {
		if value != "" {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: truncate(value, 1024), Inline: true})
		}
	}
	add("Identifiant", codeSpan(doc.ID))
	add("Source", sourceLink(doc.Source))
	add("Date", escapeMarkdown(doc.Date))
	add("Langue", escapeMarkdown(doc.Lang))
	add("Auteur", escapeMarkdown(doc.Author))
	add("Passages", strconv.Itoa(len(doc.Passages)))
	return e
}

// sourceLink shows a document's source: its host linked to it when it is a
// web address, else the text, escaped.
func sourceLink(source string) string {
	u := webURL(source)
	if u == "" {
		return escapeMarkdown(truncate(source, 200))
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return ""
	}
	link := strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(u)
	return "[" + escapeMarkdown(parsed.Hostname()) + "](" + link + ")"
}

// documentListReply lists every loaded document for /documents.
func documentListReply(base *knowledge.Base) Reply {
	docs := base.Documents()
	var lines []string
	for _, d := range docs {
		details := []string{codeSpan(d.ID)}
		if s := sourceLink(d.Source); s != "" {
			details = append(details, s)
		}
		if d.Date != "" {
			details = append(details, escapeMarkdown(d.Date))
		}
		details = append(details, plural(len(d.Passages), "passage"))
		if d.Lang != "" {
			details = append(details, "langue "+escapeMarkdown(d.Lang))
		}
		lines = append(lines, "• **"+escapeMarkdown(d.Title)+"**\n  "+strings.Join(details, " · "))
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       fmt.Sprintf("Documents (%d)", len(docs)),
		Description: strings.Join(lines, "\n"),
		Color:       colorInfo,
		Footer:      &discordgo.MessageEmbedFooter{Text: "Détails et passages : /source document:<identifiant>"},
	}}}
}

// confirmRemoveReply asks to confirm the removal of doc, with the buttons
// of the pending confirmation nonce.
func confirmRemoveReply(doc knowledge.Document, nonce string) Reply {
	text := fmt.Sprintf("Retirer « **%s** » (%s, %s, fichier %s) de la base ? Les membres ne pourront plus l'interroger. "+
		"Confirmez dans les %s.", escapeMarkdown(doc.Title), codeSpan(doc.ID), plural(len(doc.Passages), "passage"),
		codeSpan(knowledge.DisplayPath(doc.Path)), frDuration(confirmTTL))
	return Reply{Content: text, Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: labelRemove, Style: discordgo.DangerButton, CustomID: removeCustomID(nonce, actionConfirm)},
		discordgo.Button{Label: labelCancel, Style: discordgo.SecondaryButton, CustomID: removeCustomID(nonce, actionCancel)},
	}}}}
}

// confirmRefusal says why a confirmation click is refused (nil: it is not).
func confirmRefusal(st confirmState) *Reply {
	var r Reply
	switch st {
	case confirmOK:
		return nil
	case confirmExpired:
		r = notice(msgConfirmExpired)
	case confirmNotYours:
		r = notice(msgConfirmNotMine)
	default:
		r = notice(msgConfirmUnknown)
	}
	return &r
}

// removeRefusedReply says why document id stays.
func removeRefusedReply(id string, err error) Reply {
	why := escapeMarkdown(err.Error())
	switch {
	case errors.Is(err, knowledge.ErrNoDocuments):
		why = msgLastDocument
	case errors.Is(err, knowledge.ErrNoSuchDocument):
		why = "il n'est plus dans la base."
	}
	r := reloadReply(knowledge.Diff{}, err)
	var le *knowledge.LoadError
	if errors.As(err, &le) {
		r.Content = "**Retrait refusé** : " + codeSpan(id) + " reste dans la base." + strings.TrimPrefix(r.Content, "**Rechargement refusé** : la base précédente reste en service.")
		return r
	}
	return notice("**Retrait refusé** : " + codeSpan(id) + " reste dans la base, car " + why)
}

// removedReply shows what removing a document changed.
func removedReply(title string, d knowledge.Diff) Reply {
	r := reloadReply(d, nil)
	r.Content = "**Document retiré** : « " + escapeMarkdown(title) + " ».\n" + r.Content
	return r
}
