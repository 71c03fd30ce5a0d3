package knowledge

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	index "github.com/blevesearch/bleve_index_api"
)

// awkwardTexts hold what the French analyser treats specially: capitals,
// elisions (straight and curly apostrophes), stop words, accents and
// ligatures, numbers with commas and separators, words joined by
// punctuation, other scripts, emoji, empty text.
var awkwardTexts = []string{
	"", " ", "L'État et l'ÉTAT d'Égypte, qu'il s'agisse d'aujourd'hui : c'est L’Œuvre j’ai",
	"Les salariés, 3,5 % des 80 000 emplois, 1.200.000 € ; le 1er janvier 2020 à 14h30.",
	"a_b_c x:y foo.bar@example.com https://example.com/a?b=c v2.0 C++ l' '' qu'",
	"東京 日本語 ภาษาไทย Ελληνικά русский عربى 🙂👍🏽 ½ Ⅻ ﬁ œuvre sœur Straße",
	"été ÉTÉ ete étés été-là elle-même aujourd’hui AUJOURD'HUI Qu'EST-CE",
}

// TestTermCacheMatchesAnalyzer: the cached analysis gives, for every
// passage and title of the bench corpus and the default base and for
// awkward texts, the length and frequencies the French analyser gives;
// the vocabulary's analysis of words gives Base.Terms.
func TestTermCacheMatchesAnalyzer(t *testing.T) {
	base := kbDefault(t)
	an := base.analyzer
	docs, err := ReadDocuments(context.Background(), manpagesFS(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, base.Documents()...)
	texts := append([]string(nil), awkwardTexts...)
	for _, d := range docs {
		texts = append(texts, SearchForm(d.Title))
		for _, p := range d.Passages {
			texts = append(texts, SearchForm(p.Text))
		}
	}
	c, err := newTermCache(an)
	if err != nil {
		t.Fatal(err)
	}
	for round := range 2 { // the second round reads the cache
		for _, text := range texts {
			tokens := an.Analyze([]byte(text))
			want := analysis.TokenFrequency(tokens, nil, passageOptions)
			got := c.field(fieldText, []byte(text), false)
			if got.length != len(tokens) || got.plain != len(text) || !maps.EqualFunc(got.freqs, want, func(a, b *index.TokenFreq) bool {
				return string(a.Term) == string(b.Term) && a.Frequency() == b.Frequency()
			}) {
				t.Fatalf("round %d, %q: %d terms %v, want %d %v", round, text, got.length, got.freqs, len(tokens), want)
			}
		}
	}
	if len(c.terms) < 1000 {
		t.Fatalf("%d distinct tokens cached", len(c.terms))
	}

	// The vocabulary's cache reads the workers'.
	vc, err := newTermCache(an, c)
	if err != nil {
		t.Fatal(err)
	}
	words := append([]string(nil), awkwardTexts...)
	for _, d := range docs {
		for _, p := range d.Passages {
			words = append(words, Words(Fold(p.Text))...)
		}
	}
	for _, w := range words {
		if got, want := vc.termsOf(w), base.Terms(w); !slices.Equal(got, want) {
			t.Fatalf("%q: terms %q, want %q", w, got, want)
		}
	}
	if len(vc.terms) == 0 || len(vc.terms) > len(words)/2 {
		t.Fatalf("the vocabulary analysed %d of %d words itself", len(vc.terms), len(words))
	}
}

func TestTermCacheNeedsPlainAnalyzer(t *testing.T) {
	if _, err := newTermCache(nil); err == nil {
		t.Fatal("no error for a nil analyser")
	}
	if _, err := newTermCache(newMapping().AnalyzerNamed(fr.AnalyzerName)); err != nil {
		t.Fatal(err)
	}
}

// TestDocWordsMatchWords: the words the analysis of a document gives,
// for every document of the bench corpus and the default base and for
// awkward texts (scripts whose words hold several segments, numbers in
// their search form, invalid UTF-8), are those of Words(Fold(text)) of
// its passages, and its terms those the analyser gives.
func TestDocWordsMatchWords(t *testing.T) {
	base := kbDefault(t)
	docs, err := ReadDocuments(context.Background(), manpagesFS(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, base.Documents()...)
	var odd []Passage
	for _, text := range append(awkwardTexts, "\xff\xfeA\xc3", "KK İstanbul ǅemal Ⓐbc x́y ﬀ 𝔘𝔫𝔦",
		"abc東京def 東京タワー 日本語テキスト ภาษาไทยง่าย l'été2020 á́b 👩‍👩‍👧x", "80 000 et 1.200.000 ou 3 500,5") {
		odd = append(odd, Passage{Text: text})
	}
	docs = append(docs, Document{Passages: odd})
	c, err := newTermCache(base.analyzer)
	if err != nil {
		t.Fatal(err)
	}
	for round := range 2 { // the second reads the cache
		for _, d := range docs {
			seen := map[string]bool{}
			var want []string
			counts := map[string]int{}
			for _, p := range d.Passages {
				for _, w := range Words(Fold(p.Text)) {
					if !seen[w] {
						seen[w] = true
						want = append(want, w)
					}
				}
				// As the index analysed it before (its search form, not normalised again).
				for tok := range analysis.TokenFrequency(base.analyzer.Analyze([]byte(SearchForm(p.Text))), nil, passageOptions) {
					counts[tok]++
				}
			}
			slices.Sort(want)
			e := c.analyseDoc(d)
			if !slices.Equal(slices.Sorted(slices.Values(e.words)), want) {
				t.Fatalf("round %d, %s: words %q, want %q", round, d.ID, e.words, want)
			}
			if terms := slices.Sorted(maps.Keys(counts)); !slices.Equal(slices.Sorted(slices.Values(e.terms)), terms) {
				t.Fatalf("round %d, %s: terms %q, want %q", round, d.ID, e.terms, terms)
			}
			for k, term := range e.terms {
				if e.counts[k] != counts[term] {
					t.Fatalf("round %d, %s: %q in %d passages, want %d", round, d.ID, term, e.counts[k], counts[term])
				}
			}
		}
	}
	if len(c.words) < 1000 {
		t.Fatalf("%d words", len(c.words))
	}
}

// TestLoadVocabularyAsAnalyser: the vocabulary a load builds from its
// shared analysis is the one built by analysing every word with
// Base.Terms.
func TestLoadVocabularyAsAnalyser(t *testing.T) {
	b, err := Load(context.Background(), manpagesFS(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c, err := newTermCache(b.analyzer)
	if err != nil {
		t.Fatal(err)
	}
	words := make([][]string, len(b.docs))
	for i, d := range b.docs {
		words[i] = c.analyseDoc(d).words
	}
	var want vocabulary
	want.update(nil, nil, words, b.Terms)
	if len(want.byTerm) < 1000 {
		t.Fatalf("%d terms", len(want.byTerm))
	}
	if !reflect.DeepEqual(b.vocab, want) {
		t.Fatalf("the load's vocabulary (%d words, %d terms) differs from Base.Terms' (%d, %d)",
			len(b.vocab.words), len(b.vocab.byTerm), len(want.words), len(want.byTerm))
	}
}
