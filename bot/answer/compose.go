// Stage 5, compose: the sentences to quote and the lead, from the best
// candidate.

package answer

import (
	"slices"
	"sort"

	"github.com/articlebot/articlebot/knowledge"
)

// compose makes the answer of the best candidate: the sentences to quote
// (with the next one for a pair, with the one that names the answer for a
// "qui"), each cut down to what answers, and the lead read from them.
func (a *Answerer) compose(base *knowledge.Base, qa query, best candidate) (quotes []candidate, lead string) {
	quotes = []candidate{best}
	if best.window {
		next := best
		next.index, next.text, next.window = best.index+1, best.hit.Passage.Sentences[best.index+1], false
		quotes[0].window = false
		quotes = append(quotes, next)
		if best.companion > best.index { // the companion was counted in the joined passage
			best.companion++
		}
		best.text += " " + next.text // the lead is read from both
	}
	if best.companion >= 0 {
		named := best
		named.index, named.text, named.companion = best.companion, best.hit.Passage.Sentences[best.companion], -1
		quotes = slices.DeleteFunc(quotes, func(c candidate) bool { return c.index == named.index })
		quotes = append(quotes, named)
		sort.SliceStable(quotes, func(i, j int) bool { return quotes[i].index < quotes[j].index })
		best = named // the lead is read from the sentence that names it
	}
	lead = a.lead(base, qa.Question, qa.slots, best)
	sents := a.cacheFor(base).sentences(a, base, best.hit.Passage)
	for i := range quotes {
		quotes[i].text = trimQuote(qa.Question, qa.slots, sents[quotes[i].index])
	}
	return quotes, lead
}
