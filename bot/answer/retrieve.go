// Stage 2, retrieve: the passages the base finds for the query's words.

package answer

import (
	"context"
	"errors"

	"github.com/articlebot/articlebot/knowledge"
)

// searchDepth is how many passages a question retrieves: their sentences
// are the candidates.
const searchDepth = 8

// retrieve searches the base for the question's words (and, at a
// discount, their other forms and synonyms), fused with the embeddings'
// ranking when there are any (embed.go).
func (a *Answerer) retrieve(ctx context.Context, base *knowledge.Base, qa query) ([]knowledge.Hit, error) {
	hits, err := base.SearchExpanded(ctx, qa.search, qa.expansion, searchDepth)
	if errors.Is(err, knowledge.ErrEmptyQuery) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return a.fuse(ctx, base, qa.Text, hits), nil
}
