// How a question's words are found in analysed text: the matching rules
// the features (features.go) and the composition (trim.go, lead.go) share.

package answer

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/knowledge/numbers"
)

// What a match is worth by where it is found, and how near what answers
// must stand.
const (
	inNameCredit    = 0.5 // share of the credit for a word found only inside an organisation's spelled-out name
	neighborCredit  = 0.5 // found in the sentence before or after
	passageCredit   = 0.3 // found elsewhere in the passage
	continuedCredit = 0.9 // found in the sentence before one that refers back to it ("ces mesures")
	titleCredit     = 1.0 // a name of the question found in the document's title
	openingWords    = 6   // how far into a sentence a demonstrative refers back
	window          = 10  // words between a query word and what answers it
	countWindow     = 4   // words between a figure and the noun it counts
)

// seen is a run of words (a sentence, a title, a clause) as one question
// sees it, measured once and read by every feature: how well each slot
// matches each word (m[slot][word], from tokenMatch: 1 for the word itself,
// less for a typo, synonym or translation, 0 when absent) and whether a
// word holds any slot (held: a match, or an acronym of the question's
// words).
type seen struct {
	words []taggedWord
	m     [][]float64
	held  []bool
}

// see measures words against the question's slots.
func see(slots []slot, words []taggedWord) seen {
	return seeInto(slots, words, make([][]float64, len(slots)), make([]float64, len(slots)*len(words)), make([]bool, len(words)))
}

// seeInto is see, its tables in m (one row per slot), cells (the rows'
// values) and held (one per word), all zero.
func seeInto(slots []slot, words []taggedWord, m [][]float64, cells []float64, held []bool) seen {
	sn := seen{words: words, m: m, held: held}
	for k, s := range slots {
		row := cells[k*len(words) : (k+1)*len(words)]
		for i, tk := range words {
			row[i] = tokenMatch(s, tk)
			sn.held[i] = sn.held[i] || row[i] > 0
		}
		sn.m[k] = row
	}
	for i, tk := range words {
		sn.held[i] = sn.held[i] || abbreviates(slots, tk.folded)
	}
	return sn
}

// seeAll is see of each sentence, their tables cut from three
// allocations.
func seeAll(slots []slot, sents []sentence) []seen {
	words := 0
	for _, s := range sents {
		words += len(s.words)
	}
	out := make([]seen, len(sents))
	rows := make([][]float64, len(slots)*len(sents))
	cells := make([]float64, len(slots)*words)
	held := make([]bool, words)
	for j, s := range sents {
		n := len(s.words)
		out[j] = seeInto(slots, s.words, rows[:len(slots):len(slots)], cells[:len(slots)*n:len(slots)*n], held[:n:n])
		rows, cells, held = rows[len(slots):], cells[len(slots)*n:], held[n:]
	}
	return out
}

// best is how well slot k is found anywhere in the words.
func (sn seen) best(k int) float64 {
	var best float64
	for _, v := range sn.m[k] {
		best = math.Max(best, v)
	}
	return best
}

// asWritten reports whether word i holds a word of the question as
// written, give or take a typo (not a synonym).
func (sn seen) asWritten(i int) bool {
	for _, row := range sn.m {
		if row[i] >= fuzzyCredit {
			return true
		}
	}
	return false
}

// join is sn followed by next, as two sentences quoted together.
func (sn seen) join(next seen) seen {
	out := seen{words: slices.Concat(sn.words, next.words), m: make([][]float64, len(sn.m)), held: slices.Concat(sn.held, next.held)}
	for k := range sn.m {
		out.m[k] = slices.Concat(sn.m[k], next.m[k])
	}
	return out
}

// matchMemo remembers tokenMatch for the slots of one question: the same
// word comes back in many sentences. Each token seen (by its number in
// the base's cache, see tokenKey) has a row of one value per slot (-1: not
// computed yet), all rows in one slice, so that a question allocates one
// small map for all its slots. A question is ranked by one goroutine, so
// the memo needs no lock.
type matchMemo struct {
	cache *tokenCache     // numbers the tokens that come without one
	rows  map[int32]int32 // token number → offset of its row in vals
	vals  []float64
	slots int
}

func newMatchMemo(cache *tokenCache, slots int) *matchMemo {
	return &matchMemo{cache: cache, rows: map[int32]int32{}, slots: slots}
}

// cell returns where the match of slot k with tk is kept.
func (m *matchMemo) cell(tk taggedWord, k int) *float64 {
	id := tk.id
	if id == 0 {
		id = m.cache.id(tokenKey(tk))
	}
	row, ok := m.rows[id]
	if !ok {
		row = int32(len(m.vals))
		m.rows[id] = row
		for range m.slots {
			m.vals = append(m.vals, -1)
		}
	}
	return &m.vals[int(row)+k]
}

// tokenMatch is match for one token, remembered for the question (see
// matchMemo).
func tokenMatch(s slot, tk taggedWord) float64 {
	if tk.idiom {
		return 0
	}
	var cell *float64
	if s.memo != nil {
		cell = s.memo.cell(tk, s.index)
		if *cell >= 0 {
			return *cell
		}
	}
	var best float64
	for _, t := range tk.terms {
		if c, ok := s.alts[t]; ok {
			if tk.inName && !s.name {
				c *= inNameCredit // "mondiale" in "Organisation mondiale de la santé (OMS)" says little of the world
			}
			best = math.Max(best, c)
		}
	}
	if best < fuzzyCredit && utf8.RuneCountInString(s.folded) >= 5 && (near(tk.folded, s.folded) || knowledge.SameFamily(tk.folded, s.folded) ||
		demonym(s.folded, tk.folded) || demonym(tk.folded, s.folded)) {
		best = fuzzyCredit
	}
	if cell != nil {
		*cell = best
	}
	return best
}

// matchTable is how well each slot is found in each sentence of a passage
// (m[slot][sentence]) and in its document's title.
type matchTable struct {
	m     [][]float64
	title []float64
}

func matchAll(slots []slot, sents []seen, title seen) matchTable {
	out := matchTable{m: make([][]float64, len(slots)), title: make([]float64, len(slots))}
	for k := range slots {
		out.m[k] = make([]float64, len(sents))
		for j := range sents {
			out.m[k][j] = sents[j].best(k)
		}
		out.title[k] = title.best(k)
	}
	return out
}

// confidence is the share of the question's weighted words that sentence i
// holds, counting at a discount those found only beside it in the passage.
func confidence(slots []slot, sents []sentence, mm matchTable, i int, total float64) float64 {
	if total == 0 {
		return 0
	}
	// A sentence that refers back ("ces mesures", "Il …") goes on with
	// what the one before it says.
	continues := i > 0 && refersBack(sents[i].words)
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
func nearMatch(slots []slot, sn seen, has func(taggedWord) bool) bool {
	useFocus := false
	for _, s := range slots {
		useFocus = useFocus || s.focus
	}
	var at []int
	for pass := 0; pass < 2 && len(at) == 0; pass++ {
		for i := range sn.words {
			for k, s := range slots {
				// First the focus words; when the sentence has none, any
				// word of the question.
				if (pass == 1 || !useFocus || s.focus) && sn.m[k][i] > 0 {
					at = append(at, i)
					break
				}
			}
		}
	}
	for i, tk := range sn.words {
		if !has(tk) || sn.held[i] { // the answer is not a word of the question
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
// With names, only the question's names count (in a document's title).
func anchored(slots []slot, sn seen, names bool) bool {
	loose := 0
	for k, s := range slots {
		if names && !s.name {
			continue
		}
		m := sn.best(k)
		if m >= fuzzyCredit {
			return true
		}
		if m >= synonymCredit {
			loose++
		}
	}
	return loose >= 2 // a paraphrase: two words of the question said otherwise
}

// focusCounted reports whether every focus word of the question stands
// within a few words of a figure of the sentence: "80.000 salariés" counts
// salariés. A question without a focus passes.
func focusCounted(slots []slot, sn seen) bool {
	toks := sn.words
	for k, s := range slots {
		if !s.focus || !s.known {
			continue // a focus word the base never uses is weighed by confidence instead
		}
		ok := false
		for i := range toks {
			if sn.m[k][i] == 0 {
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

// holdsWord reports whether a word, outside any measured sentence (a word
// of a lead), holds a slot: as seen.held does.
func holdsWord(slots []slot, tk taggedWord) bool {
	for _, s := range slots {
		if tokenMatch(s, tk) > 0 {
			return true
		}
	}
	return abbreviates(slots, tk.folded)
}

// abbreviates reports whether w is an acronym of consecutive words of the
// question: "oms" for "organisation mondiale de la santé". The question's
// initials are read once, in the first slot; the check itself is cheaper
// than remembering it.
func abbreviates(slots []slot, w string) bool {
	if len(w) < 2 || len(w) > 8 || len(slots) == 0 {
		return false
	}
	initials := slots[0].initials
	if initials == "" {
		initials = initialsOf(slots)
	}
	return strings.Contains(initials, w) // so initials has at least as many letters
}

// initialsOf is the first letters of the slots' words, in order, that an
// acronym of them would be made of.
func initialsOf(slots []slot) string {
	var initials []rune
	for _, s := range slots {
		for _, part := range words(s.folded) {
			if r := []rune(part); len(r) > 1 || len(slots) == 1 {
				initials = append(initials, r[0])
			}
		}
	}
	return string(initials)
}

// kindBonus rewards a sentence that holds what the question asks for near
// the words of the question, and penalises one that cannot answer it.
func kindBonus(q Question, slots []slot, sn seen) float64 {
	has := func(f func(taggedWord) bool) bool {
		for _, t := range sn.words {
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
		sn = dropOwnAcronyms(sn)
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
		case nearMatch(slots, sn, isNum):
			return 0.25
		case has(isNum):
			return 0.05
		default:
			return -0.3
		}
	case KindWho:
		if nearMatch(slots, sn, isNameTok) {
			return 0.2
		}
		if namesAnswer(q, sn) {
			return 0.05
		}
		return -0.3 // names no one the question does not already name
	case KindWhen:
		isTemporal := func(t taggedWord) bool { return t.temporal }
		switch {
		case nearMatch(slots, sn, isDate):
			return 0.25
		case nearMatch(slots, sn, isTemporal):
			return 0.15
		case !has(isDate) && !has(isTemporal):
			return -0.2
		}
	case KindDefinition:
		if nearMatch(slots, sn, func(t taggedWord) bool { return t.expands }) {
			return 0.25
		}
	case KindHow:
		if nearMatch(slots, sn, func(t taggedWord) bool { return t.means }) {
			return 0.15 // "grâce au télétravail"
		}
	case KindWhy:
		if nearMatch(slots, sn, func(t taggedWord) bool { return t.reason }) {
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
func namesAnswer(q Question, sn seen) bool {
	sn = dropOwnAcronyms(sn)
	for i, t := range sn.words {
		if answerName(q, t) && !sn.held[i] {
			return true
		}
	}
	return false
}

// dropOwnAcronyms returns toks where an acronym given in brackets after
// words of the question ("l'Organisation mondiale de la santé (OMS)" for
// "qui dirige l'organisation") is not a name: it names what
// the question already names, not who answers it.
func dropOwnAcronyms(sn seen) seen {
	var out []taggedWord
	for i, tk := range sn.words {
		if !tk.expands || !tk.name {
			continue
		}
		for j := max(0, i-window); j < i; j++ {
			if sn.asWritten(j) {
				if out == nil {
					out = slices.Clone(sn.words)
				}
				out[i].name = false
				break
			}
		}
	}
	if out != nil {
		sn.words = out
	}
	return sn
}

// satisfies reports whether the best sentence can answer the kind of
// question at all: a "how many" needs a figure.
func satisfies(q Question, s sentence, sn seen) bool {
	if q.NotPerson && (q.Kind == KindWho || q.Entity) {
		// An organisation or a place: a name that is no person's.
		sn = dropOwnAcronyms(sn)
		for i, t := range sn.words {
			if t.name && !t.person && !sn.held[i] {
				return true
			}
		}
		return false
	}
	switch q.Kind {
	case KindQuantity:
		for _, n := range s.numbers {
			if n.Kind != numbers.Ordinal && n.Kind != numbers.Date && (!q.Duration || n.Kind == numbers.Duration) &&
				(!q.Age || isAge(s.text, n)) && (q.Unit != UnitPercent || n.Kind == numbers.Percent) &&
				(q.Unit != UnitMoney || n.Kind == numbers.Money) {
				return true
			}
		}
		return false
	}
	return true
}

// missingNumber reports whether one of the question's numbers is not in
// the passage's.
func missingNumber(numbers []string, have map[string]bool) bool {
	for _, n := range numbers {
		if !have[n] {
			return true
		}
	}
	return false
}

// hasAnswerType reports whether a piece of text holds what the question
// asks for, wherever the question's words are: a figure, a name that is not
// in the question, a date, a reason.
func hasAnswerType(q Question, sn seen, text string) bool {
	for i, t := range sn.words {
		switch {
		case q.Kind == KindQuantity && t.number,
			(q.Kind == KindWho || q.Entity) && (t.name || t.role) && !sn.held[i],
			q.Kind == KindWhen && (t.date || t.number):
			return true
		}
	}
	return q.Kind == KindWhy && reasonCue().MatchString(text)
}
