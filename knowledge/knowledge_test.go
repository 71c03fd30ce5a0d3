package knowledge

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/articlebot/articlebot/internal/shared"
)

func TestParseDocument(t *testing.T) {
	tests := []struct {
		name, id, ext, raw string
		wantTitle          string
		wantTags           []string
		wantRelated        []string
		wantPassages       []string
		wantErr            error
	}{
		{
			name: "front matter and boilerplate", id: "a", ext: ".md",
			raw:          "---\ntitle: \"Titre d’essai\"\ntags: [X]\n---\n\nPremier paragraphe.\n\nLire aussi: Autre article\n\nDeuxième\nparagraphe.\n\nArticle précédent\n\nTitre précédent\n\nArticle suivant\n\nTitre suivant\n",
			wantTitle:    "Titre d'essai",
			wantTags:     []string{"X"},
			wantRelated:  []string{"Autre article", "Titre précédent", "Titre suivant"},
			wantPassages: []string{"Premier paragraphe.", "Deuxième paragraphe."},
		},
		{
			name: "plain text with kicker", id: "b", ext: ".txt",
			raw:          "Offshoring\n\nUn titre de plusieurs mots ici\n\nLe corps du texte.\n",
			wantTitle:    "Un titre de plusieurs mots ici",
			wantTags:     []string{"Offshoring"},
			wantPassages: []string{"Le corps du texte."},
		},
		{
			name: "markdown heading title and markup", id: "c", ext: ".md",
			raw:          "# Le titre\n\nUn **texte** avec un [lien](http://x.example).\n\n- un point de liste\n",
			wantTitle:    "Le titre",
			wantPassages: []string{"Un texte avec un lien.", "un point de liste"},
		},
		{
			name: "typography", id: "d", ext: ".md",
			raw:          "« Citation » avec l’apostrophe et 80\u202f000 personnes\u00a0!",
			wantTitle:    "d",
			wantPassages: []string{"« Citation » avec l'apostrophe et 80 000 personnes !"},
		},
		{name: "unclosed front matter", id: "e", ext: ".md", raw: "---\ntitle: x\n\ntext", wantErr: ErrFrontMatter},
		{name: "bad yaml", id: "f", ext: ".md", raw: "---\ntitle: [x\n---\ntext", wantErr: ErrFrontMatter},
		{name: "unknown front matter key", id: "g", ext: ".md", raw: "---\nauteur: x\n---\ntext", wantErr: ErrFrontMatter},
		{name: "only boilerplate", id: "h", ext: ".md", raw: "Lire aussi : autre chose\n", wantErr: ErrEmptyDocument},
		{name: "empty", id: "i", ext: ".txt", raw: "", wantErr: ErrEmptyDocument},
		{name: "not utf-8", id: "j", ext: ".txt", raw: "caf\xe9", wantErr: ErrNotUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseDocument(tt.id, tt.ext, []byte(tt.raw))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.wantTitle {
				t.Errorf("title = %q, want %q", doc.Title, tt.wantTitle)
			}
			if !reflect.DeepEqual(doc.Tags, tt.wantTags) {
				t.Errorf("tags = %q, want %q", doc.Tags, tt.wantTags)
			}
			if !reflect.DeepEqual(doc.Related, tt.wantRelated) {
				t.Errorf("related = %q, want %q", doc.Related, tt.wantRelated)
			}
			var got []string
			for i, p := range doc.Passages {
				got = append(got, p.Text)
				if p.N != i+1 || p.Doc != tt.id {
					t.Errorf("passage %d has id %s", i, p.ID())
				}
				if strings.Join(p.Sentences, " ") != p.Text {
					t.Errorf("sentences of §%d do not join back to its text", p.N)
				}
			}
			if !reflect.DeepEqual(got, tt.wantPassages) {
				t.Errorf("passages = %q, want %q", got, tt.wantPassages)
			}
		})
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Une phrase. Une autre !", []string{"Une phrase.", "Une autre !"}},
		{"Le secteur emploie 80.000 salariés. Il croît.", []string{"Le secteur emploie 80.000 salariés.", "Il croît."}},
		{"M. Dupont parle. Mme. Durand aussi.", []string{"M. Dupont parle.", "Mme. Durand aussi."}},
		{"Selon J. Martin, tout va bien.", []string{"Selon J. Martin, tout va bien."}},
		{"« Nous tiendrons. » Puis il part.", []string{"« Nous tiendrons. »", "Puis il part."}},
		{"Quoi ? Rien… Vraiment.", []string{"Quoi ?", "Rien…", "Vraiment."}},
		{"pas de majuscule. ensuite", []string{"pas de majuscule. ensuite"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := SplitSentences(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitSentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLoadDirProblems(t *testing.T) {
	ctx := context.Background()
	if _, err := LoadDir(ctx, "testdata/kb/missing", Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing dir: err = %v", err)
	}
	if _, err := LoadDir(ctx, "testdata/kb/empty", Options{}); !errors.Is(err, ErrNoDocuments) {
		t.Errorf("empty dir: err = %v", err)
	}
	_, err := LoadDir(ctx, "testdata/kb/broken", Options{})
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("broken dir: err = %v, want *LoadError", err)
	}
	want := map[string]error{"bad-front.md": ErrFrontMatter, "empty-doc.md": ErrEmptyDocument, "latin1.txt": ErrNotUTF8}
	if len(le.Problems) != len(want) {
		t.Fatalf("problems = %v, want %d", le.Problems, len(want))
	}
	for _, p := range le.Problems {
		if !errors.Is(p, want[p.Path]) {
			t.Errorf("%s: %v, want %v", p.Path, p.Err, want[p.Path])
		}
		if !strings.Contains(err.Error(), p.Path) {
			t.Errorf("error %q does not name %s", err, p.Path)
		}
	}
	if _, err := LoadDir(ctx, "testdata/kb/good", Options{MaxFileSize: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("size limit: err = %v", err)
	}
	dup := fstest.MapFS{"a/x.md": {Data: []byte("un")}, "b/x.txt": {Data: []byte("deux")}}
	if _, err := Load(ctx, dup, Options{}); !errors.Is(err, ErrDuplicateID) {
		t.Errorf("duplicate id: err = %v", err)
	}
}

func TestLoadGood(t *testing.T) {
	b, err := LoadDir(context.Background(), "testdata/kb/good", Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, ok := b.Document("press")
	if !ok {
		t.Fatal("no document press")
	}
	if d.Title != "Le télétravail s'installe" || d.Source != "https://example.org/teletravail" || d.Date != "2020-05-02" {
		t.Errorf("front matter: %+v", d)
	}
	if len(d.Passages) != 2 || len(d.Related) != 2 {
		t.Errorf("press: %d passages, related %q", len(d.Passages), d.Related)
	}
	port, _ := b.Document("port")
	if port.Title != "Le port de Tanger Med bat un record de trafic" || !reflect.DeepEqual(port.Tags, []string{"Économie"}) {
		t.Errorf("port: title %q tags %q", port.Title, port.Tags)
	}
}

func loadDefault(t testing.TB) *Base {
	t.Helper()
	b, err := LoadDefault(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDefaultKnowledgeBase(t *testing.T) {
	b := loadDefault(t)
	docs := b.Documents()
	if len(docs) != 1 || docs[0].ID != "centres-d-appels-offshoring" {
		t.Fatalf("documents = %+v", docs)
	}
	d := docs[0]
	if !strings.HasPrefix(d.Title, "Centres d'appels : les professionnels tablent") {
		t.Errorf("title = %q", d.Title)
	}
	if d.Source != "" || d.Date != "" {
		t.Errorf("invented metadata: source %q date %q", d.Source, d.Date)
	}
	if len(d.Passages) != 4 {
		t.Errorf("passages = %d, want 4", len(d.Passages))
	}
	for _, p := range d.Passages {
		for _, bad := range []string{"Lire aussi", "Masques de protection", "417 infractions", "Article précédent", "Article suivant", "Le vrai du faux"} {
			if strings.Contains(p.Text, bad) {
				t.Errorf("§%d holds boilerplate %q", p.N, bad)
			}
		}
		if strings.ContainsAny(p.Text, "\u00a0\u202f\u2019") {
			t.Errorf("§%d is not normalised", p.N)
		}
	}
}

// TestDefaultMatchesSharedArticle checks that the embedded document is the
// article as received: ingesting the raw text gives the same passages.
func TestDefaultMatchesSharedArticle(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(sharedDir(t), "article", "centres-d-appels-offshoring.txt"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ParseDocument("centres-d-appels-offshoring", ".txt", raw)
	if err != nil {
		t.Fatal(err)
	}
	def := loadDefault(t).Documents()[0]
	if doc.Title != def.Title || !reflect.DeepEqual(doc.Passages, def.Passages) || !reflect.DeepEqual(doc.Related, def.Related) {
		t.Errorf("the embedded article differs from ../shared:\n%+v\n%+v", doc, def)
	}
}

// sharedDir is ../shared beside the repository root; the test skips
// when it is absent.
func sharedDir(t testing.TB) string { return shared.TestPath(t) }

func TestSearch(t *testing.T) {
	b := loadDefault(t)
	ctx := context.Background()
	tests := []struct {
		query   string
		wantTop int // expected best passage; 0: no hit at all
	}{
		{"diplômés", 4},
		{"diplomes", 4},     // accents folded
		{"DIPLÔMÉS", 4},     // case folded
		{"80.000", 4},       // French number forms
		{"80 000", 4},       //
		{"80000", 4},        //
		{"5%", 4},           //
		{"5 %", 4},          //
		{"11 milliards", 4}, //
		{"l’AMRC", 2},       // elision, curly apostrophe
		{"l'AMRC", 2},       // elision, straight apostrophe
		{"teletravial", 3},  // typo
		{"visioconférence", 2},
		{"masques", 0},     // only in a "Lire aussi" link
		{"infractions", 0}, // only in "Article suivant"
	}
	for _, tt := range tests {
		hits, err := b.Search(ctx, tt.query, 5)
		if err != nil {
			t.Fatalf("%q: %v", tt.query, err)
		}
		if tt.wantTop == 0 {
			if len(hits) != 0 {
				t.Errorf("%q: %d hits, want none (boilerplate must not be retrieved)", tt.query, len(hits))
			}
			continue
		}
		if len(hits) == 0 || hits[0].Passage.N != tt.wantTop {
			t.Errorf("%q: top = %v, want §%d", tt.query, passageNumbers(hits), tt.wantTop)
			continue
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("%q: hits not best first", tt.query)
			}
		}
	}
	if _, err := b.Search(ctx, "  le la les ", 5); !errors.Is(err, ErrEmptyQuery) {
		t.Errorf("stop words only: err = %v", err)
	}
}

func passageNumbers(hits []Hit) []int {
	var ns []int
	for _, h := range hits {
		ns = append(ns, h.Passage.N)
	}
	return ns
}

// kbDefault loads the embedded knowledge base.
func kbDefault(t testing.TB) *Base {
	t.Helper()
	b, err := LoadDefault(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return b
}
