package knowledge

import (
	"os"
	"testing"

	"github.com/articlebot/articlebot/internal/shared"
	"github.com/articlebot/articlebot/knowledge/numbers"
)

// TestNormalizeKeepsNumbers reads the article as received (curly
// apostrophes, no-break spaces) and checks it gives the same figures as
// its normalized text: Normalize changes how numbers are written, never
// what they say.
func TestNormalizeKeepsNumbers(t *testing.T) {
	raw, err := os.ReadFile(shared.TestPath(t, "article", "centres-d-appels-offshoring.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a, b := numbers.Read(string(raw)), numbers.Read(Normalize(string(raw)))
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("raw:\n%v\nnormalized:\n%v", a, b)
	}
	for i := range a {
		if !numbers.Same(a[i], b[i]) || a[i].Approx != b[i].Approx || a[i].Kind != b[i].Kind {
			t.Errorf("raw %v, normalized %v", a[i], b[i])
		}
	}
}
