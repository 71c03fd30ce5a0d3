package main

import (
	"context"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/articlebot/articlebot/internal/tools/loadbench/frterms"
	"github.com/articlebot/articlebot/knowledge"
)

// tricky holds what the Unicode word segmentation keeps whole: decimal
// commas and points, underscores, apostrophes, a dotted abbreviation.
const tricky = `Le taux "brut" est de 3,5 % (3.5 %) ; l'État d'Île-de-France a_b_c e.g. aujourd'hui 80 000 € #1 C++ x:y`

func testDocs(t *testing.T) []knowledge.Document {
	t.Helper()
	docs, err := readDocs(context.Background(), "-")
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	d.Passages = append(slices.Clone(d.Passages), knowledge.Passage{Doc: d.ID, N: len(d.Passages) + 1, Text: tricky})
	return []knowledge.Document{d}
}

// The analyser of frterms gives, for every passage and title, the terms
// knowledge's index holds for it.
func TestTermsMatchKnowledge(t *testing.T) {
	docs := testDocs(t)
	b, err := knowledge.Build(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	an, err := frterms.New()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{docs[0].Title}
	for _, p := range docs[0].Passages {
		texts = append(texts, p.Text)
	}
	for _, s := range texts {
		got, want := an.Terms(knowledge.SearchForm(s)), b.Terms(s)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("terms of %.40q:\n got %q\nwant %q", s, got, want)
		}
	}
}

// FTS5 indexes every analysed term as one token, unchanged, and finds each.
func TestFTS5KeepsTerms(t *testing.T) {
	ctx := context.Background()
	docs := testDocs(t)
	x, vocab := testTermsIndex(t, docs)
	an := x.an
	if x.passages != len(docs[0].Passages) {
		t.Errorf("%d rows, want %d", x.passages, len(docs[0].Passages))
	}
	if len(vocab.words) == 0 || len(vocab.rterms) != len(vocab.byTerm) {
		t.Errorf("vocabulary: %d words, %d reversed terms for %d terms", len(vocab.words), len(vocab.rterms), len(vocab.byTerm))
	}
	want := map[string]bool{}
	for _, s := range append([]string{docs[0].Title}, tricky) {
		for _, term := range an.Terms(knowledge.SearchForm(s)) {
			want[term] = true
		}
	}
	for _, p := range docs[0].Passages {
		for _, term := range an.Terms(knowledge.SearchForm(p.Text)) {
			want[term] = true
		}
	}
	if _, err := x.db.Exec(`CREATE VIRTUAL TABLE v USING fts5vocab(p, 'row')`); err != nil {
		t.Fatal(err)
	}
	rows, err := x.db.Query(`SELECT term FROM v`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for rows.Next() {
		var term string
		if err := rows.Scan(&term); err != nil {
			t.Fatal(err)
		}
		got[term] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		t.Errorf("FTS5 holds %d terms, the analyser gave %d:\nonly in FTS5: %q\nonly analysed: %q",
			len(got), len(want), diff(got, want), diff(want, got))
	}
	// Each term of the tricky passage finds it.
	last := len(docs[0].Passages)
	for _, term := range x.queryTerms(tricky) {
		hits, err := x.search(ctx, []string{term}, 10, textWeight, titleWeight)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(hits, func(h ftsHit) bool { return h.n == last }) {
			t.Errorf("term %q: %v, want passage §%d among them", term, hits, last)
		}
	}
}

func diff(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// bleveScored, fed FTS5's postings, ranks as knowledge's Base.Search does
// when no fuzzy clause is added (every term known), with scores
// proportional to bleve's (the query norm and the number of clauses are
// the same for every passage of a query).
func TestBleveScoredMatchesBleve(t *testing.T) {
	ctx := context.Background()
	docs := testDocs(t)
	b, err := knowledge.Build(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	x, _ := testTermsIndex(t, docs)
	st, err := x.prepareBleveShaped(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, q := range []string{
		"Combien de salariés emploie le secteur ?",
		"centres d'appels offshoring",
		"la crise sanitaire et le télétravail",
		"mesures de la charte de conformité sanitaire",
		"le taux brut est de 3,5 %",
		"président de l'association marocaine de la relation client",
		"activité rentable au troisième trimestre",
	} {
		terms := x.queryTerms(q)
		if slices.ContainsFunc(terms, func(term string) bool { return !b.Known(term) }) {
			continue // bleve would add a fuzzy clause
		}
		checked++
		want, err := b.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		got, err := x.bleveScored(ctx, st, terms, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("%q: %d hits, bleve %d", q, len(got), len(want))
			continue
		}
		ratio := 0.0
		for i := range got {
			if got[i].doc != want[i].Passage.Doc || got[i].n != want[i].Passage.N {
				t.Errorf("%q: hit %d is %s§%d, bleve's %s", q, i+1, got[i].doc, got[i].n, want[i].Passage.ID())
			}
			r := -got[i].score / want[i].Score
			if i == 0 {
				ratio = r
			} else if math.Abs(r/ratio-1) > 1e-5 {
				t.Errorf("%q: hit %d scores %g, bleve %g: not in the ratio %g of the first", q, i+1, -got[i].score, want[i].Score, ratio)
			}
		}
	}
	if checked < 6 {
		t.Fatalf("only %d questions without fuzzy clauses", checked)
	}
	t.Logf("%d questions compared", checked)
}

// testTermsIndex is docs in FTS5, fed our analyser's terms, closed when
// the test ends.
func testTermsIndex(tb testing.TB, docs []knowledge.Document) (*termsIndex, *vocabulary) {
	tb.Helper()
	an, err := frterms.New()
	if err != nil {
		tb.Fatal(err)
	}
	x, vocab, err := newTermsIndex(context.Background(), an, docs)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { x.Close() })
	return x, vocab
}
