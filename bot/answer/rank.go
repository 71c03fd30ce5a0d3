package answer

import (
	"context"
	"errors"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/articlebot/articlebot/knowledge"
)

// Ranking parameters. DefaultMinConfidence is the confidence the best
// sentence must reach to count as an answer; it was calibrated with
// `articlebot eval --calibrate` on the question sets in testdata/eval (see
// the README), not guessed.
const (
	DefaultMinConfidence = 0.49

	searchDepth      = 8
	historyWeight    = 1    // terms of the previous question, in a follow-up that needs them
	fuzzyCredit      = 0.7  // a query word one typo away from a text word
	synonymCredit    = 0.6  // a thesaurus synonym of the query word
	knownSynonym     = 0.7  // share of that credit when the word itself is in the base
	inflectionCredit = 0.9  // another form of the same verb ("meurt" for "mort")
	inNameCredit     = 0.5  // share of the credit for a word found only inside an organisation's spelled-out name
	translateCredit  = 0.85 // a French translation of an English query word
	neighbourCredit  = 0.5  // found in the sentence before or after
	passageCredit    = 0.3  // found elsewhere in the passage
	continuedCredit  = 0.9  // found in the sentence before one that refers back to it ("ces mesures")
	openingWords     = 6    // how far into a sentence a demonstrative refers back
	assertedWeight   = 0.5  // the verb a yes/no question asks about weighs this share
	titleCredit      = 1.0  // a name of the question found in the document's title
	unknownWeight    = 0.3  // weight of a word the knowledge base never uses, relative to the rarest
	unknownCrux      = 2    // the same for a name or the focus of the question: it decides
	secondSentenceAt = 0.85 // a second sentence is quoted when it scores this close to the best
	window           = 10   // words between a query word and what answers it
	focusWeight      = 2    // what is counted or asked about weighs more than the other words
	numberMismatch   = 0.4  // a passage lacking a number (a year, say) of the question is about something else
	uncounted        = 0.5  // a sentence whose figures do not count what a "how many" asks about
	unanchored       = 0.5  // a sentence that holds no word of the question as written (only synonyms)
	unnamed          = 0.5  // a sentence naming no place or organisation, for "dans quel pays"
	countWindow      = 4    // words between a figure and the noun it counts
)

// candidate is one sentence considered as an answer.
type candidate struct {
	hit        knowledge.Hit
	rank       int    // rank of its passage in the search
	index      int    // sentence index in the passage
	text       string // the sentence
	confidence float64
	score      float64
	companion  int // for a "qui"/"quel pays" answer, the sentence beside it that names what it speaks of; -1 if none
}

// result is what retrieval and ranking found for a question.
type result struct {
	lead       string // a short direct answer read from the quote, or ""
	hits       []knowledge.Hit
	best       []candidate // the sentences to quote, best first; empty when not found
	found      bool
	confidence float64
}

// find answers the question on its own first; a question that cannot be
// answered alone and follows earlier turns ("et en 2019 ?", "qui l'a
// dit ?") is answered again with the previous question's words.
func (a *Answerer) find(ctx context.Context, base *knowledge.Base, q Question, history []Turn) (result, error) {
	res, err := a.findWith(ctx, base, q, nil)
	if err != nil || res.found || len(history) == 0 || !isFollowUp(q, len(words(fold(q.Text)))) {
		return res, err
	}
	return a.findWith(ctx, base, q, history)
}

func (a *Answerer) findWith(ctx context.Context, base *knowledge.Base, q Question, history []Turn) (result, error) {
	slots, search := a.slots(base, q, history)
	if len(slots) == 0 {
		return result{}, nil
	}
	hits, err := base.Search(ctx, search, searchDepth)
	if errors.Is(err, knowledge.ErrEmptyQuery) {
		return result{}, nil
	}
	if err != nil {
		return result{}, err
	}
	hits = a.fuse(ctx, base, q.Text, hits)
	res := result{hits: hits}
	if len(hits) == 0 {
		return res, nil
	}
	var total float64
	for _, s := range slots {
		total += s.weight
	}
	var cands []candidate
	cache := a.cacheFor(base)
	for r, h := range hits {
		sents := cache.sentences(a, base, h.Passage)
		titleToks := cache.title(a, base, h.Title)
		passagePenalty := 1.0
		if missingNumber(q.body, h.Passage.Text) {
			passagePenalty = numberMismatch
		}
		for i, s := range h.Passage.Sentences {
			penalty := passagePenalty
			conf := confidence(slots, sents, i, total, titleToks)
			// What the question asks for, found near its words, adds to
			// the words found, at most as much again: a figure near
			// nothing of the question answers nothing.
			bonus := min(kindBonus(q, slots, sents[i]), conf)
			companion := -1
			if (q.Kind == KindWho || q.Entity) && bonus < 0 {
				// "La « perle de l'Afrique » devient un modèle…": a
				// sentence that names no one may speak of what the one or
				// two before it name, or the next one may name who goes
				// with it ("…, président de cette association").
				for _, j := range []int{i - 1, i - 2, i + 1} {
					if j < 0 || j >= len(sents) || j == i+1 && !refersBack(sents[j]) {
						continue
					}
					if namesAnswer(q, slots, sents[j]) {
						companion, bonus = j, min(0.05, conf)
						break
					}
				}
			}
			if q.Kind == KindQuantity && !focusCounted(slots, sents[i]) {
				penalty *= uncounted
			}
			if !anchored(slots, sents[i]) && !anchored(nameSlots(slots), titleToks) {
				penalty *= unanchored
			}
			if q.Entity && companion < 0 && !hasAnswerType(q, slots, sents[i], s) {
				penalty *= unnamed
			}
			score := penalty*(conf+bonus) + 0.05/float64(1+r)
			cands = append(cands, candidate{hit: h, rank: r, index: i, text: s, confidence: penalty * math.Max(0, math.Min(1, conf+bonus)),
				score: score, companion: companion})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	best := cands[0]
	res.confidence = best.confidence
	typed := best.index // the sentence that holds what is asked
	if best.companion >= 0 {
		typed = best.companion
	}
	res.found = best.confidence >= a.opts.MinConfidence &&
		satisfies(q, slots, cache.sentences(a, base, best.hit.Passage)[typed], best.hit.Passage.Sentences[typed]) ||
		a.opts.MinConfidence < 0
	if !res.found {
		return res, nil
	}
	res.best = []candidate{best}
	if q.Kind == KindWhy || q.Kind == KindHow || q.Kind == KindWhat || q.Kind == KindOther {
		// The sentence after the best one, which in news writing usually
		// explains it, else the one before, when it scores close enough.
		var next, prev *candidate
		for i := range cands[1:] {
			c := &cands[i+1]
			if c.score < secondSentenceAt*best.score {
				break
			}
			if c.hit.Passage.ID() != best.hit.Passage.ID() || len([]rune(best.text))+len([]rune(c.text)) > maxQuote*3/2 {
				continue
			}
			switch c.index - best.index {
			case 1:
				next = c
			case -1:
				prev = c
			}
		}
		if next != nil {
			res.best = append(res.best, *next)
		} else if prev != nil {
			res.best = append(res.best, *prev)
		}
		sort.SliceStable(res.best, func(i, j int) bool { return res.best[i].index < res.best[j].index })
	}
	if best.companion >= 0 {
		named := best
		named.index, named.text, named.companion = best.companion, best.hit.Passage.Sentences[best.companion], -1
		res.best = slices.DeleteFunc(res.best, func(c candidate) bool { return c.index == named.index })
		res.best = append(res.best, named)
		sort.SliceStable(res.best, func(i, j int) bool { return res.best[i].index < res.best[j].index })
		best = named // the lead is read from the sentence that names it
	}
	res.lead = a.lead(base, q, slots, best)
	for i := range res.best {
		res.best[i].text = a.trimQuote(base, q, slots, res.best[i].text)
	}
	return res, nil
}

// match is how well a slot is found in a sentence's tokens: 1 for the word
// itself, less for a typo, synonym or translation; 0 when absent.
func match(s slot, toks []token) float64 {
	var best float64
	for _, tk := range toks {
		for _, t := range tk.terms {
			if c, ok := s.alts[t]; ok {
				if tk.inName && !s.name {
					c *= inNameCredit // "marocaine" in "Association marocaine … (AMRC)" says little of Morocco
				}
				best = math.Max(best, c)
			}
		}
		if best < fuzzyCredit && utf8.RuneCountInString(s.folded) >= 5 && (near(tk.folded, s.folded) || knowledge.SameFamily(tk.folded, s.folded) ||
			demonym(s.folded, tk.folded) || demonym(tk.folded, s.folded)) {
			best = fuzzyCredit
		}
	}
	return best
}

// confidence is the share of the question's weighted words that sentence i
// holds, counting at a discount those found only beside it in the passage.
func confidence(slots []slot, sents [][]token, i int, total float64, title []token) float64 {
	if total == 0 {
		return 0
	}
	// A sentence that refers back ("ces mesures", "Il …") goes on with
	// what the one before it says.
	continues := i > 0 && refersBack(sents[i])
	var got float64
	for _, s := range slots {
		m := match(s, sents[i])
		if s.name && m < titleCredit && match(s, title) > 0 {
			// A document is about the name in its title: every sentence
			// speaks of it, if only as "il".
			m = titleCredit
		}
		for j := range sents {
			if j == i || m == 1 {
				continue
			}
			credit := passageCredit
			switch {
			case j == i-1 && continues:
				credit = continuedCredit
			case abs(j-i) == 1:
				credit = neighbourCredit
			}
			m = math.Max(m, credit*match(s, sents[j]))
		}
		got += m * s.weight
	}
	return got / total
}

// nearMatch reports whether a token with property has lies within window
// words of a token that holds a slot (a focus slot, when the question has
// one).
func nearMatch(slots []slot, toks []token, has func(token) bool) bool {
	useFocus := false
	for _, s := range slots {
		useFocus = useFocus || s.focus
	}
	var at []int
	for pass := 0; pass < 2 && len(at) == 0; pass++ {
		for i, tk := range toks {
			for _, s := range slots {
				// First the focus words; when the sentence has none, any
				// word of the question.
				if (pass == 1 || !useFocus || s.focus) && match(s, []token{tk}) > 0 {
					at = append(at, i)
					break
				}
			}
		}
	}
	for i, tk := range toks {
		if !has(tk) || holdsSlot(slots, tk) { // the answer is not a word of the question
			continue
		}
		for _, j := range at {
			if i != j && abs(i-j) <= window {
				return true
			}
		}
	}
	return false
}

// anchored reports whether the sentence holds a word of the question as
// written, give or take a typo or a translation, or says two of them
// otherwise (a paraphrase): one synonym alone is too loose to answer on.
func anchored(slots []slot, toks []token) bool {
	loose := 0
	for _, s := range slots {
		m := match(s, toks)
		if m >= fuzzyCredit {
			return true
		}
		if m >= synonymCredit {
			loose++
		}
	}
	return loose >= 2 // a paraphrase: two words of the question said otherwise
}

// nameSlots are the slots of slots that name someone or something: a
// document whose title holds one of them is about it in every sentence.
func nameSlots(slots []slot) []slot {
	var out []slot
	for _, s := range slots {
		if s.name {
			out = append(out, s)
		}
	}
	return out
}

// focusCounted reports whether every focus word of the question stands
// within a few words of a figure of the sentence: "80.000 salariés" counts
// salariés. A question without a focus passes.
func focusCounted(slots []slot, toks []token) bool {
	for _, s := range slots {
		if !s.focus || !s.known {
			continue // a focus word the base never uses is weighed by confidence instead
		}
		ok := false
		for i, tk := range toks {
			if match(s, []token{tk}) == 0 {
				continue
			}
			for j := max(0, i-countWindow); j < min(len(toks), i+countWindow+1); j++ {
				ok = ok || toks[j].number || toks[j].spelled
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func holdsSlot(slots []slot, tk token) bool {
	for _, s := range slots {
		if match(s, []token{tk}) > 0 {
			return true
		}
	}
	return abbreviates(slots, tk.folded)
}

// abbreviates reports whether w is an acronym of consecutive words of the
// question: "amrc" for "association marocaine de la relation client".
func abbreviates(slots []slot, w string) bool {
	if len(w) < 2 || len(w) > 8 {
		return false
	}
	var initials []rune
	for _, s := range slots {
		for _, part := range words(s.folded) {
			if r := []rune(part); len(r) > 1 || len(slots) == 1 {
				initials = append(initials, r[0])
			}
		}
	}
	return len(initials) >= len([]rune(w)) && strings.Contains(string(initials), w)
}

// kindBonus rewards a sentence that holds what the question asks for near
// the words of the question, and penalises one that cannot answer it.
func kindBonus(q Question, slots []slot, toks []token) float64 {
	has := func(f func(token) bool) bool {
		for _, t := range toks {
			if f(t) {
				return true
			}
		}
		return false
	}
	isNameTok := func(t token) bool { return answerName(q, t) }
	isDate := func(t token) bool { return t.date }
	kind := q.Kind
	if q.Entity {
		kind = KindWho // a place or organisation: a name the question does not give
	}
	if kind == KindWho {
		toks = dropOwnAcronyms(slots, toks)
	}
	switch kind {
	case KindQuantity:
		// The figure asked for: an age, a length of time, a share, an
		// amount of money, or any.
		isNum := func(t token) bool {
			switch {
			case q.Duration:
				return t.duration && (t.age || !q.Age)
			case q.Unit == UnitPercent:
				return t.percent
			case q.Unit == UnitMoney:
				return t.money
			}
			return t.number || t.spelled
		}
		switch {
		case nearMatch(slots, toks, isNum):
			return 0.25
		case has(isNum):
			return 0.05
		default:
			return -0.3
		}
	case KindWho:
		if nearMatch(slots, toks, isNameTok) {
			return 0.2
		}
		if namesAnswer(q, slots, toks) {
			return 0.05
		}
		return -0.3 // names no one the question does not already name
	case KindWhen:
		isTemporal := func(t token) bool { return t.temporal }
		switch {
		case nearMatch(slots, toks, isDate):
			return 0.25
		case nearMatch(slots, toks, isTemporal):
			return 0.15
		case !has(isDate) && !has(isTemporal):
			return -0.2
		}
	case KindDefinition:
		if nearMatch(slots, toks, func(t token) bool { return t.expands }) {
			return 0.25
		}
	case KindHow:
		if nearMatch(slots, toks, func(t token) bool { return t.means }) {
			return 0.15 // "grâce au télétravail"
		}
	case KindWhy:
		if nearMatch(slots, toks, func(t token) bool { return t.reason }) {
			return 0.15 // "pour préserver", "en raison de"
		}
	}
	return 0
}

// refersBack reports whether a sentence speaks of something named before
// it: a demonstrative in its first words ("Notons que ces mesures", "…,
// président de cette association") or a subject pronoun first ("Il",
// "Elle"). Further on, "en cette période" points at the present instead.
func refersBack(toks []token) bool {
	for i, t := range toks[:min(len(toks), openingWords)] {
		switch {
		case t.folded == "cette" || t.folded == "cet" || t.folded == "ces":
			return true
		case i == 0 && (t.folded == "il" || t.folded == "elle" || t.folded == "ils" || t.folded == "elles"):
			return true
		}
	}
	return false
}

// answerName reports whether token t may be who or what q asks for: a
// name, or an office ("le président"), and not a person's name or office
// when q asks for an organisation or a place.
func answerName(q Question, t token) bool {
	return t.name && !(q.NotPerson && t.person) || t.role && !q.NotPerson
}

// namesAnswer reports whether toks hold a name that may answer q and that
// the question does not already give.
func namesAnswer(q Question, slots []slot, toks []token) bool {
	for _, t := range dropOwnAcronyms(slots, toks) {
		if answerName(q, t) && !holdsSlot(slots, t) {
			return true
		}
	}
	return false
}

// dropOwnAcronyms returns toks where an acronym given in brackets after
// words of the question ("l'Association marocaine de la relation client
// (AMRC)" for "qui dirige l'association") is not a name: it names what
// the question already names, not who answers it.
func dropOwnAcronyms(slots []slot, toks []token) []token {
	var out []token
	for i, tk := range toks {
		if !tk.expands || !tk.name {
			continue
		}
		for j := max(0, i-window); j < i; j++ {
			if heldAsWritten(slots, toks[j]) {
				if out == nil {
					out = slices.Clone(toks)
				}
				out[i].name = false
				break
			}
		}
	}
	if out == nil {
		return toks
	}
	return out
}

// heldAsWritten reports whether tk holds a word of the question as written (not
// a synonym).
func heldAsWritten(slots []slot, tk token) bool {
	for _, s := range slots {
		if match(s, []token{tk}) >= fuzzyCredit {
			return true
		}
	}
	return false
}

// satisfies reports whether the best sentence can answer the kind of
// question at all: a "how many" needs a figure.
func satisfies(q Question, slots []slot, toks []token, s string) bool {
	if q.NotPerson && (q.Kind == KindWho || q.Entity) {
		// An organisation or a place: a name that is no person's.
		for _, t := range dropOwnAcronyms(slots, toks) {
			if t.name && !t.person && !holdsSlot(slots, t) {
				return true
			}
		}
		return false
	}
	switch q.Kind {
	case KindQuantity:
		for _, n := range knowledge.ReadNumbers(s) {
			if n.Kind != knowledge.KindOrdinal && n.Kind != knowledge.KindDate && (!q.Duration || n.Kind == knowledge.KindDuration) &&
				(!q.Age || isAge(s, n)) && (q.Unit != UnitPercent || n.Kind == knowledge.KindPercent) &&
				(q.Unit != UnitMoney || n.Kind == knowledge.KindMoney) {
				return true
			}
		}
		return false
	}
	return true
}

var numberRE = regexp.MustCompile(`\d+(?:[.,]\d+)?`)

// missingNumber reports whether the question names a number (a year, a
// figure) that the passage does not hold.
func missingNumber(question, passage string) bool {
	have := map[string]bool{}
	for _, n := range numberRE.FindAllString(knowledge.SearchForm(passage), -1) {
		have[n] = true
	}
	for _, n := range numberRE.FindAllString(knowledge.SearchForm(question), -1) {
		if !have[n] {
			return true
		}
	}
	return false
}
