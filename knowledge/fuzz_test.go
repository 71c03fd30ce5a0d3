package knowledge

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseDocument feeds arbitrary files to the loader: it never panics,
// and what it accepts is well formed.
func FuzzParseDocument(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: \"T\"\ntags: [a, b]\n---\n\nUn paragraphe.\n\nLire aussi : x\n",
		"Offshoring\n\nUn titre assez long ici\n\nTexte. Autre phrase !\n\nArticle suivant\n\nTitre\n",
		"---\ntitle: [x\n---\n", "---\n---\n", "---", "# T\n\n- a\n- b\n", "\xff\xfe", "« » ’ \u00a0 \u202f",
	} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, raw string, md bool) {
		ext := ".txt"
		if md {
			ext = ".md"
		}
		doc, err := ParseDocument("doc", ext, []byte(raw))
		if err != nil {
			return
		}
		if len(doc.Passages) == 0 || doc.Title == "" {
			t.Fatalf("accepted a document without passages or title: %+v", doc)
		}
		for i, p := range doc.Passages {
			if p.N != i+1 || !utf8.ValidString(p.Text) || strings.TrimSpace(p.Text) == "" {
				t.Fatalf("bad passage %d: %+v", i, p)
			}
			if strings.Join(p.Sentences, " ") != p.Text {
				t.Fatalf("sentences of §%d do not join back: %q", p.N, p.Sentences)
			}
		}
	})
}
