package frterms

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analyzer is bleve's French analyser, as knowledge's index mapping
// resolves it.
type Analyzer struct{ an analysis.Analyzer }

// New returns the French analyser.
func New() (*Analyzer, error) {
	an, err := registry.NewCache().AnalyzerNamed(fr.AnalyzerName)
	if err != nil {
		return nil, fmt.Errorf("french analyser: %w", err)
	}
	return &Analyzer{an: an}, nil
}

// Terms analyses text (already in knowledge's search form) and returns its
// terms in order, repeats included: what knowledge indexes for it.
func (a *Analyzer) Terms(text string) []string {
	tokens := a.an.Analyze([]byte(text))
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = string(t.Term)
	}
	return out
}

// Joined analyses text and returns its terms joined by spaces, ready for an
// FTS5 column tokenized by Tokenizer, with the number of terms.
func (a *Analyzer) Joined(text string, buf *strings.Builder) (string, int) {
	tokens := a.an.Analyze([]byte(text))
	buf.Reset()
	for i, t := range tokens {
		if i > 0 {
			buf.WriteByte(' ')
		}
		buf.Write(t.Term)
	}
	return buf.String(), len(tokens)
}

// TokenChars are the ASCII characters other than letters and digits that a
// term may hold (the Unicode word segmentation keeps "3.5", "1,5", "a_b",
// "aujourd'hui" whole; a term never holds a space). FTS5's ascii tokenizer
// treats every non-ASCII character as part of a token and these as well,
// so it splits on spaces (and control characters) only.
const TokenChars = `!"#$%&'()*+,-./:;<=>?@[\]^_` + "`" + `{|}~`

// Tokenizer is the FTS5 tokenize option for columns holding Joined text,
// written as in CREATE VIRTUAL TABLE (tokenize = Tokenizer()): the ascii
// tokenizer with every ASCII punctuation a token character. It folds ASCII
// capitals, which the analyser's terms never hold.
func Tokenizer() string {
	// The tokenizer's argument is a single-quoted string inside the
	// option's double-quoted one.
	arg := "'" + strings.ReplaceAll(TokenChars, "'", "''") + "'"
	return `"ascii tokenchars ` + strings.ReplaceAll(arg, `"`, `""`) + `"`
}

// Quote returns a term as an FTS5 string (a phrase of one token).
func Quote(term string) string {
	return `"` + strings.ReplaceAll(term, `"`, `""`) + `"`
}
