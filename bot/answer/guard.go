// Stage 6, guard (after render.go, and llm.go in LLM mode): every figure,
// percentage, amount, date and period of a composed answer must be stated
// by the passages it cites; an answer that states a number its sources do
// not give is not sent. The numbers are read by knowledge/numbers.

package answer

import (
	"math"

	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/knowledge/numbers"
)

// Unsupported returns the figures, percentages and dates of text that none
// of the cited sources (their passages and titles) holds: the number guard
// every answer goes through.
func Unsupported(text string, cited []Source) []numbers.Quantity {
	texts := make([]string, 0, 2*len(cited))
	for _, s := range cited {
		texts = append(texts, s.Text, s.Title)
	}
	return UnsupportedNumbers(text, texts)
}

// NumberSet holds the quantities of some source texts, to check the
// figures of answers against them.
type NumberSet struct {
	qs    []numbers.Quantity
	years map[int]bool
}

// NewNumberSet reads the quantities of the source texts.
func NewNumberSet(sources ...string) *NumberSet {
	read := make([][]numbers.Quantity, len(sources))
	for i, src := range sources {
		read[i] = numbers.Read(src)
	}
	return numberSetOf(read...)
}

// unsupported is Unsupported for an answer of base, its cited passages'
// quantities read once per base (the same passages are cited again and
// again).
func (a *Answerer) unsupported(base *knowledge.Base, text string, cited []Source) []numbers.Quantity {
	c := a.cacheFor(base)
	read := make([][]numbers.Quantity, 0, 2*len(cited))
	for _, s := range cited {
		read = append(read, c.quantities(knowledge.Passage{Doc: s.Doc, N: s.Passage}.ID(), s.Text), c.quantities("", s.Title))
	}
	return numberSetOf(read...).Unsupported(text)
}

// numberSetOf is the NumberSet of quantities already read.
func numberSetOf(read ...[]numbers.Quantity) *NumberSet {
	s := &NumberSet{years: map[int]bool{}}
	for _, qs := range read {
		for _, q := range qs {
			q = magnitude(q)
			s.qs = append(s.qs, q)
			if q.Year != 0 {
				s.years[q.Year] = true
			}
			if q.Bare() && q.Value == math.Trunc(q.Value) && q.Value >= 1000 && q.Value <= 2999 && q.Scale == 0 {
				s.years[int(q.Value)] = true
				if q.IsRange() {
					s.years[int(q.Max)] = true
				}
			}
		}
	}
	return s
}

func magnitude(q numbers.Quantity) numbers.Quantity {
	q.Value, q.Max = math.Abs(q.Value), math.Abs(q.Max)
	if q.Max != 0 && q.Max < q.Value {
		q.Value, q.Max = q.Max, q.Value
	}
	return q
}

// ends splits a range into its two ends.
func ends(q numbers.Quantity) (numbers.Quantity, numbers.Quantity) {
	lo, hi := q, q
	lo.Max, hi.Max = 0, 0
	hi.Value = q.Max
	if q.Kind == numbers.Date {
		hi.Day = int(q.Max)
	}
	return lo, hi
}

// Supports reports whether q is stated by the sources: the same number
// (numbers.Same, sign ignored) appears in one of them, alone or as an end of
// a range; a range is supported when the same range appears or both its
// ends are supported; a year is supported when it appears alone, in a date
// or in a period; the year of a date or period must appear somewhere in
// the sources.
func (s *NumberSet) Supports(q numbers.Quantity) bool {
	q = magnitude(q)
	if q.IsRange() {
		for _, src := range s.qs {
			if numbers.Same(withoutYear(q), withoutYear(src)) && s.yearOK(q) {
				return true
			}
		}
		lo, hi := ends(q)
		return s.supportsOne(lo) && s.supportsOne(hi)
	}
	return s.supportsOne(q)
}

func withoutYear(q numbers.Quantity) numbers.Quantity {
	if q.Kind == numbers.Date || q.Kind == numbers.Period {
		q.Year = 0
	}
	return q
}

func (s *NumberSet) yearOK(q numbers.Quantity) bool {
	if (q.Kind == numbers.Date || q.Kind == numbers.Period) && q.Year != 0 {
		return s.years[q.Year]
	}
	return true
}

func (s *NumberSet) supportsOne(q numbers.Quantity) bool {
	if q.Kind == numbers.Year && s.years[q.Year] {
		return true
	}
	if !s.yearOK(q) {
		return false
	}
	probe := withoutYear(q)
	for _, src := range s.qs {
		src = withoutYear(src)
		if src.IsRange() {
			lo, hi := ends(src)
			if numbers.Same(probe, lo) || numbers.Same(probe, hi) {
				return true
			}
			continue
		}
		if q.Kind == numbers.Date && q.Day == 0 && src.Kind == numbers.Date && src.Month == q.Month {
			return true // "avril 2020" and "23 avril 2020"
		}
		if numbers.Same(probe, src) {
			return true
		}
	}
	return false
}

// Unsupported returns the quantities of answer that the sources do not
// state, in order. Small counts written in words ("deux", "trois", below
// ten) are not checked: they are ordinary vocabulary ("les deux
// responsables") more often than figures.
func (s *NumberSet) Unsupported(answer string) []numbers.Quantity {
	var out []numbers.Quantity
	for _, q := range numbers.Read(answer) {
		if q.Spelled && q.Kind == numbers.Count && q.Scale == 0 && !q.IsRange() && math.Abs(q.Value) < 10 {
			continue
		}
		if !s.Supports(q) {
			out = append(out, q)
		}
	}
	return out
}

// UnsupportedNumbers is the number guard: it returns every figure,
// percentage, amount, date and period of answer that appears in none of the
// sources (see NumberSet.Supports and NumberSet.Unsupported). An answer
// with a non-empty result states a number the sources do not give.
func UnsupportedNumbers(answer string, sources []string) []numbers.Quantity {
	return NewNumberSet(sources...).Unsupported(answer)
}
