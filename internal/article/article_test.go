package article_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/article"
	"github.com/articlebot/articlebot/internal/fakeweb"
	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/knowledge"
)

// TestExtract fetches the fake site's pages, extracts their article and
// reads the Markdown back with the knowledge parser, as /ajouter does.
func TestExtract(t *testing.T) {
	t.Parallel()
	web := fakeweb.New(t)
	f := fetch.New(fetch.Options{Timeout: 5 * time.Second}, fetch.PermitAddrs(web.Addr()))
	tests := []struct {
		path                     string
		title, author, date, lng string
		file                     string
		has                      []string // passages hold these
		hasNot                   []string // nowhere in the document
		wantErr                  error
	}{
		{
			path: fakeweb.PathArticle, title: "Centres d'appels : le secteur mise sur la formation pour recruter 5.000 jeunes",
			author: "Salma Bennani", date: "2024-03-15", lng: "fr", file: "centres-d-appels-le-secteur-mise-sur-la-formation-pour.md",
			has: []string{"80.000 personnes", "Youssef Amrani", "70 % des stagiaires"},
			hasNot: []string{"Publicité", "crédit immobilier", "Karim_75", "iPhone", "Tous droits réservés", "Se connecter",
				"cookies", "Les plus lus", "Andalousie", "dataLayer"},
		},
		{
			path: fakeweb.PathEnglish, title: "Tanger Med handled 8.6 million containers in 2023", author: "John Carter",
			date: "2024-01-20", lng: "en", file: "tanger-med-handled-8-6-million-containers-in-2023.md",
			has: []string{"8.6 million containers", "1.2 billion euros"}, hasNot: []string{"cheap flights", "First!!!", "Privacy policy"},
		},
		{
			path: fakeweb.PathLatin1, title: "La récolte des agrumes", lng: "fr",
			has: []string{"2,9 millions de tonnes", "ministère", "États-Unis"}, hasNot: []string{"Pied de page", "\ufffd"},
		},
		{
			// Mention tokens stay text (what shows a document escapes them);
			// the title's "---" and "title:" stay in the title.
			path: fakeweb.PathHostile, title: "Le marché du travail @everyone --- title: injecté", author: "<@123456789012345678> @here", lng: "fr",
			has:    []string{"12,1 %", "35,8 %", "Ce paragraphe commence par un dièse", "Un lien vers rien"},
			hasNot: []string{"\u202e", "\a", "alert(", "javascript:", "<img"},
		},
		{path: fakeweb.PathNoArticle, wantErr: article.ErrNoArticle},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			page, err := f.Fetch(context.Background(), web.URL(tt.path))
			if err != nil {
				t.Fatal(err)
			}
			a, err := article.Extract(page.Body, page.ContentType, page.URL)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Extract = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.title != "" && a.Title != tt.title {
				t.Errorf("title %q, want %q", a.Title, tt.title)
			}
			if a.Author != tt.author || a.Date != tt.date || a.Lang != tt.lng {
				t.Errorf("author %q date %q lang %q; want %q %q %q", a.Author, a.Date, a.Lang, tt.author, tt.date, tt.lng)
			}
			if tt.file != "" && a.FileName() != tt.file {
				t.Errorf("file name %q, want %q", a.FileName(), tt.file)
			}
			raw := a.Markdown()
			id := strings.TrimSuffix(a.FileName(), ".md")
			doc, err := knowledge.ParseDocument(id, ".md", raw)
			if err != nil {
				t.Fatalf("the knowledge parser refuses the document: %v\n%s", err, raw)
			}
			if doc.Title != a.Title || doc.Source != web.URL(tt.path) || doc.Author != a.Author || doc.Date != a.Date {
				t.Errorf("front matter read back as title %q source %q author %q date %q", doc.Title, doc.Source, doc.Author, doc.Date)
			}
			if want := a.Lang; want != "" && doc.Lang != want {
				t.Errorf("lang read back %q, want %q", doc.Lang, want)
			}
			var passages []string
			for _, p := range doc.Passages {
				passages = append(passages, p.Text)
			}
			all := strings.Join(passages, "\n")
			for _, s := range tt.has {
				if !strings.Contains(all, s) {
					t.Errorf("passages lack %q:\n%s", s, all)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(string(raw), s) {
					t.Errorf("document holds %q:\n%s", s, raw)
				}
			}
		})
	}
}

// TestMarkdownHostileMetadata: whatever the title or author hold, the front
// matter stays front matter and the knowledge parser reads them back.
func TestMarkdownHostileMetadata(t *testing.T) {
	t.Parallel()
	src, _ := url.Parse("https://example.org/a?b=c#frag")
	for _, title := range []string{
		"---", "title: x\n---\nbody", "\"quoted\" 'single' : colon # hash", "- list", "[flow, seq]", "{a: b}", "&anchor *alias !tag",
		"@everyone <@123> <#456>", "1e3", "true", "null", "2024-01-01", strings.Repeat("très long titre ", 40),
	} {
		a := article.Article{Title: title, Author: title, Source: src.String(),
			Blocks: []article.Block{{Text: "Un paragraphe assez long pour être un passage, avec 3 chiffres."}}}
		doc, err := knowledge.ParseDocument("x", ".md", a.Markdown())
		if err != nil {
			t.Errorf("title %q: %v\n%s", title, err, a.Markdown())
			continue
		}
		if doc.Title != strings.TrimSpace(title) && !strings.Contains(title, "\n") {
			t.Errorf("title %q read back as %q", title, doc.Title)
		}
		if len(doc.Passages) != 1 {
			t.Errorf("title %q: %d passages", title, len(doc.Passages))
		}
	}
}

func TestSlug(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Centres d'appels : l'été", "centres-d-appels-l-ete"},
		{"  --Hello, World!--  ", "hello-world"},
		{"Œuvre à Noël", "uvre-a-noel"},
		{"日本語", "article"},
		{"", "article"},
		{"../../etc/passwd", "etc-passwd"},
		{strings.Repeat("mot ", 30), strings.TrimSuffix(strings.Repeat("mot-", 15), "-")},
	}
	for _, tt := range tests {
		if got := article.Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
