package answer

import (
	"strings"

	"github.com/articlebot/articlebot/internal/french"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/knowledge/numbers"
)

// lead is the short direct answer shown in bold before the quote, when the
// question asks for a figure, a date or a person and the quoted sentence
// holds one: "près de 80.000 salariés", "23 avril", "Marie Dupont".
// It is read from the text (the figures of the knowledge base, the names of
// the sentence), never written, so the number guard holds.
func (a *Answerer) lead(base *knowledge.Base, q Question, slots []slot, c candidate) string {
	switch {
	case q.Kind == KindQuantity || q.Kind == KindWhen:
		var best *knowledge.Figure
		bestScore := -1
		for _, f := range a.cacheFor(base).figures(c.hit.Passage) {
			if !strings.Contains(c.text, f.Text) {
				continue
			}
			date := f.Kind == numbers.Date || f.Kind == numbers.Period || f.Kind == numbers.Year
			if date != (q.Kind == KindWhen) || !unitFits(q, f.Kind) {
				continue
			}
			score := 0
			for _, s := range slots {
				if s.focus && strings.Contains(fold(f.What+" "+f.Context), lastWord(s.word)) {
					score += 2
				} else if strings.Contains(fold(f.What), lastWord(s.word)) {
					score++
				}
			}
			if score > bestScore {
				f := f
				best, bestScore = &f, score
			}
		}
		if best == nil {
			return ""
		}
		if q.Kind == KindWhen {
			return best.Text
		}
		return figureSpan(c.text, best.Figure)
	case q.Kind == KindWho || q.Entity && q.Kind != KindWhere:
		var toks []taggedWord
		if q.NotPerson {
			toks = a.cacheFor(base).sentences(a, base, c.hit.Passage)[c.index].words
		}
		return nameIn(c.text, slots, toks)
	}
	return ""
}

// unitFits reports whether a figure of kind k can answer q: a share
// question wants a percentage, a cost question money, a "combien de
// temps" a length of time.
func unitFits(q Question, k numbers.Kind) bool {
	switch {
	case q.Unit == UnitPercent:
		return k == numbers.Percent
	case q.Unit == UnitMoney:
		return k == numbers.Money
	case q.Duration:
		return k == numbers.Duration
	}
	return true
}

// nameIn returns the first name of s that the question does not already
// give: an acronym ("OMS") or two capitalised words or more, particles
// allowed between them ("Marie Dupont", "Abraham von Frankenberg"). A
// single capitalised word is too often not a name to be shown alone. When
// toks (the tokens of s) are given, names of people are skipped: the
// question asks for an organisation or a place.
func nameIn(s string, slots []slot, toks []taggedWord) string {
	fields := strings.Fields(s)
	for i := 0; i < len(fields); i++ {
		w := strings.Trim(fields[i], "«»\"'(),.;:!?")
		if !isName(w, i) { // a capital starting the sentence says nothing
			continue
		}
		if i < len(toks) && toks[i].person {
			continue
		}
		if holdsWord(slots, taggedWord{folded: fold(w)}) {
			continue
		}
		if isUnitWord(w) { // "11 milliards de DH": a unit, not an organisation
			continue
		}
		if isAllCaps(w) {
			return w
		}
		run := []string{w}
		for k := i + 1; k < len(fields) && !strings.ContainsAny(fields[k-1], ",.;:!?)"); k++ {
			n := strings.Trim(fields[k], "«»\"'(),.;:!?")
			if nameParticles.Has(n) && k+1 < len(fields) {
				next := strings.Trim(fields[k+1], "«»\"'(),.;:!?")
				if isName(next, 1) {
					run = append(run, n, next)
					k++
					continue
				}
			}
			if !isName(n, 1) || holdsWord(slots, taggedWord{folded: fold(n)}) {
				break
			}
			run = append(run, n)
		}
		if len(run) >= 2 {
			return strings.Join(run, " ")
		}
	}
	return ""
}

// unitWords are the currencies and units of measure written in capitals
// ("DH", "USD", "MW"), which read as acronyms but name no one.
var currencies, measureUnits = french.Texts("currencies"), french.Texts("measure-units")

func isUnitWord(w string) bool { return currencies.Has(w) || measureUnits.Has(w) }

// nameParticles are lower-case words inside names.
var nameParticles = french.Words("name-particles")

// figureSpan quotes a figure with its approximation word and what it
// counts, as the sentence words it when they follow one another ("plus de
// 5% de la croissance du PIB du royaume", "près de 80.000 salariés"), else
// the figure alone: a lead reads as a phrase of the text.
func figureSpan(sentence string, f numbers.Figure) string {
	i := strings.Index(sentence, f.Text)
	if i < 0 {
		return strings.TrimSpace(f.Approx + " " + f.Text)
	}
	start, end := i, i+len(f.Text)
	if f.Approx != "" {
		if j := strings.LastIndex(strings.ToLower(sentence[:i]), strings.ToLower(f.Approx)); j >= 0 && i-j-len(f.Approx) <= 5 {
			start = j
		}
	}
	if f.What != "" {
		if k := strings.Index(sentence[end:], f.What); k >= 0 && k <= 12 {
			return sentence[start : end+k+len(f.What)]
		}
	}
	return sentence[start:end]
}
