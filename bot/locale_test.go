package bot

import (
	"context"
	"log/slog"
	"testing"

	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/prompts"
)

// fr is message key in French, as the embedded catalogue words it.
func fr(key msgKey) string {
	return voice{lang: langFR, p: prompts.Default(), log: slog.Default()}.say(key, nil)
}

// localeCases are more replies of TestGolden: those of the document
// commands in French and English (en/…), and the other replies to a member
// whose Discord is in English: the same layouts, worded by the English
// catalogue.
func localeCases(t *testing.T, b *Bot, base, two *knowledge.Base) map[string]Reply {
	t.Helper()
	ctx := context.Background()
	en := b.voice(langEN)
	doc := base.Documents()[0]
	p4, _ := base.Passage(doc.ID, 4)
	slash := func(q string) Reply {
		r, _ := b.ask(ctx, question{trigger: TriggerSlash, user: "u", text: q, locale: localeEnglishUS}, nil)
		return r
	}
	port, _ := two.Document("port")
	cases := map[string]Reply{}
	for prefix, v := range map[string]voice{"": b.voice(langFR), "en/": en} {
		cases[prefix+"documents-list"] = documentListReply(v, two)
		cases[prefix+"document-added"] = addedReply(v, two, "port", knowledge.Diff{DocsAdded: []string{"port"}, PassagesAdded: 1, Documents: 2, Passages: 5})
		cases[prefix+"document-refused"] = fetchRefusedReply(v, fetch.ErrBlockedAddress, false)
		cases[prefix+"remove-confirm"] = confirmRemoveReply(v, port, "0123456789abcdef")
		cases[prefix+"remove-last"] = removeRefusedReply(v, "port", knowledge.ErrNoDocuments)
		cases[prefix+"document-refused-file"] = addRefusedReply(v, "latin1.txt", &knowledge.LoadError{Problems: []*knowledge.FileError{
			{Path: "latin1.txt", Err: knowledge.ErrNotUTF8}}})
		cases[prefix+"document-refused-load"] = addRefusedReply(v, "port.md", &knowledge.LoadError{Problems: []*knowledge.FileError{
			{Path: "port.txt", Err: &knowledge.DuplicateIDError{ID: "port", Other: "port.md"}},
			{Path: "gros.md", Err: &knowledge.SizeError{Size: 6 << 20, Limit: 5 << 20}}}})
	}
	for name, r := range map[string]Reply{
		"en/answer":      slash("Combien de salariés emploie le secteur ?"),
		"en/notfound":    slash("Combien d'infractions ont été relevées ?"),
		"en/help":        b.helpReply(langEN),
		"en/figures":     figuresReply(en, base, nil),
		"en/document":    documentReply(en, doc),
		"en/documents":   documentsReply(en, two),
		"en/passage":     passageReply(en, doc, p4),
		"en/summary":     summaryReply(en, doc, b.opts.Summarize(doc, summarySentences), 1),
		"en/reload-diff": reloadReply(en, knowledge.Diff{DocsAdded: []string{"port"}, DocsChanged: []string{"centres-d-appels-offshoring"}, PassagesAdded: 3, PassagesChanged: 1, Documents: 2, Passages: 7}, nil),
		"en/reload-same": reloadReply(en, knowledge.Diff{Documents: 1, Passages: 1, Skipped: []string{"a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf", "f.pdf", "g.pdf", "h.pdf", "i.pdf", "j.pdf", "k.pdf"}}, nil),
		"en/reload-refused": reloadReply(en, knowledge.Diff{}, &knowledge.LoadError{Problems: []*knowledge.FileError{
			{Path: "latin1.txt", Err: knowledge.ErrNotUTF8}}}),
		"en/unanswered": unansweredReply(en, []unanswered.Entry{{Question: "Who is the CEO of Intelcia?", Count: 2}}),
		"en/partial":    b.partialRenderer(langEN)("The sector employs nearly 80.000 people [4"),
	} {
		cases[name] = r
	}
	return cases
}

func TestReplyLanguage(t *testing.T) {
	tests := []struct {
		locale   string
		question string
		want     string
	}{
		{"en-US", "", langEN},
		{"en-GB", "Combien de salariés emploie le secteur ?", langEN},
		{"fr", "", langFR},
		{"fr", "Combien de salariés emploie le secteur ?", langFR},
		{"de", "", langFR},
		{"", "", langFR}, // a message: no locale
		{"", "Combien de salariés emploie le secteur ?", langFR},
		{"", "How many employees does the sector have?", langEN},
		{"fr", "How many employees does the sector have?", langEN}, // the question's own language
	}
	for _, tt := range tests {
		if got := questionLang(tt.locale, tt.question); got != tt.want {
			t.Errorf("questionLang(%q, %q) = %s, want %s", tt.locale, tt.question, got, tt.want)
		}
	}
	for locale, want := range map[string]string{"en-US": langEN, "en-GB": langEN, "fr": langFR, "es-ES": langFR, "": langFR} {
		if got := localeLang(locale); got != want {
			t.Errorf("localeLang(%q) = %s, want %s", locale, got, want)
		}
	}
}
