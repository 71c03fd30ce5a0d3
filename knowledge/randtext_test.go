package knowledge

import (
	"math/rand/v2"
	"strings"
)

// randomTexts calls check with n texts, each of minLen to minLen+span-1
// pieces drawn from alphabet by a generator seeded with seed1 and seed2:
// the tests that compare a shortcut with the code it replaces run them on
// such texts besides the corpus.
func randomTexts(seed1, seed2 uint64, n, minLen, span int, alphabet []string, check func(string)) {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	for range n {
		var sb strings.Builder
		for range minLen + rng.IntN(span) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		check(sb.String())
	}
}
