// Stage 1, analyse (after question.go): the weighted words of a question
// and the terms of the knowledge base that stand for each (typos,
// compounds, families, verb forms, synonyms, translations).

package answer

import (
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/articlebot/articlebot/internal/french"
	"github.com/articlebot/articlebot/knowledge"
)

// What each kind of match is worth towards a word of the question being
// found: a slot's alternatives carry these credits (match.go has those of
// where it is found). The weights that turn features into a score are
// learned (model.go, model.txt).
const (
	fuzzyCredit      = 0.7  // a query word one typo away from a text word
	synonymCredit    = 0.6  // a thesaurus synonym of the query word
	knownSynonym     = 0.7  // share of that credit when the word itself is in the base
	inflectionCredit = 0.9  // another form of the same verb ("meurt" for "mort")
	translateCredit  = 0.85 // a French translation of an English query word
)

// How much each word of a question weighs.
const (
	historyWeight  = 1   // terms of the previous question, in a follow-up that needs them
	assertedWeight = 0.5 // the verb a yes/no question asks about weighs this share
	unknownWeight  = 0.3 // weight of a word the knowledge base never uses, relative to the rarest
	unknownCrux    = 2   // the same for a name or the focus of the question: it decides
	focusWeight    = 2   // what is counted or asked about weighs more than the other words
)

// Lexicon bridges vocabulary gaps: French synonyms and English-to-French
// translations of question words. It may be nil.
type Lexicon interface {
	Expand(word string) []string // dictionary forms and synonyms of a French word
	Translate(english string) []string
	Infinitives(form string) []string     // the French verbs form conjugates ("meurt": "mourir")
	VerbForms(infinitive string) []string // a French verb's forms ("mourir": "meurt", "mort"…)
}

// slot is one content word of the question with the index terms that
// count as finding it, each with its credit.
type slot struct {
	word     string // as asked
	folded   string // lowercased, accents removed: for typo matching
	alts     map[string]float64
	weight   float64
	focus    bool       // names what is asked about ("salariés" in "combien de salariés")
	name     bool       // a proper name ("Museveni", "OMS")
	known    bool       // the word, or one of its alternatives, occurs in the base
	memo     *matchMemo // token matches already computed (tokenMatch), shared by the question's slots
	index    int        // the slot's place in the question's slots: its column in memo
	initials string     // the first letters of the question's words (in the first slot; "": not yet read)
}

// questionWords splits text into words as written, apostrophes kept so
// that elisions ("l'OMS") analyse well; hyphens split, so that inversions
// ("enfle-t-il") leave the verb alone.
func questionWords(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '%' && r != '.' && r != ','
	})
}

// query is a question analysed against one knowledge base, once, and
// passed down every stage of the pipeline (pipeline.go).
type query struct {
	Question
	slots             []slot   // its weighted content words
	search, expansion string   // the words to search for; further words, at a discount
	numbers           []string // the figures and years it names, as the index reads them
	total             float64  // the slots' total weight
	known             float64  // share of that weight that the base uses
}

// analyze is the first stage: the question's weighted words, what to
// search for, and what the base knows of them. history, if given, lends
// the previous question's words to a follow-up.
func (a *Answerer) analyze(base *knowledge.Base, q Question, history []Turn) query {
	qa := query{Question: q, numbers: questionNumbers(q.body)}
	qa.slots, qa.search, qa.expansion = a.slots(base, q, history)
	for _, s := range qa.slots {
		qa.total += s.weight
		if s.known {
			qa.known += s.weight
		}
	}
	if qa.total > 0 {
		qa.known /= qa.total
	}
	if len(qa.slots) > 0 {
		qa.slots[0].initials = initialsOf(qa.slots)
	}
	memo := newMatchMemo(a.cacheFor(base), len(qa.slots))
	for k := range qa.slots {
		qa.slots[k].memo, qa.slots[k].index = memo, k
	}
	return qa
}

// slots analyses the question into weighted content words.
func (a *Answerer) slots(base *knowledge.Base, q Question, history []Turn) (slots []slot, search, expansion string) {
	cache := a.cacheFor(base)
	terms := cache.terms
	cueTerms := map[string]bool{}
	for _, t := range terms(strings.Join(q.cues, " ")) { // remembered: questions come back to the same cues
		cueTerms[t] = true
	}
	cueWords := set(q.cues...) // folded, for accented forms the analyser keeps ("où")
	focus := set(q.Focus...)   // folded words
	maxIDF := base.IDF("\x00") // the weight of a term no passage holds
	seen := map[string]bool{}
	var extra, kept []string
	add := func(text, lang string, factor float64) {
		qw := questionWords(text)
		folded := make([]string, len(qw))
		for i, w := range qw {
			folded[i] = fold(w)
		}
		idiom := map[int]bool{}
		for _, i := range inLocutions(folded) {
			idiom[i] = true // "temps" in "ces derniers temps": not a word to find
		}
		for i, w := range qw {
			if idiom[i] {
				continue
			}
			if lang == "en" && a.englishStop[lastWord(w)] || frenchFunctionWords.Has(lastWord(w)) {
				continue
			}
			if cueWords[lastWord(w)] && len(words(fold(w))) == 1 {
				continue
			}
			if q.Entity && len(q.Focus) > 0 && lastWord(w) == q.Focus[0] {
				continue // "pays" in "dans quel pays": the kind of answer, not a word to find
			}
			for _, t := range terms(w) {
				if cueTerms[t] || seen[t] {
					continue
				}
				seen[t] = true
				kept = append(kept, w)
				s, more := a.newSlot(base, cache, q, w, t, lang, focus[lastWord(w)], maxIDF)
				extra = append(extra, more...)
				if q.Asserted != "" && lastWord(w) == q.Asserted {
					s.weight *= assertedWeight // asked whether it holds: the text may say otherwise
				}
				s.weight *= factor
				slots = append(slots, s)
			}
		}
	}
	add(q.body, q.Lang, 1)
	if len(history) > 0 {
		prev := Analyze(history[len(history)-1].Question)
		for _, t := range terms(strings.Join(prev.cues, " ")) {
			cueTerms[t] = true
		}
		add(prev.Text, prev.Lang, historyWeight)
	}
	// The index is searched for the words the slots hold, not for the
	// question as written: its interrogatives and function words ("combien",
	// "quand", "a") would favour passages that merely use them.
	return slots, strings.Join(kept, " "), strings.Join(extra, " ")
}

// sameVerb returns the other forms of the verbs that w is a form of.
func (a *Answerer) sameVerb(w string) []string {
	if a.lex == nil {
		return nil
	}
	var out []string
	for _, inf := range a.lex.Infinitives(w) {
		out = append(out, a.lex.VerbForms(inf)...)
	}
	return out
}

// inDictionary reports whether the lexicon knows w as a word of the
// question's language: then it is no typo of a word of the base.
func (a *Answerer) inDictionary(w, lang string) bool {
	if a.lex == nil {
		return false
	}
	lw := strings.ToLower(w)
	if lang == "en" {
		return len(a.lex.Translate(lw)) > 0
	}
	return len(a.lex.Expand(lw)) > 0
}

// reach records in s.alts the terms of the base that word stands for, at
// credit: its own terms, else, if derived, (at a discount) the compounds
// and close family of word that the base uses ("présidé": "président", "fiévreux":
// "fièvre"). It returns the words to add to the search.
func (s *slot) reach(base *knowledge.Base, cache *tokenCache, word string, credit float64, derived bool) []string {
	var extra []string
	found := false
	for _, at := range cache.terms(word) {
		if base.Known(at) {
			found = true
			if s.alts[at] < credit {
				s.alts[at] = credit
				extra = append(extra, word)
			}
		}
	}
	if found || !derived {
		return extra
	}
	for _, cw := range cache.derived(word) {
		for _, at := range cache.terms(cw) {
			if base.Known(at) && s.alts[at] < credit*fuzzyCredit {
				s.alts[at] = credit * fuzzyCredit
				extra = append(extra, cw)
			}
		}
	}
	return extra
}

// newSlot builds the slot of question word w (index term t, in language
// lang): the terms of the base that stand for it, with their credit, and
// its weight. It also returns the words to add to the search.
func (a *Answerer) newSlot(base *knowledge.Base, cache *tokenCache, q Question, w, t, lang string, isFocus bool, maxIDF float64) (slot, []string) {
	var extra []string
	s := slot{word: w, folded: fold(w), alts: map[string]float64{t: 1}, focus: isFocus}
	s.name = isName(strings.Trim(w, "'-.,%"), 1)
	// The word a question turns on: a name, or its focus — but not
	// in "quel est le sujet…", where the first focus word names the
	// kind of answer, nor in "qui a dit…", where it is a verb.
	crux := s.focus && (q.Kind != KindWho || q.Role) && !(q.Kind == KindWhat && len(q.Focus) > 0 && lastWord(w) == q.Focus[0]) ||
		s.name || q.Predicate != "" && lastWord(w) == q.Predicate
	if !base.Known(t) {
		// A typo of a word of the base first; else translations
		// or synonyms.
		alts := map[string]float64{}
		if !remember(cache, "dictionary\x00"+lang+"\x00"+w, func() bool { return a.inDictionary(w, lang) }) { // "mort" is no typo of "mont"
			for _, sw := range base.Suggest(w) {
				alts[sw] = fuzzyCredit
			}
			// A word cut short, as chat does: "visio".
			for _, cw := range base.Completions(lastWord(w)) {
				alts[cw] = fuzzyCredit
			}
		}
		// A compound of the word ("télétravail" for "travail").
		for _, cw := range cache.compounds(lastWord(w)) {
			alts[cw] = fuzzyCredit
		}
		// In a fixed order: the search words' order is the order bleve
		// sums their scores in, and float sums differ in the last bit.
		var order []string
		if len(alts) == 0 {
			alts, order = cache.alternatives(a, w, lang, crux)
		} else {
			order = slices.Sorted(maps.Keys(alts))
		}
		for _, word := range order {
			extra = append(extra, s.reach(base, cache, word, alts[word], true)...)
		}
	}
	if lang == "fr" && !s.name {
		// Other forms of the same verb: "mort" finds "meurt".
		for _, f := range remember(cache, "verb\x00"+lastWord(w), func() []string { return a.sameVerb(lastWord(w)) }) {
			extra = append(extra, s.reach(base, cache, f, inflectionCredit, false)...)
		}
	}
	weightOf := map[string]bool{}
	for at := range s.alts {
		weightOf[at] = true
	}
	switch lastWord(w) {
	case "pere", "father":
		s.alts[parentTerm+"pere"] = synonymCredit // "fils d'un…" names him
	case "mere", "mother":
		s.alts[parentTerm+"mere"] = synonymCredit
	}
	if base.Known(t) && !crux && lang == "fr" && !s.name {
		// A word of the base may still be written otherwise where
		// the answer is ("chaussures", "souliers").
		alts, order := cache.alternatives(a, w, lang, crux)
		for _, word := range order {
			// Not their derived forms: two steps from a word the base has.
			extra = append(extra, s.reach(base, cache, word, alts[word]*knownSynonym, false)...)
		}
	}
	for at := range weightOf {
		if base.Known(at) {
			s.known = true
			s.weight = math.Max(s.weight, base.IDF(at))
		}
	}
	switch {
	case s.weight == 0 && crux:
		s.weight = unknownCrux * maxIDF
	case s.weight == 0 && lang == "en":
		// Most English words have no translation at hand: an
		// unmatched one says less than in French.
		s.weight = unknownWeight / 2 * maxIDF
	case s.weight == 0:
		s.weight = unknownWeight * maxIDF
	case s.focus && (q.Kind != KindWho || q.Role):
		// Not the verb of "qui est mort…": no weightier than the rest.
		s.weight *= focusWeight
	}
	return s, extra
}

// alternatives is a.alternatives, remembered, with its words in order.
func (c *tokenCache) alternatives(a *Answerer, w, lang string, crux bool) (map[string]float64, []string) {
	key := "alternatives\x00" + lang + "\x00" + w
	if crux {
		key += "\x00crux"
	}
	alts := remember(c, key, func() sortedAlternatives {
		m := a.alternatives(w, lang, crux)
		return sortedAlternatives{m, slices.Sorted(maps.Keys(m))}
	})
	return alts.credit, alts.order
}

// sortedAlternatives are the alternatives of a word and their words in
// order.
type sortedAlternatives struct {
	credit map[string]float64
	order  []string
}

// compounds is base.Compounds of one word, remembered.
func (c *tokenCache) compounds(w string) []string {
	return remember(c, "compounds\x00"+w, func() []string { return c.base.Compounds(w) })
}

// derived are the compounds and close family of w that the base uses
// (see slot.reach), remembered: both scan the base's vocabulary.
func (c *tokenCache) derived(w string) []string {
	return remember(c, "derived\x00"+w, func() []string {
		return slices.Concat(c.base.Compounds(w), closeFamily(w, c.base.Family(w)))
	})
}

// alternatives are the words that may stand for w in the knowledge base:
// French translations of an English word (and, further off, their
// synonyms), or synonyms of a French word. The thesaurus is too loose for
// the word a question turns on (crux): it gets translations only.
func (a *Answerer) alternatives(w, lang string, crux bool) map[string]float64 {
	out := map[string]float64{}
	if a.lex == nil {
		return out
	}
	lw := strings.ToLower(w)
	if lang == "en" {
		for _, t := range a.lex.Translate(lw) {
			out[t] = translateCredit
			for _, s := range a.lex.Expand(t) {
				if _, ok := out[s]; !ok {
					out[s] = translateCredit * synonymCredit
				}
			}
		}
		return out
	}
	if crux {
		return out
	}
	for _, s := range a.lex.Expand(lw) {
		out[s] = synonymCredit
	}
	return out
}

// frenchFunctionWords are kept by the index's stop list (they can be
// other words there) but never carry a question's meaning.
var frenchFunctionWords = french.Words("french-function-words")

// followUpWords, first in a question, make it lean on the one before.
var followUpWords = french.Words("follow-up-words")

// isFollowUp reports whether a question may lean on the one before: it is
// short, or starts with a connective or pronoun ("et en 2019 ?", "qui l'a
// dit ?").
func isFollowUp(q Question, nwords int) bool {
	ws := words(fold(q.Text))
	if nwords <= 5 || len(ws) == 0 {
		return true
	}
	return followUpWords.Has(ws[0])
}

// closeFamily keeps the words of ws whose shared beginning with w covers
// four fifths of the shorter: a synonym's family is two steps from the
// question ("économie", "diplomatie", not "diplômés").
func closeFamily(w string, ws []string) []string {
	fw := []rune(fold(w))
	var out []string
	for _, c := range ws {
		rc := []rune(c)
		n := 0
		for n < len(fw) && n < len(rc) && fw[n] == rc[n] {
			n++
		}
		if float64(n) >= 0.8*float64(min(len(fw), len(rc))) {
			out = append(out, c)
		}
	}
	return out
}

// demonym reports whether folded word adj is the adjective of place name
// ("marocaine" of "maroc"): knowledge.Demonym.
func demonym(adj, name string) bool { return knowledge.Demonym(adj, name) }

// questionNumbers are the numbers a question names (a year, a figure), as
// the index reads them.
func questionNumbers(question string) []string {
	return numberRE.FindAllString(knowledge.SearchForm(question), -1)
}
