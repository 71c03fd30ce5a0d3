package answer

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/knowledge"
)

// Ranking weights. foundThreshold is the coverage of the question's weighted
// terms that the best sentence must reach to count as an answer; it was
// calibrated with `articlebot eval --calibrate` on the question sets in
// testdata/eval (see README).
const (
	searchDepth      = 8
	historyWeight    = 0.5
	fuzzyCredit      = 0.7
	foundThreshold   = 0.5
	secondSentenceAt = 0.85 // a second sentence is quoted when it scores this close to the best
)

// candidate is one sentence considered as an answer.
type candidate struct {
	hit      knowledge.Hit
	rank     int    // rank of its passage in the search
	index    int    // sentence index in the passage
	text     string // the sentence
	coverage float64
	score    float64
}

// result is what retrieval and ranking found for a question.
type result struct {
	hits     []knowledge.Hit
	best     []candidate // the sentences to quote, best first; empty when not found
	found    bool
	coverage float64
}

type weighted struct {
	term   string
	weight float64
}

// queryTerms returns the analysed terms of the question with their weights
// (inverse document frequency), without the question words themselves, and
// with the previous question's terms at a lower weight when the question
// follows up on it.
func queryTerms(base *knowledge.Base, q Question, history []Turn) (terms []weighted, search string) {
	skip := map[string]bool{}
	for _, t := range base.Terms(strings.Join(q.cues, " ")) {
		skip[t] = true
	}
	var out []weighted
	seen := map[string]bool{}
	add := func(text string, factor float64) {
		for _, t := range base.Terms(text) {
			if skip[t] || seen[t] {
				continue
			}
			seen[t] = true
			out = append(out, weighted{t, base.IDF(t) * factor})
		}
	}
	add(q.Text, 1)
	search = q.Text
	if len(history) > 0 && isFollowUp(q, len(out)) {
		prev := Analyze(history[len(history)-1].Question)
		for _, t := range base.Terms(strings.Join(prev.cues, " ")) {
			skip[t] = true
		}
		add(prev.Text, historyWeight)
		search += " " + prev.Text
	}
	return out, search
}

var followUpWords = set("et", "il", "elle", "ils", "elles", "ca", "cela", "celui", "celle", "lui", "leur",
	"en", "y", "ce", "and", "it", "they", "that", "this", "he", "she", "them", "those", "alors", "donc")

// isFollowUp reports whether a question leans on the one before: it is short,
// or starts with a connective or pronoun ("et en 2019 ?", "qui l'a dit ?").
func isFollowUp(q Question, terms int) bool {
	ws := words(fold(q.Text))
	if terms <= 1 || len(ws) <= 4 {
		return true
	}
	return followUpWords[ws[0]]
}

func (a *Answerer) find(ctx context.Context, base *knowledge.Base, q Question, history []Turn) (result, error) {
	terms, search := queryTerms(base, q, history)
	if len(terms) == 0 {
		return result{}, nil
	}
	hits, err := base.Search(ctx, search, searchDepth)
	if errors.Is(err, knowledge.ErrEmptyQuery) {
		return result{}, nil
	}
	if err != nil {
		return result{}, err
	}
	res := result{hits: hits}
	if len(hits) == 0 {
		return res, nil
	}
	var total float64
	for _, t := range terms {
		total += t.weight
	}
	focus := base.Terms(strings.Join(q.Focus, " "))
	var cands []candidate
	for r, h := range hits {
		pcov := coverage(base.Terms(h.Passage.Text), terms, total)
		for i, s := range h.Passage.Sentences {
			st := base.Terms(s)
			cov := coverage(st, terms, total)
			score := 0.65*cov + 0.25*pcov + 0.1/float64(1+r) + kindBonus(q, s, st, focus)
			cands = append(cands, candidate{hit: h, rank: r, index: i, text: s, coverage: cov, score: score})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	best := cands[0]
	res.coverage = best.coverage
	res.found = best.coverage >= foundThreshold && satisfies(q, best.text)
	if !res.found {
		return res, nil
	}
	res.best = []candidate{best}
	if q.Kind == KindWhy || q.Kind == KindHow || q.Kind == KindWhat || q.Kind == KindOther {
		for _, c := range cands[1:] {
			if c.score < secondSentenceAt*best.score {
				break
			}
			if c.hit.Passage.ID() == best.hit.Passage.ID() && abs(c.index-best.index) == 1 {
				res.best = append(res.best, c)
				break
			}
		}
		sort.SliceStable(res.best, func(i, j int) bool { return res.best[i].index < res.best[j].index })
	}
	return res, nil
}

// coverage is the share of the question's term weight found in terms: exact
// matches count fully, one-typo matches partly.
func coverage(terms []string, q []weighted, total float64) float64 {
	if total == 0 {
		return 0
	}
	have := make(map[string]bool, len(terms))
	for _, t := range terms {
		have[t] = true
	}
	var got float64
	for _, w := range q {
		if have[w.term] {
			got += w.weight
			continue
		}
		if utf8.RuneCountInString(w.term) >= 5 {
			for t := range have {
				if near(t, w.term) {
					got += fuzzyCredit * w.weight
					break
				}
			}
		}
	}
	return got / total
}

var (
	digits     = regexp.MustCompile(`\d`)
	dateWords  = regexp.MustCompile(`(?i)\b(janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|trimestre|semestre|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|(19|20)\d\d|hier|demain|aujourd'hui|dès|depuis|january|february|march|april|may|june|july|august|september|october|november|december)\b`)
	reasonCue  = regexp.MustCompile(`(?i)\b(pour|afin|car|parce|grâce|en raison|dû|due|puisque|because|since|so that|besoin|objectif|ambition|important)\b`)
	acronymDef = regexp.MustCompile(`\(\p{Lu}{2,}\)`)
)

// hasName reports whether s names a person or organisation: an acronym, or
// a capitalised word that does not start the sentence.
func hasName(s string) bool {
	fields := strings.Fields(s)
	for i, f := range fields {
		f = strings.Trim(f, "«»\"'(),.;:!?")
		r, _ := utf8.DecodeRuneInString(f)
		if !unicode.IsUpper(r) {
			continue
		}
		if i > 0 || isAcronym(f) {
			return true
		}
	}
	return false
}

func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// kindBonus rewards a sentence that holds what the question asks for.
func kindBonus(q Question, s string, terms, focus []string) float64 {
	var bonus float64
	switch q.Kind {
	case KindQuantity:
		if digits.MatchString(s) {
			bonus += 0.2
		} else {
			bonus -= 0.3
		}
		if len(focus) > 0 {
			if containsAny(terms, focus) {
				bonus += 0.15
			} else {
				bonus -= 0.1
			}
		}
	case KindWho:
		if hasName(s) {
			bonus += 0.1
		}
	case KindWhen:
		if dateWords.MatchString(s) {
			bonus += 0.2
		}
	case KindWhy:
		if reasonCue.MatchString(s) {
			bonus += 0.1
		}
	case KindDefinition:
		if acronymDef.MatchString(s) {
			bonus += 0.15
		}
	}
	return bonus
}

// satisfies reports whether the best sentence can answer the kind of
// question at all: a "how many" needs a figure.
func satisfies(q Question, s string) bool {
	switch q.Kind {
	case KindQuantity:
		return digits.MatchString(s)
	case KindWhen:
		return dateWords.MatchString(s) || digits.MatchString(s)
	}
	return true
}

func containsAny(terms, want []string) bool {
	for _, w := range want {
		for _, t := range terms {
			if t == w || (utf8.RuneCountInString(w) >= 5 && near(t, w)) {
				return true
			}
		}
	}
	return false
}
