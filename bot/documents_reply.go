package bot

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/knowledge"
)

// This file builds the replies of /ajouter, /retirer and /documents; it
// never talks to Discord. Their words are in the message catalogue (see
// locale.go), in French and English.

// Messages of the document commands.
const (
	msgNoEditing      msgKey = "no_editing"
	msgNoPages        msgKey = "no_pages"
	msgNoAttachments  msgKey = "no_attachments"
	msgAddOneOf       msgKey = "add_one_of"
	msgConfirmUnknown msgKey = "confirm_unknown"
	msgConfirmExpired msgKey = "confirm_expired"
	msgConfirmNotMine msgKey = "confirm_not_mine"
	maxAddedFigures          = 10
)

// refused is a refusal to add a document, for the reason why: nothing was
// written.
func refused(v voice, why string) string {
	return v.say("add_refused", args{"Why": why})
}

// fetchReason says why a page or an attachment could not be fetched.
func fetchReason(v voice, err error, attachment bool) string {
	var se *fetch.StatusError
	key := msgKey("why_unreachable")
	switch {
	case errors.As(err, &se):
		return v.say("why_http_status", args{"Code": se.Code})
	case errors.Is(err, fetch.ErrScheme):
		key = "why_scheme"
	case errors.Is(err, fetch.ErrBadURL):
		key = "why_bad_url"
	case errors.Is(err, fetch.ErrHostNotAllowed) && attachment:
		key = "why_not_from_discord"
	case errors.Is(err, fetch.ErrHostNotAllowed):
		key = "why_host_not_allowed"
	case errors.Is(err, fetch.ErrBlockedAddress):
		key = "why_private_address"
	case errors.Is(err, fetch.ErrTooManyRedirects):
		key = "why_redirects"
	case errors.Is(err, fetch.ErrContentType) && attachment:
		key = "why_file_not_text"
	case errors.Is(err, fetch.ErrContentType):
		key = "why_not_html"
	case errors.Is(err, fetch.ErrTooLarge) && attachment:
		key = "why_file_too_large"
	case errors.Is(err, fetch.ErrTooLarge):
		key = "why_page_too_large"
	case errors.Is(err, fetch.ErrTimeout):
		key = "why_timeout"
	case attachment:
		key = "why_no_download"
	}
	return v.say(key, nil)
}

func fetchRefusedReply(v voice, err error, attachment bool) Reply {
	return notice(refused(v, fetchReason(v, err, attachment)))
}

// addRefusedReply says why the document name was not added, in v's
// language: the reason its file was refused, or the files that would keep
// the directory from loading with it. The loader's own words are for the
// log.
func addRefusedReply(v voice, name string, err error) Reply {
	var le *knowledge.LoadError
	switch {
	case errors.Is(err, knowledge.ErrFileExists):
		return notice(refused(v, v.say("why_file_exists", args{"Name": codeSpan(name)})))
	case errors.As(err, &le) && (len(le.Problems) != 1 || le.Problems[0].Path != name):
		var b strings.Builder
		b.WriteString(refused(v, v.say("why_would_not_load", nil)))
		writeProblems(v, &b, le.Problems)
		return notice(b.String())
	default:
		return notice(refused(v, v.say(msgWhyFile, args{"Name": codeSpan(name), "Reason": refusalReason(v, err)})))
	}
}

// addedReply shows what adding document id changed: the reload's diff,
// then the document with its passages and key figures.
func addedReply(v voice, base *knowledge.Base, id string, d knowledge.Diff) Reply {
	r := reloadReply(v, d, nil)
	if base == nil {
		return r
	}
	doc, ok := base.Document(id)
	if !ok {
		return r
	}
	key := msgKey("document_replaced") // it was there before
	if slices.Contains(d.DocsAdded, id) {
		key = "document_added"
	}
	r.Content = v.say(key, args{"Title": escapeMarkdown(doc.Title)}) + "\n" + r.Content
	e := documentEmbed(v, doc)
	var lines []string
	if len(doc.Passages) > 0 {
		lines = append(lines, "> "+escapeMarkdown(truncate(doc.Passages[0].Text, 300)))
	}
	figs := base.DocumentFigures(id)
	if len(figs) > 0 {
		lines = append(lines, "", v.say("added_figures", args{"N": len(figs)}))
		for _, f := range figs[:min(len(figs), maxAddedFigures)] {
			lines = append(lines, v.say("added_figure", args{"Text": escapeMarkdown(f.Text), "Label": escapeMarkdown(f.Label()), "Passage": f.Passage}))
		}
	}
	e.Description = strings.Join(lines, "\n")
	e.Footer = &Footer{Text: v.say("added_footer", args{"ID": doc.ID})}
	r.Embeds = []*Embed{e}
	return r
}

// documentEmbed is a document's card: title linked to its source, and its
// identifier, source, date, language, author and passages.
func documentEmbed(v voice, doc knowledge.Document) *Embed {
	e := &Embed{Title: truncate(printable(doc.Title), MaxEmbedTitle), URL: webURL(doc.Source), Color: colorInfo}
	add := func(name, value string) {
		if value != "" {
			e.Fields = append(e.Fields, &Field{Name: name, Value: truncate(value, 1024), Inline: true})
		}
	}
	add(v.say("document_id", nil), codeSpan(doc.ID))
	add(v.say("document_source", nil), sourceLink(doc.Source))
	add(v.say("document_date", nil), escapeMarkdown(doc.Date))
	add(v.say("document_lang", nil), escapeMarkdown(doc.Lang))
	add(v.say("document_author", nil), escapeMarkdown(doc.Author))
	add(v.say("document_passages", nil), strconv.Itoa(len(doc.Passages)))
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
func documentListReply(v voice, base *knowledge.Base) Reply {
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
		details = append(details, count(v, "n_passages", len(d.Passages)))
		if d.Lang != "" {
			details = append(details, v.say("documents_lang", args{"Lang": escapeMarkdown(d.Lang)}))
		}
		lines = append(lines, "• **"+escapeMarkdown(d.Title)+"**\n  "+strings.Join(details, " · "))
	}
	return Reply{Embeds: []*Embed{{
		Title:       v.say("documents_title", args{"N": len(docs)}),
		Description: strings.Join(lines, "\n"),
		Color:       colorInfo,
		Footer:      &Footer{Text: v.say("documents_list_footer", nil)},
	}}}
}

// confirmRemoveReply asks to confirm the removal of doc, with the buttons
// of the pending confirmation nonce.
func confirmRemoveReply(v voice, doc knowledge.Document, nonce string) Reply {
	text := v.say("confirm_remove", args{"Title": escapeMarkdown(doc.Title), "ID": codeSpan(doc.ID), "Passages": count(v, "n_passages", len(doc.Passages)),
		"File": codeSpan(knowledge.DisplayPath(doc.Path)), "Wait": frDuration(confirmTTL)})
	return Reply{Content: text, Buttons: []Button{
		{Label: v.say("button_remove", nil), Style: ButtonDanger, CustomID: removeCustomID(nonce, actionConfirm)},
		{Label: v.say("button_cancel", nil), Style: ButtonSecondary, CustomID: removeCustomID(nonce, actionCancel)},
	}}
}

// confirmRefusal says why a confirmation click is refused (nil: it is not).
func confirmRefusal(v voice, st confirmState) *Reply {
	var r Reply
	switch st {
	case confirmOK:
		return nil
	case confirmExpired:
		r = notice(v.say(msgConfirmExpired, nil))
	case confirmNotYours:
		r = notice(v.say(msgConfirmNotMine, nil))
	default:
		r = notice(v.say(msgConfirmUnknown, nil))
	}
	return &r
}

// removeRefusedReply says why document id stays.
func removeRefusedReply(v voice, id string, err error) Reply {
	why := v.say(msgWhyRemoveError, nil)
	switch {
	case errors.Is(err, knowledge.ErrNoDocuments):
		why = v.say("why_last_document", nil)
	case errors.Is(err, knowledge.ErrNoSuchDocument):
		why = v.say("why_gone", nil)
	}
	r := reloadReply(v, knowledge.Diff{}, err)
	var le *knowledge.LoadError
	if errors.As(err, &le) {
		r.Content = v.say("remove_refused", args{"ID": codeSpan(id)}) + strings.TrimPrefix(r.Content, v.say("reload_refused", nil))
		return r
	}
	return notice(v.say("remove_refused_because", args{"ID": codeSpan(id), "Why": why}))
}

// removedReply shows what removing a document changed.
func removedReply(v voice, title string, d knowledge.Diff) Reply {
	r := reloadReply(v, d, nil)
	r.Content = v.say("document_removed", args{"Title": escapeMarkdown(title)}) + "\n" + r.Content
	return r
}
