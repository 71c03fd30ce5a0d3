package answer

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/internal/shared"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/knowledge/numbers"
	"github.com/articlebot/articlebot/prompts"
)

func TestUnsupported(t *testing.T) {
	src := []Source{{Title: "T", Text: "Le secteur emploie près de 80.000 salariés et pèse 5% du PIB."}}
	if bad := Unsupported("Près de 80 000 salariés, soit 5 % du PIB.", src); len(bad) != 0 {
		t.Errorf("supported figures flagged: %v", bad)
	}
	if bad := Unsupported("Environ 90.000 salariés.", src); len(bad) != 1 {
		t.Errorf("invented figure not flagged: %v", bad)
	}
}

// passageTexts are the texts of every passage of the embedded knowledge
// base.
func passageTexts(tb testing.TB) []string {
	tb.Helper()
	b, err := knowledge.LoadDefault(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, d := range b.Documents() {
		for _, p := range d.Passages {
			out = append(out, p.Text)
		}
	}
	return out
}

// readOne reads the one quantity of s.
func readOne(t *testing.T, s string) numbers.Quantity {
	t.Helper()
	qs := numbers.Read(s)
	if len(qs) != 1 {
		t.Fatalf("numbers.Read(%q) = %v, want one quantity", s, qs)
	}
	return qs[0]
}

func TestUnsupportedNumbers(t *testing.T) {
	sources := passageTexts(t)
	tests := []struct {
		answer      string
		unsupported []string // Text of each unsupported quantity
	}{
		{"Le secteur emploie près de 80 000 salariés [1].", nil},
		{"Le secteur emploie environ 80.000 personnes, surtout de jeunes diplômés (§4).", nil},
		{"Il emploie 80,000 people.", nil},
		{"Le secteur emploie 90 000 salariés.", []string{"90 000"}},
		{"Le chiffre d'affaires à l'export avoisine 11 milliards de dirhams.", nil},
		{"Le chiffre d'affaires à l'export avoisine 11 000 MDH.", nil},
		{"Le chiffre d'affaires à l'export avoisine 11 milliards d'euros.", []string{"11 milliards d'euros"}},
		{"Le chiffre d'affaires atteint 12 milliards de DH.", []string{"12 milliards de DH"}},
		{"Il contribue à plus de 5 % du PIB.", nil},
		{"Il contribue à 6 % du PIB.", []string{"6 %"}},
		{"Le télétravail concerne entre 40 et 50 % des cas.", nil},
		{"Le télétravail concerne 40 % des cas.", nil}, // an end of the range
		{"Le télétravail concerne 40 à 60 % des cas.", []string{"40 à 60 %"}},
		{"La visioconférence a eu lieu le 23 avril 2020.", nil},
		{"La visioconférence a eu lieu le 24 avril.", []string{"24 avril"}},
		{"La visioconférence a eu lieu le 23 avril 2021.", []string{"23 avril 2021"}},
		{"L'objectif : une activité rentable au T3 2020.", nil},
		{"L'objectif : une activité rentable fin 2020.", nil},
		{"L'objectif : une activité rentable au quatrième trimestre 2020.", []string{"quatrième trimestre 2020"}},
		{"L'objectif : une activité rentable en 2021.", []string{"2021"}},
		{"La charte compte une vingtaine de mesures.", nil},
		{"La charte compte une trentaine de mesures.", []string{"une trentaine"}},
		{"La charte Covid-19 compte 20 mesures.", nil},
		{"Les deux responsables de l'AMRC se sont exprimés.", nil},
		{"Produits alimentaires : 417 infractions.", []string{"417"}},
		{"Plus de 40 entreprises certifiées.", nil}, // 40 is an end of "40% à 50%": a bare count matches
		{"Contactez le 06 12 34 56 78.", nil},
		{"1. Le secteur emploie près de 80 000 salariés.\n2. Il réalise 11 milliards de DH à l'export.", nil},
	}
	for _, tt := range tests {
		got := UnsupportedNumbers(tt.answer, sources)
		var texts []string
		for _, q := range got {
			texts = append(texts, q.Text)
		}
		if strings.Join(texts, "|") != strings.Join(tt.unsupported, "|") {
			t.Errorf("UnsupportedNumbers(%q) = %q, want %q", tt.answer, texts, tt.unsupported)
		}
	}
}

func TestNumberSetReuse(t *testing.T) {
	set := NewNumberSet("Le secteur emploie près de 80.000 salariés.", "Un chiffre d'affaires de 11 milliards de DH en 2019.")
	for _, s := range []string{"80 000", "11 milliards de dirhams", "2019", "11 milliards"} {
		if !set.Supports(readOne(t, s)) {
			t.Errorf("Supports(%q) = false", s)
		}
	}
	for _, s := range []string{"81 000", "11 milliards d'euros", "2020", "5 %"} {
		if set.Supports(readOne(t, s)) {
			t.Errorf("Supports(%q) = true", s)
		}
	}
	if got := set.Unsupported("En 2019, 80 000 salariés et 3 % de croissance."); len(got) != 1 || got[0].Text != "3 %" {
		t.Errorf("Unsupported = %s", got)
	}
}

// TestUnsupportedPIAF checks the guard on French text the team did not
// write: every context of the PIAF sample supports its own numbers.
func TestUnsupportedPIAF(t *testing.T) {
	raw, err := os.ReadFile(shared.TestPath(t, "datasets", "piaf-small.squad.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Data []struct {
			Paragraphs []struct {
				Context string `json:"context"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, d := range f.Data {
		for _, p := range d.Paragraphs {
			if u := UnsupportedNumbers(p.Context, []string{p.Context}); len(u) > 0 {
				t.Errorf("a PIAF context does not support its own numbers: %v", u)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no PIAF context checked")
	}
}

// FuzzUnsupportedNumbers checks that any text supports its own numbers.
func FuzzUnsupportedNumbers(f *testing.F) {
	for _, s := range []string{
		"Le secteur emploie près de 80.000 salariés",
		"avoisinant les 11 milliards de DH, et contribue à plus de 5% de la croissance",
		"adoptée dans près 40% à 50% des cas",
		"quiprès de 20 mesures ont été mises en place, le 23 avril 2020",
		"à la fin du troisième trimestre 2020, T3 2020, entre 3 et 5",
		"quatre-vingt-dix-neuf, vingt et un, deux cent mille, une vingtaine de",
		"Covid-19, §4, [1], 06 12 34 56 78, +212 5 22 33 44 55",
		"$5 billion, 5M€, 10 MDH, 80,000, April 23, 2020, 10h30, 23/04/2020",
		"du 23 au 25 avril, 2019-2020, -5%, 25°C, 500 m²",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if u := UnsupportedNumbers(text, []string{text}); len(u) > 0 {
			t.Fatalf("%q does not support its own numbers: %v", text, u)
		}
	})
}

func BenchmarkUnsupportedNumbers(b *testing.B) {
	set := NewNumberSet(passageTexts(b)...)
	answer := "Le secteur emploie près de 80 000 salariés et réalise 11 milliards de DH à l'export, soit plus de 5 % du PIB ; le télétravail concerne 40 à 50 % des cas [1]."
	b.ResetTimer()
	for b.Loop() {
		set.Unsupported(answer)
	}
}

// TestRenderedAnswerGuarded: a reply whose template states a figure the
// cited passages do not give is refused (ErrUngrounded), and one whose
// template adds nothing is sent — on the same question, twice, so that the
// passages' quantities read once serve the second answer too.
func TestRenderedAnswerGuarded(t *testing.T) {
	a := newDefault(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "answer.fr.tmpl"), []byte("{{range .Quotes}}{{.Text}} {{end}}soit 987 654 321 personnes."), 0o600); err != nil {
		t.Fatal(err)
	}
	bad, err := prompts.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	q := Request{Question: "Combien de salariés emploie le secteur ?"}
	for range 2 {
		if ans, err := a.Ask(ctx, q); err != nil || !ans.Found {
			t.Fatalf("the shipped template: %v, found %v", err, ans.Found)
		}
	}
	guarded := New(a.kb, bad, a.opts)
	for range 2 {
		if _, err := guarded.Ask(ctx, q); !errors.Is(err, ErrUngrounded) {
			t.Fatalf("a template adding a figure: %v, want ErrUngrounded", err)
		}
	}
}
