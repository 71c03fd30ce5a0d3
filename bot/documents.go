package bot

import (
	"context"
	"path"
	"strings"

	"github.com/articlebot/articlebot/internal/article"
	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/knowledge"
)

// This file holds the commands that change or list the documents:
// /ajouter and /retirer (admins), /documents (everyone). Their replies are
// built in documents_reply.go.

// DocumentEditor adds and removes documents of the knowledge directory,
// each change validated like a reload and undone if the reload fails (a
// *knowledge.Editor).
type DocumentEditor interface {
	Add(ctx context.Context, name string, raw []byte, replace bool) (knowledge.Diff, error)
	Remove(ctx context.Context, id string) (knowledge.Diff, error)
}

// Fetcher fetches one URL within its bounds (a *fetch.Fetcher).
type Fetcher interface {
	Fetch(ctx context.Context, rawURL string) (fetch.Page, error)
}

// handleDocuments lists the loaded documents (everyone).
func (b *Bot) handleDocuments(_ context.Context, inv *Invocation) Reply {
	v := b.voice(inv.lang())
	base, r := b.loadedBase(v)
	if r != nil {
		return *r
	}
	return documentListReply(v, base)
}

// handleAdd adds the attached file or the article at url (admins): the
// document is read, validated with the whole directory as a reload would,
// written and loaded; the reply is the reload's diff and the new
// document's passages and key figures. A refusal says why; nothing is
// written then.
func (b *Bot) handleAdd(ctx context.Context, inv *Invocation) Reply {
	v := b.voice(inv.lang())
	if b.opts.Documents == nil {
		return notice(v.say(msgNoEditing, nil))
	}
	att, rawURL := inv.Attachment(optFile), strings.TrimSpace(inv.String(optURL))
	if (att == nil) == (rawURL == "") {
		return notice(v.say(msgAddOneOf, nil))
	}
	var (
		name string
		raw  []byte
		r    *Reply
		from = "url"
	)
	if att != nil {
		from = "attachment"
		name, raw, r = b.readAttachment(ctx, v, att.Filename, att.URL)
	} else {
		name, raw, r = b.readPage(ctx, v, rawURL)
	}
	if r != nil {
		return *r
	}
	replace := inv.Bool(optReplace)
	d, err := b.opts.Documents.Add(ctx, name, raw, replace)
	if err != nil {
		b.log.Warn("document refused", "user", inv.UserID, "from", from, "file", knowledge.DisplayPath(name), "err", err)
		return addRefusedReply(v, name, err)
	}
	id := strings.TrimSuffix(name, path.Ext(name))
	b.log.Info("document added", "user", inv.UserID, "from", from, "file", knowledge.DisplayPath(name), "replace", replace,
		"documents", d.Documents, "passages", d.Passages)
	return addedReply(v, b.base(), id, d)
}

// readAttachment fetches an attached .md or .txt file from Discord's CDN.
func (b *Bot) readAttachment(ctx context.Context, v voice, filename, cdnURL string) (string, []byte, *Reply) {
	if b.opts.Attachments == nil {
		r := notice(v.say(msgNoAttachments, nil))
		return "", nil, &r
	}
	name := path.Base(filename)
	if ext := strings.ToLower(path.Ext(name)); ext != ".md" && ext != ".txt" {
		r := notice(refused(v, v.say("why_not_a_document", args{"Name": codeSpan(name)})))
		return "", nil, &r
	}
	page, err := b.opts.Attachments.Fetch(ctx, cdnURL)
	if err != nil {
		b.log.Warn("attachment not fetched", "file", knowledge.DisplayPath(name), "err", err)
		r := fetchRefusedReply(v, err, true)
		return "", nil, &r
	}
	return name, page.Body, nil
}

// readPage fetches a web page and writes its article as a document.
func (b *Bot) readPage(ctx context.Context, v voice, rawURL string) (string, []byte, *Reply) {
	if b.opts.Pages == nil {
		r := notice(v.say(msgNoPages, nil))
		return "", nil, &r
	}
	page, err := b.opts.Pages.Fetch(ctx, rawURL)
	if err != nil {
		b.log.Warn("page not fetched", "err", err)
		r := fetchRefusedReply(v, err, false)
		return "", nil, &r
	}
	a, err := article.Extract(page.Body, page.ContentType, page.URL)
	if err != nil {
		b.log.Warn("no article in the page", "host", page.URL.Hostname(), "err", err)
		r := notice(refused(v, v.say("why_no_article", nil)))
		return "", nil, &r
	}
	return a.FileName(), a.Markdown(), nil
}

// handleRemove asks the admin to confirm the removal of a document with a
// button that only they may click, for confirmTTL.
func (b *Bot) handleRemove(_ context.Context, inv *Invocation) Reply {
	v := b.voice(inv.lang())
	if b.opts.Documents == nil {
		return notice(v.say(msgNoEditing, nil))
	}
	_, doc, r := b.loadedDocument(v, inv.String(optDocument))
	if r != nil {
		return *r
	}
	nonce := b.confirms.add(pendingConfirm{command: cmdRemove, subject: doc.ID, user: inv.UserID}, b.opts.Now())
	return confirmRemoveReply(v, doc, nonce)
}

// Actions of the /retirer buttons (custom_id "retirer:<nonce>:<action>").
const (
	actionConfirm = "oui"
	actionCancel  = "non"
)

func removeCustomID(nonce, action string) string { return cmdRemove + ":" + nonce + ":" + action }

// parseClick splits a custom_id of command's buttons into its nonce and
// action.
func parseClick(command, customID string) (nonce, action string, ok bool) {
	parts := strings.Split(customID, ":")
	if len(parts) != 3 || parts[0] != command || parts[1] == "" {
		return "", "", false
	}
	if parts[2] != actionConfirm && parts[2] != actionCancel {
		return "", "", false
	}
	return parts[1], parts[2], true
}

// checkRemoveClick refuses a click on a /retirer button that is not valid:
// unknown or already used, expired, or not from the admin who asked.
func (b *Bot) checkRemoveClick(_ context.Context, inv *Invocation) *Reply {
	v := b.voice(inv.lang())
	nonce, _, ok := parseClick(cmdRemove, inv.CustomID)
	if !ok {
		r := notice(v.say(msgConfirmUnknown, nil))
		return &r
	}
	_, st := b.confirms.check(cmdRemove, nonce, inv.UserID, b.opts.Now())
	return confirmRefusal(v, st)
}

// clickRemove removes the document once confirmed (or says it stays).
func (b *Bot) clickRemove(ctx context.Context, inv *Invocation) Reply {
	v := b.voice(inv.lang())
	nonce, action, _ := parseClick(cmdRemove, inv.CustomID)
	p, st := b.confirms.take(cmdRemove, nonce, inv.UserID, b.opts.Now())
	if r := confirmRefusal(v, st); r != nil {
		return *r
	}
	title := p.subject
	if base := b.base(); base != nil {
		title = docTitle(base, p.subject)
	}
	if action == actionCancel {
		return notice(v.say("remove_cancelled", args{"Title": escapeMarkdown(title)}))
	}
	d, err := b.opts.Documents.Remove(ctx, p.subject)
	if err != nil {
		b.log.Warn("document not removed", "user", inv.UserID, "document", p.subject, "err", err)
		return removeRefusedReply(v, p.subject, err)
	}
	b.log.Info("document removed", "user", inv.UserID, "document", p.subject, "documents", d.Documents, "passages", d.Passages)
	return removedReply(v, title, d)
}
