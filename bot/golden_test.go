package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/prompts"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run TestGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update to accept):\n%s", name, got)
	}
}

// sentMessages is what the adapter would send for r: one entry per message.
type sentMessage struct {
	Content string   `json:"content,omitempty"`
	Embeds  []*Embed `json:"embeds,omitempty"`
}

func rendered(b *Bot, r Reply) []sentMessage {
	var out []sentMessage
	for _, p := range b.Messages(r) {
		out = append(out, sentMessage{Content: p.Content, Embeds: p.Embeds})
	}
	return out
}

// renderBot is a bot that is never connected, over the embedded article.
func renderBot(t *testing.T, style string) (*Bot, *knowledge.Store) {
	t.Helper()
	store := knowledge.NewStore(knowledge.FSSource(knowledge.DefaultFS()), knowledge.Options{})
	if _, err := store.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{Answerer: answer.New(store, prompts.Default(), answer.Options{}), Knowledge: store, Reloader: store,
		ReplyStyle: style, RateLimit: 5, Channels: []string{"1000000000000000020"}})
	if err != nil {
		t.Fatal(err)
	}
	return b, store
}

func TestGolden(t *testing.T) {
	ctx := context.Background()
	for _, style := range []string{StyleEmbed, StyleText} {
		b, store := renderBot(t, style)
		base := store.Base()
		doc := base.Documents()[0]
		p4, _ := base.Passage(doc.ID, 4)
		ask := func(q string) Reply {
			r, _ := b.ask(ctx, question{trigger: TriggerDM, user: "u", text: q}, nil)
			return r
		}
		fr := b.voice(langFR)
		cases := map[string]Reply{
			"answer":         ask("Combien de salariés emploie le secteur ?"),
			"answer-en":      ask("How many employees does the sector have?"),
			"notfound":       ask("Combien d'infractions ont été relevées ?"),
			"figures":        figuresReply(fr, base, nil),
			"document":       documentReply(fr, doc),
			"passage":        passageReply(fr, doc, p4),
			"summary":        summaryReply(fr, doc, b.opts.Summarize(doc, summarySentences), 0),
			"help":           b.helpReply(langFR),
			"reload-diff":    reloadReply(fr, knowledge.Diff{DocsAdded: []string{"port"}, DocsChanged: []string{"centres-d-appels-offshoring"}, PassagesAdded: 3, PassagesChanged: 1, Documents: 2, Passages: 7}, nil),
			"reload-same":    reloadReply(fr, knowledge.Diff{Documents: 1, Passages: 4}, nil),
			"reload-skipped": reloadReply(fr, knowledge.Diff{Documents: 1, Passages: 4, Skipped: []string{"rapport.pdf", "sub/evil\x1b[2J.png"}}, nil),
			"reload-diff-skipped": reloadReply(fr, knowledge.Diff{DocsAdded: []string{"port"}, PassagesAdded: 3, Documents: 2, Passages: 7,
				Skipped: []string{"a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf", "f.pdf", "g.pdf", "h.pdf", "i.pdf", "j.pdf", "k.pdf", "l.pdf"}}, nil),
			"reload-refused": reloadReply(fr, knowledge.Diff{}, &knowledge.LoadError{Problems: []*knowledge.FileError{
				{Path: "latin1.txt", Err: knowledge.ErrNotUTF8}, {Path: "bad-front.md", Err: knowledge.ErrFrontMatter}}}),
			"reload-error": reloadReply(fr, knowledge.Diff{}, errors.New("reload: open /kb: permission denied")),
		}
		two := twoDocBase(t)
		cases["documents"] = documentsReply(fr, two)
		cases["figures-two-documents"] = figuresReply(fr, two, nil)
		cases["figures-many-documents"] = figuresReply(fr, manyDocBase(t, 12), nil)
		for name, r := range localeCases(t, b, base, two) {
			cases[name] = r
		}
		llm := answer.Answer{Text: "Le secteur emploie près de 80.000 salariés [1].", Found: true, Mode: answer.ModeLLM, Lang: "fr",
			Note: "réponse vérifiée", Sources: []answer.Source{{Doc: "port", Title: "Le port", Passage: 1}}}
		cases["answer-llm"] = b.answerReply(llm)
		fallback := answer.Answer{Text: "> Pour rappel, le secteur emploie près de 80.000 salariés.", Found: true, Mode: answer.ModeTemplate, Lang: "fr",
			Note: "le modèle a échoué : réponse par modèle de texte"}
		cases["answer-fallback"] = b.answerReply(fallback)
		cases["partial"] = b.partialRenderer(langFR)("Le secteur emploie près de 80.000 salariés [4")
		cases["partial-long"] = b.partialRenderer(langEN)(strings.Repeat("Une phrase assez longue du modèle. ", 200))
		last := time.Date(2026, 3, 1, 14, 5, 0, 0, time.UTC)
		cases["unanswered"] = unansweredReply(fr, []unanswered.Entry{
			{Question: "Combien d'infractions ont été relevées ?", Count: 4, Last: last},
			{Question: "Qui est *le* `PDG` de <@123> ?", Count: 1, Last: last.Add(-time.Hour)},
		})
		cases["unanswered-empty"] = unansweredReply(fr, nil)
		for name, r := range cases {
			t.Run(style+"/"+name, func(t *testing.T) {
				golden(t, style+"/"+name+".json", mustJSON(t, rendered(b, r)))
			})
		}
	}
}

// twoDocBase is the embedded article plus a short second document.
func twoDocBase(t *testing.T) *knowledge.Base {
	t.Helper()
	article, err := fs.ReadFile(knowledge.DefaultFS(), "centres-d-appels-offshoring.md")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"centres-d-appels-offshoring.md": {Data: article},
		"port.md": {Data: []byte("---\ntitle: Le port de Tanger Med\nsource: https://example.org/port\ndate: 2021-01-01\n---\n\n" +
			"Le port a traité 7 millions de conteneurs en 2021, soit 24% de plus qu'en 2020.\n")},
	}
	base, err := knowledge.Load(context.Background(), fsys, knowledge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return base
}

// manyDocBase is a base of n short documents with three figures each.
func manyDocBase(t *testing.T, n int) *knowledge.Base {
	t.Helper()
	fsys := fstest.MapFS{}
	for i := range n {
		fsys[fmt.Sprintf("port-%02d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"# Le port n° %d\n\nLe port a traité %d millions de conteneurs, soit %d %% de plus, avec %d grues.\n", i, i+2, i+10, i+30)}
	}
	base, err := knowledge.Load(context.Background(), fsys, knowledge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return base
}

func TestErrorReply(t *testing.T) {
	b, _ := renderBot(t, StyleEmbed)
	for _, tc := range []struct {
		err     error
		outcome string
		want    string
	}{
		{answer.ErrEmptyQuestion, OutcomeRefused, fr(msgEmpty)},
		{fmt.Errorf("%w: 900 characters", answer.ErrQuestionTooLong), OutcomeRefused, "un peu longue (3 caractères) : j'en lis 500"},
		{answer.ErrNoKnowledge, OutcomeError, fr(msgNoKnowledge)},
		{errors.New("index closed"), OutcomeError, fr(msgError)},
	} {
		r, outcome := b.errorReply(tc.err, question{text: "abc"})
		if outcome != tc.outcome || !strings.Contains(r.Content, tc.want) {
			t.Errorf("%v: %q, %s; want %q, %s", tc.err, r.Content, outcome, tc.want, tc.outcome)
		}
	}
}
