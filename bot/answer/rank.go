package answer

import (
	"context"
	"errors"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/knowledge"
)

// Parameters of the features (features.go): how much each kind of match
// counts towards a word of the question being found. The weights that
// turn features into a score are learned (model.go, model.txt).
const (
	// minCoverage is the least share of the question's weighted words an
	// answer may hold (the coverage feature). In article-grouped
	// cross-validation on PIAF's dev part no right answer held less than
	// 0.15 (and 5 of 3,702 less than 0.2), while 268 best candidates of
	// questions asked without their article did.
	minCoverage      = 0.15
	searchDepth      = 8
	historyWeight    = 1    // terms of the previous question, in a follow-up that needs them
	fuzzyCredit      = 0.7  // a query word one typo away from a text word
	synonymCredit    = 0.6  // a thesaurus synonym of the query word
	knownSynonym     = 0.7  // share of that credit when the word itself is in the base
	inflectionCredit = 0.9  // another form of the same verb ("meurt" for "mort")
	inNameCredit     = 0.5  // share of the credit for a word found only inside an organisation's spelled-out name
	translateCredit  = 0.85 // a French translation of an English query word
	neighborCredit   = 0.5  // found in the sentence before or after
	passageCredit    = 0.3  // found elsewhere in the passage
	continuedCredit  = 0.9  // found in the sentence before one that refers back to it ("ces mesures")
	openingWords     = 6    // how far into a sentence a demonstrative refers back
	assertedWeight   = 0.5  // the verb a yes/no question asks about weighs this share
	titleCredit      = 1.0  // a name of the question found in the document's title
	unknownWeight    = 0.3  // weight of a word the knowledge base never uses, relative to the rarest
	unknownCrux      = 2    // the same for a name or the focus of the question: it decides
	window           = 10   // words between a query word and what answers it
	focusWeight      = 2    // what is counted or asked about weighs more than the other words
	countWindow      = 4    // words between a figure and the noun it counts
)

// candidate is one sentence considered as an answer.
type candidate struct {
	hit       knowledge.Hit
	rank      int    // rank of its passage in the search
	index     int    // sentence index in the passage
	text      string // the sentence
	features  Vector
	score     float64 // the model's score
	companion int     // for a "qui"/"quel pays" answer, the sentence beside it that names what it speaks of; -1 if none
	window    bool    // the sentence and the next one, quoted together
}

// result is what retrieval and ranking found for a question.
type result struct {
	lead       string // a short direct answer read from the quote, or ""
	hits       []knowledge.Hit
	cands      []candidate // every candidate, best first
	best       []candidate // the sentences to quote, best first; empty when not found
	found      bool
	confidence float64 // the probability that the answer is right
}

// passages are the retrieved passages in the order of their best
// candidate's score, then those with no candidate.
func (r result) passages() []knowledge.Hit {
	out := make([]knowledge.Hit, 0, len(r.hits))
	seen := map[string]bool{}
	for _, c := range r.cands {
		if id := c.hit.Passage.ID(); !seen[id] {
			seen[id] = true
			out = append(out, c.hit)
		}
	}
	for _, h := range r.hits {
		if !seen[h.Passage.ID()] {
			out = append(out, h)
		}
	}
	return out
}

// find answers the question on its own first; a question that cannot be
// answered alone and follows earlier turns ("et en 2019 ?", "qui l'a
// dit ?") is answered again with the previous question's words.
func (a *Answerer) find(ctx context.Context, base *knowledge.Base, q Question, history []Turn) (result, error) {
	res, err := a.findWith(ctx, base, q, nil)
	if err != nil || res.found || len(history) == 0 || !isFollowUp(q, len(words(fold(q.Text)))) {
		return res, err
	}
	res, err = a.findWith(ctx, base, q, history)
	if err == nil && res.found && !a.followUpHeld(base, q, res.cands[0].hit.Passage) {
		res.found = false
	}
	return res, err
}

// followUpHeld reports whether the passage of a follow-up's answer holds
// what the follow-up adds to the earlier question: its figures and years
// ("et en 2019 ?") and its names ("et chez Intelcia ?"). Without them, the
// answer would be the earlier question's again.
func (a *Answerer) followUpHeld(base *knowledge.Base, q Question, p knowledge.Passage) bool {
	if missingNumber(q.body, a.cacheFor(base).numbers(p)) {
		return false
	}
	have := set(words(fold(p.Text))...)
	for i, w := range strings.Fields(q.Text) {
		if r, _ := utf8.DecodeRuneInString(w); i == 0 || !unicode.IsUpper(r) {
			continue
		}
		for _, part := range words(fold(w)) {
			if !have[part] {
				return false
			}
		}
	}
	return true
}

// candidates retrieves the passages of the question and measures each of
// their sentences; it returns them unscored, with the share of the
// question's weighted words the base uses.
func (a *Answerer) candidates(ctx context.Context, base *knowledge.Base, q Question, history []Turn) (slots []slot, hits []knowledge.Hit, cands []candidate, known float64, err error) {
	slots, search, expansion := a.slots(base, q, history)
	if len(slots) == 0 {
		return nil, nil, nil, 0, nil
	}
	hits, err = base.SearchExpanded(ctx, search, expansion, searchDepth)
	if errors.Is(err, knowledge.ErrEmptyQuery) {
		return nil, nil, nil, 0, nil
	}
	if err != nil {
		return nil, nil, nil, 0, err
	}
	hits = a.fuse(ctx, base, q.Text, hits)
	if len(hits) == 0 {
		return slots, hits, nil, 0, nil
	}
	var total float64
	for _, s := range slots {
		total += s.weight
		if s.known {
			known += s.weight
		}
	}
	if total > 0 {
		known /= total
	}
	docBest := map[string]float64{}
	docCount := map[string]int{}
	for _, h := range hits {
		docBest[h.Passage.Doc] = math.Max(docBest[h.Passage.Doc], h.Score)
		docCount[h.Passage.Doc]++
	}
	cache := a.cacheFor(base)
	for r, h := range hits {
		ret := retrieval{rank: r, score: h.Score, top: hits[0].Score, docBest: docBest[h.Passage.Doc],
			docShare: float64(docCount[h.Passage.Doc]) / float64(len(hits)), numberMissing: missingNumber(q.body, cache.numbers(h.Passage)),
			sents: cache.sentences(a, base, h.Passage), title: cache.title(a, base, h.Title), totalWeight: total,
			slots: slots, question: q, passage: h.Passage}
		ret.matches = matchAll(slots, ret.sents, ret.title)
		for i, s := range h.Passage.Sentences {
			v, companion := features(ret, i)
			cands = append(cands, candidate{hit: h, rank: r, index: i, text: s, features: v, companion: companion})
			if i+1 < len(h.Passage.Sentences) && utf8.RuneCountInString(s)+utf8.RuneCountInString(h.Passage.Sentences[i+1]) <= maxWindow {
				// The sentence and the next, as one: the answer is often
				// in the sentence after the one that echoes the question.
				v, companion := features(ret.joined(i), i)
				v[FWindow] = 1
				cands = append(cands, candidate{hit: h, rank: r, index: i, text: s, features: v, companion: companion, window: true})
			}
		}
	}
	return slots, hits, cands, known, nil
}

// maxWindow is the longest pair of sentences quoted together, in characters.
const maxWindow = 300

// joined is the passage with sentences i and i+1 made one.
func (r retrieval) joined(i int) retrieval {
	out := r
	out.sents = slices.Concat(r.sents[:i], [][]taggedWord{slices.Concat(r.sents[i], r.sents[i+1])}, r.sents[i+2:])
	p := r.passage
	p.Sentences = slices.Concat(p.Sentences[:i], []string{p.Sentences[i] + " " + p.Sentences[i+1]}, p.Sentences[i+2:])
	out.passage = p
	mm := matchTable{m: make([][]float64, len(r.matches.m)), title: r.matches.title}
	for k, row := range r.matches.m {
		mm.m[k] = slices.Concat(row[:i], []float64{max(row[i], row[i+1])}, row[i+2:])
	}
	out.matches = mm
	return out
}

func (a *Answerer) findWith(ctx context.Context, base *knowledge.Base, q Question, history []Turn) (result, error) {
	slots, hits, cands, known, err := a.candidates(ctx, base, q, history)
	if err != nil || len(cands) == 0 {
		return result{hits: hits}, err
	}
	a.rank(cands)
	res := result{hits: hits, cands: cands}
	best := cands[0]
	res.confidence = a.model.Confidence(decision(cands, known))
	// Two gates (model.go): the quote must be able to answer the kind of
	// question at all (a "combien de temps" needs a length of time), and
	// it must hold enough of the question to be grounded.
	res.found = res.confidence >= a.threshold() && best.features[FSatisfies] > 0 && best.features[FCoverage] >= minCoverage ||
		a.opts.MinConfidence < 0
	if !res.found {
		return res, nil
	}
	res.best = []candidate{best}
	if best.window {
		next := best
		next.index, next.text, next.window = best.index+1, best.hit.Passage.Sentences[best.index+1], false
		res.best[0].window = false
		res.best = append(res.best, next)
		if best.companion > best.index { // the companion was counted in the joined passage
			best.companion++
		}
		best.text += " " + next.text // the lead is read from both
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
func match(s slot, toks []taggedWord) float64 {
	var best float64
	for _, tk := range toks {
		best = math.Max(best, tokenMatch(s, tk))
	}
	return best
}

// tokenMatch is match for one token, remembered per slot: the same word
// comes back in many sentences. A question is ranked by one goroutine, so
// the memo needs no lock.
func tokenMatch(s slot, tk taggedWord) float64 {
	key := tk.folded
	if tk.inName {
		key += "\x00"
	}
	if v, ok := s.memo[key]; ok {
		return v
	}
	var best float64
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
	if s.memo != nil {
		s.memo[key] = best
	}
	return best
}

// matchTable is how well each slot is found in each sentence of a passage
// (m[slot][sentence]) and in its document's title.
type matchTable struct {
	m     [][]float64
	title []float64
}

func matchAll(slots []slot, sents [][]taggedWord, title []taggedWord) matchTable {
	out := matchTable{m: make([][]float64, len(slots)), title: make([]float64, len(slots))}
	for k, s := range slots {
		out.m[k] = make([]float64, len(sents))
		for j := range sents {
			out.m[k][j] = match(s, sents[j])
		}
		out.title[k] = match(s, title)
	}
	return out
}

// confidence is the share of the question's weighted words that sentence i
// holds, counting at a discount those found only beside it in the passage.
func confidence(slots []slot, sents [][]taggedWord, mm matchTable, i int, total float64) float64 {
	if total == 0 {
		return 0
	}
	// A sentence that refers back ("ces mesures", "Il …") goes on with
	// what the one before it says.
	continues := i > 0 && refersBack(sents[i])
	var got float64
	for k, s := range slots {
		m := mm.m[k][i]
		if s.name && m < titleCredit && mm.title[k] > 0 {
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
				credit = neighborCredit
			}
			m = math.Max(m, credit*mm.m[k][j])
		}
		got += m * s.weight
	}
	return got / total
}

// nearMatch reports whether a token with property has lies within window
// words of a token that holds a slot (a focus slot, when the question has
// one).
func nearMatch(slots []slot, toks []taggedWord, has func(taggedWord) bool) bool {
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
				if (pass == 1 || !useFocus || s.focus) && tokenMatch(s, tk) > 0 {
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
func anchored(slots []slot, toks []taggedWord) bool {
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
func focusCounted(slots []slot, toks []taggedWord) bool {
	for _, s := range slots {
		if !s.focus || !s.known {
			continue // a focus word the base never uses is weighed by confidence instead
		}
		ok := false
		for i, tk := range toks {
			if tokenMatch(s, tk) == 0 {
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

func holdsSlot(slots []slot, tk taggedWord) bool {
	for _, s := range slots {
		if tokenMatch(s, tk) > 0 {
			return true
		}
	}
	return abbreviates(slots, tk.folded)
}

// abbreviates reports whether w is an acronym of consecutive words of the
// question: "amrc" for "association marocaine de la relation client".
// The answer is remembered in the first slot's memo.
func abbreviates(slots []slot, w string) bool {
	if len(w) < 2 || len(w) > 8 || len(slots) == 0 {
		return false
	}
	key := "\x01" + w
	if v, ok := slots[0].memo[key]; ok {
		return v > 0
	}
	var initials []rune
	for _, s := range slots {
		for _, part := range words(s.folded) {
			if r := []rune(part); len(r) > 1 || len(slots) == 1 {
				initials = append(initials, r[0])
			}
		}
	}
	ok := len(initials) >= len([]rune(w)) && strings.Contains(string(initials), w)
	if slots[0].memo != nil {
		slots[0].memo[key] = 0
		if ok {
			slots[0].memo[key] = 1
		}
	}
	return ok
}

// kindBonus rewards a sentence that holds what the question asks for near
// the words of the question, and penalises one that cannot answer it.
func kindBonus(q Question, slots []slot, toks []taggedWord) float64 {
	has := func(f func(taggedWord) bool) bool {
		for _, t := range toks {
			if f(t) {
				return true
			}
		}
		return false
	}
	isNameTok := func(t taggedWord) bool { return answerName(q, t) }
	isDate := func(t taggedWord) bool { return t.date }
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
		isNum := func(t taggedWord) bool {
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
		isTemporal := func(t taggedWord) bool { return t.temporal }
		switch {
		case nearMatch(slots, toks, isDate):
			return 0.25
		case nearMatch(slots, toks, isTemporal):
			return 0.15
		case !has(isDate) && !has(isTemporal):
			return -0.2
		}
	case KindDefinition:
		if nearMatch(slots, toks, func(t taggedWord) bool { return t.expands }) {
			return 0.25
		}
	case KindHow:
		if nearMatch(slots, toks, func(t taggedWord) bool { return t.means }) {
			return 0.15 // "grâce au télétravail"
		}
	case KindWhy:
		if nearMatch(slots, toks, func(t taggedWord) bool { return t.reason }) {
			return 0.15 // "pour préserver", "en raison de"
		}
	}
	return 0
}

// refersBack reports whether a sentence speaks of something named before
// it: a demonstrative in its first words ("Notons que ces mesures", "…,
// président de cette association") or a subject pronoun first ("Il",
// "Elle"). Further on, "en cette période" points at the present instead.
func refersBack(toks []taggedWord) bool {
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
func answerName(q Question, t taggedWord) bool {
	// A role noun ("le directeur") may say who, unless the question gives
	// the role itself ("qui est le président ?"): then only a name does.
	return t.name && !(q.NotPerson && t.person) || t.role && !q.NotPerson && !q.Role
}

// namesAnswer reports whether toks hold a name that may answer q and that
// the question does not already give.
func namesAnswer(q Question, slots []slot, toks []taggedWord) bool {
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
func dropOwnAcronyms(slots []slot, toks []taggedWord) []taggedWord {
	var out []taggedWord
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
func heldAsWritten(slots []slot, tk taggedWord) bool {
	for _, s := range slots {
		if tokenMatch(s, tk) >= fuzzyCredit {
			return true
		}
	}
	return false
}

// satisfies reports whether the best sentence can answer the kind of
// question at all: a "how many" needs a figure.
func satisfies(q Question, slots []slot, toks []taggedWord, s string) bool {
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
			if n.Kind != knowledge.QuantityOrdinal && n.Kind != knowledge.QuantityDate && (!q.Duration || n.Kind == knowledge.QuantityDuration) &&
				(!q.Age || isAge(s, n)) && (q.Unit != UnitPercent || n.Kind == knowledge.QuantityPercent) &&
				(q.Unit != UnitMoney || n.Kind == knowledge.QuantityMoney) {
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
func missingNumber(question string, have map[string]bool) bool {
	for _, n := range numberRE.FindAllString(knowledge.SearchForm(question), -1) {
		if !have[n] {
			return true
		}
	}
	return false
}
