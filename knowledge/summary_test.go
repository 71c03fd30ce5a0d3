package knowledge

import (
	"reflect"
	"strings"
	"testing"
)

// checkSummary verifies what every summary must satisfy: sentences of the
// document, quoted exactly, distinct, in document order, no boilerplate.
func checkSummary(t *testing.T, doc Document, sum []SummarySentence, n int) {
	t.Helper()
	if len(sum) != n {
		t.Fatalf("%d sentences, want %d: %+v", len(sum), n, sum)
	}
	for i, s := range sum {
		if s.Passage < 1 || s.Passage > len(doc.Passages) {
			t.Fatalf("sentence %d: §%d", i, s.Passage)
		}
		p := doc.Passages[s.Passage-1]
		if s.Index < 0 || s.Index >= len(p.Sentences) || p.Sentences[s.Index] != s.Text {
			t.Errorf("sentence %d is not sentence %d of §%d: %q", i, s.Index, s.Passage, s.Text)
		}
		if i > 0 {
			prev := sum[i-1]
			if prev.Passage > s.Passage || (prev.Passage == s.Passage && prev.Index >= s.Index) {
				t.Errorf("not in document order: §%d.%d after §%d.%d", s.Passage, s.Index, prev.Passage, prev.Index)
			}
		}
		if readAlso.MatchString(s.Text) || prevNextLine.MatchString(s.Text) {
			t.Errorf("boilerplate quoted: %q", s.Text)
		}
		if s.Score <= 0 {
			t.Errorf("score %v for %q", s.Score, s.Text)
		}
	}
}

func TestSummarizeDefaultKB(t *testing.T) {
	doc := kbDefault(t).Documents()[0]
	sum := Summarize(doc, 3)
	checkSummary(t, doc, sum, 3)
	var all []string
	for _, s := range sum {
		all = append(all, s.Text)
	}
	joined := strings.Join(all, " ")
	// The most central sentence: the measures of the sanitary charter.
	if !strings.Contains(joined, "20 mesures ont été mises en place dans la charte") {
		t.Errorf("summary misses the charter sentence: %q", all)
	}
	for _, bad := range []string{"Masques", "417", "Article"} {
		if strings.Contains(joined, bad) {
			t.Errorf("summary quotes boilerplate %q: %q", bad, all)
		}
	}
	// Asking for more gives every eligible sentence, the sentence with the
	// sector's figures (§4) included.
	whole := Summarize(doc, 100)
	found := false
	for _, s := range whole {
		if s.Passage == 4 && strings.Contains(s.Text, "80.000") {
			found = true
		}
	}
	if !found {
		t.Errorf("the §4 sentence with 80.000 is not eligible: %+v", whole)
	}
	total := 0
	for _, p := range doc.Passages {
		total += len(p.Sentences)
	}
	checkSummary(t, doc, whole, total)
	if Summarize(doc, 0) != nil || Summarize(Document{}, 3) != nil {
		t.Error("Summarize with n = 0 or no passage is not nil")
	}
}

func TestSummarizeSynthetic(t *testing.T) {
	b, err := LoadDir(t.Context(), "testdata/figures", Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := b.Document("tourisme-2023")
	// The lead sentence states the main facts with the words the others
	// repeat (touristes, hausse, secteur...).
	one := Summarize(doc, 1)
	checkSummary(t, doc, one, 1)
	if one[0].Passage != 1 || one[0].Index != 0 {
		t.Errorf("1-sentence summary = %+v, want the lead sentence", one)
	}
	two := Summarize(doc, 2)
	checkSummary(t, doc, two, 2)
	if two[0] != one[0] {
		t.Errorf("2-sentence summary %+v does not keep the best sentence %+v", two, one)
	}
	// A short sentence is never chosen; a figure gives a slight bonus.
	short := Document{ID: "x", Passages: []Passage{{N: 1, Text: "Bref. Le port a traité 7 millions de conteneurs en 2023. Le port a traité beaucoup de conteneurs.",
		Sentences: []string{"Bref.", "Le port a traité 7 millions de conteneurs en 2023.", "Le port a traité beaucoup de conteneurs."}}}}
	got := Summarize(short, 1)
	checkSummary(t, short, got, 1)
	if got[0].Index != 1 {
		t.Errorf("summary = %+v, want the sentence with the figure", got)
	}
	if all := Summarize(short, 5); len(all) != 2 {
		t.Errorf("Summarize(short, 5) = %+v, want the two eligible sentences", all)
	}
}

func BenchmarkSummarize(b *testing.B) {
	doc := kbDefault(b).Documents()[0]
	b.ResetTimer()
	for b.Loop() {
		Summarize(doc, 3)
	}
}

// TestSummaryKept: Base.Summary is Summarize, computed once per document
// and number of sentences, and a reload keeps it for the documents that did
// not change, not for the one that did.
func TestSummaryKept(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.md", "# A\n\nLe port de Tanger traite des conteneurs venus de toute la Méditerranée. Il emploie plus de trois mille dockers.\n\nLe trafic a doublé en dix ans grâce au nouveau terminal.\n")
	writeFile(t, dir, "b.md", "# B\n\nLes aéroports du royaume rouvrent au printemps prochain. Les compagnies reprennent leurs lignes vers l'Europe.\n")
	s := NewStore(DirSource(dir), Options{})
	if _, err := s.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	base := s.Base()
	for _, id := range []string{"a", "b"} {
		d, _ := base.Document(id)
		got := base.Summary(id, 1)
		if want := Summarize(d, 1); len(got) == 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("Summary(%q, 1) = %+v, Summarize gives %+v", id, got, want)
		}
		if again := base.Summary(id, 1); &again[0] != &got[0] {
			t.Errorf("Summary(%q, 1) computed again", id)
		}
	}
	if base.Summary("c", 1) != nil {
		t.Error("Summary of a document that does not exist is not nil")
	}
	a, b := base.Summary("a", 1), base.Summary("b", 1)
	writeFile(t, dir, "b.md", "# B\n\nLes gares du royaume rouvrent au printemps prochain. Les trains reprennent leurs lignes vers le sud.\n")
	if _, err := s.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	next := s.Base()
	if got := next.Summary("a", 1); &got[0] != &a[0] {
		t.Error("the reload did not keep the summary of the unchanged document")
	}
	if got := next.Summary("b", 1); &got[0] == &b[0] || !strings.Contains(got[0].Text, "gares") {
		t.Errorf("the summary of the changed document is the old one: %+v", got)
	}
}
