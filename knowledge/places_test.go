package knowledge

import (
	"context"
	"testing"
)

// TestLastFoldedWord: the shortcuts readPlaces takes for ASCII tokens
// give what folding the whole token gives, on every token of the bench
// corpus and of awkward texts.
func TestLastFoldedWord(t *testing.T) {
	docs, err := ReadDocuments(context.Background(), manpagesFS(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, d := range docs {
		for _, p := range d.Passages {
			texts = append(texts, p.Sentences...)
		}
	}
	texts = append(texts, awkwardTexts...)
	texts = append(texts, "L'OUGANDA (Maroc), x2Y_Z a-B-C ÉTATS-UNIS «Kenya» 3A a''B")
	n := 0
	for _, s := range texts {
		for f := range fields(s) {
			n++
			folded := Fold(f.clean)
			want := lastWord(folded)
			if g := Fold(folded); g != folded {
				want = lastWord(g)
			}
			if got := lastFoldedWord(f.clean); got != want {
				t.Fatalf("lastFoldedWord(%q) = %q, want %q", f.clean, got, want)
			}
			if got, want := lastWordFolded(f.clean), lastWord(Fold(f.clean)); got != want {
				t.Fatalf("lastWordFolded(%q) = %q, want %q", f.clean, got, want)
			}
		}
	}
	if n < 100_000 {
		t.Fatalf("%d tokens", n)
	}
}
