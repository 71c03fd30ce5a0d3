package answer

import (
	"testing"

	"github.com/articlebot/articlebot/knowledge"
)

// TestWithinOneEdit: withinOneEdit says what knowledge.EditDistance ≤ 1
// says, on words and every one- and two-edit variant of them.
func TestWithinOneEdit(t *testing.T) {
	words := []string{"salaries", "president", "œuvre", "marocaine", "a", "", "ab", "économie", "offshoring", "centres"}
	letters := []rune("aeséœz")
	variants := func(w string) []string {
		r := []rune(w)
		var out []string
		for i := 0; i <= len(r); i++ {
			for _, l := range letters {
				out = append(out, string(r[:i])+string(l)+string(r[i:])) // added
				if i < len(r) {
					out = append(out, string(r[:i])+string(l)+string(r[i+1:])) // changed
				}
			}
			if i < len(r) {
				out = append(out, string(r[:i])+string(r[i+1:])) // removed
			}
			if i+1 < len(r) {
				s := []rune(w)
				s[i], s[i+1] = s[i+1], s[i]
				out = append(out, string(s)) // swapped
			}
		}
		return out
	}
	n := 0
	for _, w := range words {
		for _, v := range variants(w) {
			for _, x := range append([]string{v}, variants(v)...) {
				want := knowledge.EditDistance(w, x) <= 1
				if got := withinOneEdit(w, x); got != want {
					t.Fatalf("withinOneEdit(%q, %q) = %v, want %v", w, x, got, want)
				}
				if got := withinOneEdit(x, w); got != want {
					t.Fatalf("withinOneEdit(%q, %q) = %v, want %v", x, w, got, want)
				}
				n++
			}
		}
	}
	if n < 10000 {
		t.Fatalf("only %d pairs checked", n)
	}
}
