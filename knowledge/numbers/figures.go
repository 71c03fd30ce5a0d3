package numbers

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/french"
)

// Figure is one key figure of a sentence: a quantity with what it counts or
// measures, read from the syntax of the sentence.
type Figure struct {
	Quantity // Start and End are byte offsets in Sentence
	// What the figure counts or measures: the noun phrase after the number
	// ("salariés", "croissance du PIB du royaume"), the one before it when
	// nothing follows ("chiffre d'affaire à l'export ... 11 milliards de
	// DH"), the event of a date or period ("visioconférence", "activité
	// rentable"). A generic noun ("cas", "fois") is completed with the
	// subject of the clause: "télétravail (des cas)". It may be empty.
	What string
	// Context is the setting of the figure: the subject of its clause
	// ("secteur", "offshoring") or, when the figure is the subject itself,
	// the place it is about ("charte de conformité sanitaire"). It may be
	// empty.
	Context string
	// Period is the date, period or year the sentence gives for the
	// figure ("troisième trimestre 2020"); for a date, period or year it is
	// the figure's own text.
	Period   string
	Sentence string // the sentence the figure comes from
}

// Label is a short description of the figure: What, with the Context in
// parentheses when there is one.
func (f Figure) Label() string {
	switch {
	case f.What == "":
		return f.Context
	case f.Context == "" || strings.Contains(f.What, f.Context):
		return f.What
	}
	return f.What + " (" + f.Context + ")"
}

// ---------------------------------------------------------------------------
// Sentence analysis

// fword is a word, a punctuation mark or a whole quantity of a sentence.
type fword struct {
	text       string
	low        string // lower case; elided words keep their apostrophe: "d'", "l'"
	start, end int
	punct      bool
	q          int  // index of the quantity this stands for, or -1
	approx     bool // part of the approximation written before a quantity
}

type sentence struct {
	s  string
	w  []fword
	qs []Quantity
	qw []int // qw[i] is the index in w of quantity i
}

func newSentence(s string) *sentence {
	r := &reader{s: s, t: tokenize(s)}
	qs := Read(s)
	st := &sentence{s: s, qs: qs, qw: make([]int, len(qs))}
	// where each quantity's approximation starts
	approxFrom := make([]int, len(qs))
	for i, q := range qs {
		approxFrom[i] = q.Start
		if q.Approx != "" {
			first := sort.Search(len(r.t), func(k int) bool { return r.t[k].start >= q.Start })
			if _, at := r.approxBefore(first); at < first {
				approxFrom[i] = r.t[at].start
			}
		}
	}
	qi := 0
	for k := 0; k < len(r.t); k++ {
		t := r.t[k]
		for qi < len(qs) && qs[qi].End <= t.start {
			qi++
		}
		if qi < len(qs) && t.start >= qs[qi].Start && t.start < qs[qi].End {
			st.qw[qi] = len(st.w)
			st.w = append(st.w, fword{text: qs[qi].Text, low: strings.ToLower(qs[qi].Text), start: qs[qi].Start, end: qs[qi].End, q: qi})
			for k+1 < len(r.t) && r.t[k+1].start < qs[qi].End {
				k++
			}
			continue
		}
		approx := qi < len(qs) && t.start >= approxFrom[qi] && t.start < qs[qi].Start
		switch t.kind {
		case tkSpace:
			continue
		case tkWord, tkDigits:
			end := t.end
			if r.isApos(k+1) && r.kind(k+2) == tkWord {
				end = r.t[k+1].end
				k++
			}
			for t.kind == tkWord && r.isPunct(k+1, "-") && r.kind(k+2) == tkWord && (qi >= len(qs) || r.t[k+2].start < qs[qi].Start) {
				end = r.t[k+2].end // "sous-traitance", "Celle-ci"
				k += 2
			}
			text := s[t.start:end]
			st.w = append(st.w, fword{text: text, low: strings.ReplaceAll(strings.ToLower(text), "’", "'"),
				start: t.start, end: end, q: -1, approx: approx})
		default:
			text := s[t.start:t.end]
			st.w = append(st.w, fword{text: text, low: text, start: t.start, end: t.end, punct: true, q: -1, approx: approx})
		}
	}
	return st
}

// The words the key figures read noun phrases with (internal/french/data).
var (
	plainDets  = french.Words("figure-determiners")
	contracted = french.Words("contracted-articles")
	preps      = french.Words("figure-prepositions")
	// complementPreps chain a noun to its complement inside a noun phrase.
	complementPreps = french.Words("complement-prepositions")
	boundaryWords   = french.Words("phrase-boundaries")
	verbs           = french.Words("figure-verbs")
	adverbs         = french.Words("figure-adverbs")
	timeWords       = french.Words("figure-time-words")
	genericHeads    = french.Words("generic-heads")
)

func (st *sentence) low(i int) string {
	if i < 0 || i >= len(st.w) || st.w[i].punct || st.w[i].q >= 0 {
		return ""
	}
	return st.w[i].low
}

// content reports whether word i can be part of a noun phrase: a word that
// is no function word, verb or adverb.
func (st *sentence) content(i int) bool {
	w := st.low(i)
	if w == "" || st.w[i].approx {
		return false
	}
	if plainDets.Has(w) || contracted.Has(w) || preps.Has(w) || boundaryWords.Has(w) || verbs.Has(w) || adverbs.Has(w) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r)
}

// verbLike reports whether word i looks like a verb: a known one, or a word
// followed by a determiner, an adverb, a number or an approximation.
func (st *sentence) verbLike(i int) bool {
	w := st.low(i)
	if verbs.Has(w) || verbs.Has(st.low(i-1)) {
		return true
	}
	if strings.HasSuffix(w, "ment") || strings.HasSuffix(w, "ant") && len(w) > 5 {
		return true
	}
	n := i + 1
	if n >= len(st.w) {
		return false
	}
	if st.w[n].q >= 0 || st.w[n].approx {
		return true
	}
	nw := st.low(n)
	return plainDets.Has(nw) || adverbs.Has(nw)
}

func (st *sentence) isPunct(i int, ps ...string) bool {
	if i < 0 || i >= len(st.w) || !st.w[i].punct {
		return false
	}
	for _, p := range ps {
		if st.w[i].text == p {
			return true
		}
	}
	return false
}

func (st *sentence) span(from, to int) string { return st.s[st.w[from].start:st.w[to].end] }

// phraseAfter reads a noun phrase starting at i, an optional determiner
// first: a head noun, one adjective, complements with "de", "à"... It
// returns the phrase without the determiner and the index after it.
func (st *sentence) phraseAfter(i int) (string, int) {
	j := i
	if plainDets.Has(st.low(j)) || contracted.Has(st.low(j)) {
		j++
	}
	if !st.content(j) {
		return "", i
	}
	start, last := j, j
	j++
	bare := 0
	for j-start < 10 && j < len(st.w) {
		w := st.low(j)
		switch {
		case st.isPunct(j, "(") && j+2 < len(st.w) && st.isPunct(j+2, ")") && isAcronym(st.w[j+1].text):
			last = j + 2
			return st.span(start, last), last + 1
		case complementPreps.Has(w):
			k := j + 1
			if (w == "de" || w == "à" || w == "d'") && (st.low(k) == "la" || st.low(k) == "l'" || st.low(k) == "les" || st.low(k) == "le") {
				k++
			}
			if !st.content(k) {
				return st.span(start, last), last + 1
			}
			last = k
			j = k + 1
			bare = 0
		case st.content(j) && bare < 1 && !st.verbLike(j):
			last = j
			j++
			bare++
		default:
			return st.span(start, last), last + 1
		}
	}
	return st.span(start, last), last + 1
}

// isAcronym reports whether s is two or more characters, all capitals or
// digits ("OCP", "G20"), as an acronym in brackets after a name is.
func isAcronym(s string) bool {
	if utf8.RuneCountInString(s) < 2 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// phraseBefore reads backwards the noun phrase that ends just before index
// i: "un chiffre d'affaire à l'export [avoisinant les 11 milliards]" gives
// "chiffre d'affaire à l'export". Articles and prepositions right before
// the number are skipped, and with skipTime time words too ("à la fin du").
func (st *sentence) phraseBefore(i int, skipTime bool) string {
	for i >= 0 {
		w := st.low(i)
		if w == "" || st.w[i].approx {
			if st.w[i].approx {
				i--
				continue
			}
			break
		}
		if plainDets.Has(w) || contracted.Has(w) || w == "de" || w == "d'" || w == "à" || w == "en" || (skipTime && timeWords.Has(w)) {
			i--
			continue
		}
		if w == "rapport" && st.low(i-1) == "par" { // "par rapport à 2022"
			i -= 2
			continue
		}
		break
	}
	end, start := i, -1
	for i >= 0 && end-i < 10 {
		w := st.low(i)
		switch {
		case w == "" || st.w[i].approx:
			i = -1
		case plainDets.Has(w):
			if i > 0 && (preps.Has(st.low(i-1)) || contracted.Has(st.low(i-1))) && st.content(i-2) {
				i--
				continue
			}
			i = -1
		case complementPreps.Has(w) && st.content(i-1):
			i--
		case st.content(i) && !(verbs.Has(w) || verbs.Has(st.low(i-1)) || st.verbLike(i) && i != end):
			start = i
			i--
		default:
			i = -1
		}
	}
	if start < 0 || start > end {
		return ""
	}
	return st.span(start, end)
}

// clauseStart is the index of the first word of the clause holding word i.
func (st *sentence) clauseStart(i int) int {
	for j := i - 1; j >= 0; j-- {
		if st.w[j].punct && !st.isPunct(j, "'", "’", "-", "%", "€", "$") {
			if st.isPunct(j, "(") && j+2 < len(st.w) && st.isPunct(j+2, ")") && isAcronym(st.w[j+1].text) {
				continue
			}
			return j + 1
		}
		if boundaryWords.Has(st.low(j)) {
			return j + 1
		}
	}
	return 0
}

// subjectAt reads the subject that opens a clause at i: a noun phrase with
// a determiner ("le secteur emploie") or a proper noun ("Marie Dupont a
// indiqué").
func (st *sentence) subjectAt(i int) string {
	if i >= len(st.w) {
		return ""
	}
	w := st.low(i)
	if plainDets.Has(w) || w == "des" {
		p, _ := st.phraseAfter(i)
		return p
	}
	if w == "" || st.w[i].approx {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(st.w[i].text)
	if !unicode.IsUpper(first) || !st.content(i) {
		return ""
	}
	j := i
	for j+1 < len(st.w) && j-i < 3 && st.content(j+1) && startsUpper(st.w[j+1].text) {
		j++
	}
	if j+1 < len(st.w) && !st.verbLike(j+1) && !verbs.Has(st.low(j+1)) {
		return ""
	}
	return st.span(i, j)
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// sentenceSubject is the first subject of any clause of the sentence,
// other than avoid.
func (st *sentence) sentenceSubject(avoid string) string {
	starts := []int{0}
	for j := range st.w {
		if (st.w[j].punct && !st.isPunct(j, "'", "’", "-")) || boundaryWords.Has(st.low(j)) {
			starts = append(starts, j+1)
		}
	}
	for _, s := range starts {
		if subj := st.subjectAt(s); subj != "" && subj != avoid && !strings.Contains(avoid, subj) {
			return subj
		}
	}
	return ""
}

// complementAfter finds the place a subject figure is about: the first
// "dans/sur/chez/auprès de + déterminant + nom" of its clause after i.
func (st *sentence) complementAfter(i int) string {
	for j := i; j < len(st.w) && j < i+12; j++ {
		if st.w[j].punct || boundaryWords.Has(st.low(j)) {
			return ""
		}
		switch st.low(j) {
		case "dans", "sur", "chez", "auprès", "within", "in":
			k := j + 1
			if st.low(k) == "de" || st.low(k) == "d'" {
				k++
			}
			if plainDets.Has(st.low(k)) || contracted.Has(st.low(k)) {
				if p, _ := st.phraseAfter(k); p != "" {
					return p
				}
			}
		}
	}
	return ""
}

func calendarKind(k Kind) bool {
	return k == Date || k == Period || k == Year || k == Time
}

// Figures returns the key figures of one sentence, in order: every
// quantity that [Read] finds in it, with what it counts or measures, its
// setting and its date or period, found from the syntax of the sentence (no
// list of expected figures is involved). Offsets are byte offsets in s.
func Figures(s string) []Figure {
	st := newSentence(s)
	out := make([]Figure, len(st.qs))
	npEnds := make([]int, len(st.qs))
	fromAfter := make([]bool, len(st.qs))
	// What, from the words around the number.
	for qi, q := range st.qs {
		out[qi] = Figure{Quantity: q, Sentence: s}
		wi := st.qw[qi]
		before := wi - 1
		for before >= 0 && st.w[before].approx {
			before--
		}
		after := wi + 1
		npEnds[qi] = after
		var what string
		switch {
		case calendarKind(q.Kind):
			what = st.phraseBefore(before, true)
		case q.Kind == Count && q.Scale == 0 || q.Kind == Ordinal:
			what, npEnds[qi] = st.phraseAfter(after)
		default:
			switch st.low(after) {
			case "de", "d'", "of":
				what, npEnds[qi] = st.phraseAfter(after + 1)
			case "du", "des":
				what, npEnds[qi] = st.phraseAfter(after)
			}
		}
		fromAfter[qi] = what != "" && !calendarKind(q.Kind)
		if what == "" && !calendarKind(q.Kind) {
			what = st.phraseBefore(before, false)
		}
		out[qi].What = what
	}
	context := func(qi int) {
		f := &out[qi]
		q := st.qs[qi]
		wi := st.qw[qi]
		cs := st.clauseStart(wi)
		subjectPosition := true
		for j := cs; j < wi; j++ {
			if !st.w[j].approx && !plainDets.Has(st.low(j)) && st.low(j) != "entre" {
				subjectPosition = false
			}
		}
		if subjectPosition && !calendarKind(q.Kind) {
			f.Context = st.complementAfter(npEnds[qi])
		} else {
			f.Context = st.subjectAt(cs)
		}
		if f.Context == "" || f.Context == f.What {
			f.Context = st.sentenceSubject(f.What)
		}
		if fromAfter[qi] && genericHeads.Has(strings.ToLower(lastWord(f.What))) && f.Context != "" {
			f.What = f.Context + " (" + strings.TrimSpace(s[q.End:st.w[npEnds[qi]-1].end]) + ")"
		}
		if f.What == "" {
			f.What, f.Context = f.Context, ""
		}
		if f.Context == f.What {
			f.Context = ""
		}
	}
	for qi := range out {
		if !calendarKind(out[qi].Kind) {
			context(qi)
		}
	}
	// A date, period or year with no event of its own dates the nearest
	// figure of the sentence, preferably one of its clause.
	for qi := range out {
		if !calendarKind(out[qi].Kind) {
			continue
		}
		if out[qi].What == "" {
			if best := st.nearest(qi, func(o Quantity) bool { return !calendarKind(o.Kind) }, out); best >= 0 {
				out[qi].What = out[best].What
			}
		}
		context(qi)
	}
	for qi, q := range st.qs {
		f := &out[qi]
		// when
		if calendarKind(q.Kind) {
			f.Period = q.Text
			continue
		}
		best := st.nearest(qi, func(o Quantity) bool { return calendarKind(o.Kind) && o.Kind != Time }, out)
		if best >= 0 {
			f.Period = st.qs[best].Text
		}
	}
	return out
}

// nearest returns the index of the figure closest to figure qi that
// satisfies ok and has a What, preferring one of the same clause, or -1.
func (st *sentence) nearest(qi int, ok func(Quantity) bool, figs []Figure) int {
	best, bestScore := -1, 0
	cs := st.clauseStart(st.qw[qi])
	for oi, o := range st.qs {
		if oi == qi || !ok(o) || (!calendarKind(o.Kind) && figs[oi].What == "") {
			continue
		}
		score := absInt(st.qw[oi] - st.qw[qi])
		if st.clauseStart(st.qw[oi]) != cs {
			score += 1000
		}
		if best < 0 || score < bestScore {
			best, bestScore = oi, score
		}
	}
	return best
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
