package answer

import (
	"context"
	"errors"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
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
	translateCredit  = 0.85 // a French translation of an English query word
	neighbourCredit  = 0.5  // found in the sentence before or after
	passageCredit    = 0.3  // found elsewhere in the passage
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
	word   string // as asked
	folded string // lowercased, accents removed: for typo matching
	alts   map[string]float64
	weight float64
	focus  bool // names what is asked about ("salariés" in "combien de salariés")
	name   bool // a proper name ("Museveni", "AMRC")
	known  bool // the word, or one of its alternatives, occurs in the base
}

// candidate is one sentence considered as an answer.
type candidate struct {
	hit        knowledge.Hit
	rank       int    // rank of its passage in the search
	index      int    // sentence index in the passage
	text       string // the sentence
	confidence float64
	score      float64
}

// result is what retrieval and ranking found for a question.
type result struct {
	lead       string // a short direct answer read from the quote, or ""
	hits       []knowledge.Hit
	best       []candidate // the sentences to quote, best first; empty when not found
	found      bool
	confidence float64
}

// questionWords splits text into words as written, apostrophes kept so
// that elisions ("l'AMRC") analyse well; hyphens split, so that inversions
// ("enfle-t-il") leave the verb alone.
func questionWords(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '%' && r != '.' && r != ','
	})
}

// slots analyses the question into weighted content words.
func (a *Answerer) slots(base *knowledge.Base, q Question, history []Turn) (slots []slot, search string) {
	cueTerms := map[string]bool{}
	for _, t := range base.Terms(strings.Join(q.cues, " ")) {
		cueTerms[t] = true
	}
	cueWords := set(q.cues...) // folded, for accented forms the analyser keeps ("où")
	focus := set(q.Focus...)   // folded words
	maxIDF := base.IDF("\x00") // the weight of a term no passage holds
	seen := map[string]bool{}
	var extra []string
	add := func(text, lang string, factor float64) {
		for _, w := range questionWords(text) {
			if lang == "en" && a.englishStop[lastWord(w)] || frenchFunctionWords[lastWord(w)] {
				continue
			}
			if cueWords[lastWord(w)] && len(words(fold(w))) == 1 {
				continue
			}
			if q.Entity && len(q.Focus) > 0 && lastWord(w) == q.Focus[0] {
				continue // "pays" in "dans quel pays": the kind of answer, not a word to find
			}
			for _, t := range base.Terms(w) {
				if cueTerms[t] || seen[t] {
					continue
				}
				seen[t] = true
				s := slot{word: w, folded: fold(w), alts: map[string]float64{t: 1}, focus: focus[lastWord(w)]}
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
					if !a.inDictionary(w, lang) { // "mort" is no typo of "mont"
						for _, sw := range base.Suggest(w) {
							alts[sw] = fuzzyCredit
						}
						// A word cut short, as chat does: "visio".
						for _, cw := range base.Completions(lastWord(w)) {
							alts[cw] = fuzzyCredit
						}
					}
					// A compound of the word ("télétravail" for "travail").
					for _, cw := range base.Compounds(lastWord(w)) {
						alts[cw] = fuzzyCredit
					}
					if len(alts) == 0 {
						alts = a.alternatives(w, lang, crux)
					}
					for word, credit := range alts {
						extra = append(extra, s.reach(base, word, credit, true)...)
					}
				}
				if lang == "fr" && !s.name {
					// Other forms of the same verb: "mort" finds "meurt".
					for _, f := range a.sameVerb(lastWord(w)) {
						extra = append(extra, s.reach(base, f, inflectionCredit, false)...)
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
					for word, credit := range a.alternatives(w, lang, crux) {
						// Not their derived forms: two steps from a word the base has.
						extra = append(extra, s.reach(base, word, credit*knownSynonym, false)...)
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
				case s.focus:
					s.weight *= focusWeight
				}
				s.weight *= factor
				slots = append(slots, s)
			}
		}
	}
	add(q.body, q.Lang, 1)
	search = q.body
	if len(history) > 0 {
		prev := Analyze(history[len(history)-1].Question)
		for _, t := range base.Terms(strings.Join(prev.cues, " ")) {
			cueTerms[t] = true
		}
		add(prev.Text, prev.Lang, historyWeight)
		search += " " + prev.Text
	}
	if len(extra) > 0 {
		search += " " + strings.Join(extra, " ")
	}
	return slots, search
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
func (s *slot) reach(base *knowledge.Base, word string, credit float64, derived bool) []string {
	var extra []string
	found := false
	for _, at := range base.Terms(word) {
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
	for _, cw := range append(base.Compounds(word), closeFamily(word, base.Family(word))...) {
		for _, at := range base.Terms(cw) {
			if base.Known(at) && s.alts[at] < credit*fuzzyCredit {
				s.alts[at] = credit * fuzzyCredit
				extra = append(extra, cw)
			}
		}
	}
	return extra
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
var frenchFunctionWords = set("a", "y", "t", "c", "ca", "qu", "il", "elle", "on", "ils", "elles", "eux", "leur", "leurs",
	"contre", "pendant", "avant", "apres", "depuis", "sans", "sous", "chez", "vers", "selon", "ainsi", "aussi",
	"alors", "donc", "encore", "deja", "tres", "trop", "bien", "plutot", "vraiment", "tout", "tous", "toute", "toutes",
	"cela", "ceci", "ceux", "celles", "faire", "fait", "font", "fais", "vont", "va", "peut", "peuvent")

var followUpWords = set("et", "il", "elle", "ils", "elles", "ca", "cela", "celui", "celle", "lui", "leur",
	"en", "y", "ce", "and", "it", "they", "that", "this", "he", "she", "them", "those", "alors", "donc")

// isFollowUp reports whether a question may lean on the one before: it is
// short, or starts with a connective or pronoun ("et en 2019 ?", "qui l'a
// dit ?").
func isFollowUp(q Question, nwords int) bool {
	ws := words(fold(q.Text))
	if nwords <= 5 || len(ws) == 0 {
		return true
	}
	return followUpWords[ws[0]]
}

// token is one word of a sentence with what the ranking needs to know of it.
type token struct {
	folded   string // the word lowercased without accents
	terms    []string
	number   bool // a figure in digits
	spelled  bool // part of a quantity written in words ("deux années")
	duration bool // part of a length of time or an age ("15 ans", "deux années")
	age      bool // part of an age ("à 15 ans", "âgé de vingt ans")
	name     bool
	date     bool
	temporal bool // a word that places something in time ("durant", "lors", "enfance")
	reason   bool // a word that gives a reason or purpose ("car", "pour assurer")
	means    bool // a word that gives a way or means ("grâce", "via")
	expands  bool // an acronym in brackets after its expansion: "(AMRC)"
	role     bool // a noun naming a person by office or relation: "président", "fils"
}

func (a *Answerer) tokens(base *knowledge.Base, s string) []token {
	var out []token
	var starts []int
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		f := s[i:j]
		clean := strings.Trim(f, "«»\"'(),.;:!?")
		last := lastWord(clean)
		out = append(out, token{folded: fold(clean), terms: base.Terms(f), expands: acronymDef.MatchString(f),
			role: roleNouns[last] || personNouns[last], number: startsWithDigit(clean), name: isName(clean, len(out)),
			date: dateWords.MatchString(clean), temporal: temporalWords[last] || strings.EqualFold(clean, "dès")})
		starts = append(starts, i)
		i = j
	}
	for i := range out {
		w := out[i].folded
		if childNouns[w] && i+1 < len(out) {
			switch out[i+1].folded {
			case "d'un", "du":
				out[i].terms = append(slices.Clip(out[i].terms), parentTerm+"pere")
			case "d'une":
				out[i].terms = append(slices.Clip(out[i].terms), parentTerm+"mere")
			}
		}
		out[i].means = meansWords[w]
		// "pour" gives a purpose before a verb ("pour assurer", "pour
		// qu'il"), not before a noun ("pour le secteur").
		out[i].reason = reasonWords[w] || w == "pour" && i+1 < len(out) && infinitiveLike(out[i+1].folded)
	}
	// Quantities as the number reader sees them: durations and ages, and
	// figures written in words.
	for _, q := range knowledge.ReadNumbers(s) {
		for i, at := range starts {
			if at < q.Start || at >= q.End {
				continue
			}
			switch q.Kind {
			case knowledge.KindDuration:
				out[i].duration = true
				out[i].age = isAge(s, q)
			case knowledge.KindDate, knowledge.KindYear, knowledge.KindPeriod:
				out[i].date = true
			}
			out[i].spelled = out[i].spelled || q.Spelled && q.Kind != knowledge.KindOrdinal
		}
	}
	// A day before a month ("23 avril") and a year are dates, not counts.
	for i := range out {
		switch {
		case out[i].number && i+1 < len(out) && out[i+1].date && !yearRE.MatchString(out[i+1].folded):
			out[i].number, out[i].date = false, true
		case out[i].number && yearRE.MatchString(out[i].folded):
			out[i].number = false
		}
	}
	return out
}

var yearRE = regexp.MustCompile(`^(19|20)\d\d$`)

// tokenCache keeps the analysed sentences of one knowledge base.
type tokenCache struct {
	base *knowledge.Base
	m    sync.Map // passage id -> [][]token
}

func (c *tokenCache) sentences(a *Answerer, base *knowledge.Base, p knowledge.Passage) [][]token {
	if v, ok := c.m.Load(p.ID()); ok {
		return v.([][]token)
	}
	sents := make([][]token, len(p.Sentences))
	for i, s := range p.Sentences {
		sents[i] = a.tokens(base, s)
	}
	c.m.Store(p.ID(), sents)
	return sents
}

func (c *tokenCache) title(a *Answerer, base *knowledge.Base, title string) []token {
	key := "title\x00" + title
	if v, ok := c.m.Load(key); ok {
		return v.([]token)
	}
	toks := a.tokens(base, title)
	c.m.Store(key, toks)
	return toks
}

// cacheFor returns the token cache of base, starting a new one when a
// reload replaced the base.
func (a *Answerer) cacheFor(base *knowledge.Base) *tokenCache {
	c := a.cache.Load()
	if c != nil && c.base == base {
		return c
	}
	c = &tokenCache{base: base}
	a.cache.Store(c)
	return c
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
			if q.Kind == KindQuantity && !focusCounted(slots, sents[i]) {
				penalty *= uncounted
			}
			if !anchored(slots, sents[i]) && !anchored(nameSlots(slots), titleToks) {
				penalty *= unanchored
			}
			if q.Entity && !hasAnswerType(q, slots, sents[i], s) {
				penalty *= unnamed
			}
			score := penalty*(conf+bonus) + 0.05/float64(1+r)
			cands = append(cands, candidate{hit: h, rank: r, index: i, text: s, confidence: penalty * math.Max(0, math.Min(1, conf+bonus)), score: score})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	best := cands[0]
	res.confidence = best.confidence
	res.found = best.confidence >= a.opts.MinConfidence && satisfies(q, best.text) || a.opts.MinConfidence < 0
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
				best = math.Max(best, c)
			}
		}
		if best < fuzzyCredit && utf8.RuneCountInString(s.folded) >= 5 && (near(tk.folded, s.folded) || sameFamily(tk.folded, s.folded) ||
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
			if abs(j-i) == 1 {
				credit = neighbourCredit
			}
			m = math.Max(m, credit*match(s, sents[j]))
		}
		got += m * s.weight
	}
	return got / total
}

var (
	dateWords  = regexp.MustCompile(`(?i)^(janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|trimestre|semestre|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|(19|20)\d\d|hier|demain|aujourd'hui|january|february|march|april|may|june|july|august|september|october|november|december)$`)
	reasonCue  = regexp.MustCompile(`(?i)\b(pour|afin|car|parce|grâce|en raison|dû|due|puisque|because|since|so that|besoin|objectif|ambition|important)\b`)
	acronymDef = regexp.MustCompile(`^\(\p{Lu}{2,}\)`)
)

// isName reports whether word w (the i-th of its sentence) names a person
// or organisation: an acronym, or a capitalised word not starting the
// sentence.
func isName(w string, i int) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || strings.ContainsAny(w, "0123456789") {
		return false
	}
	return i > 0 || isAcronym(w)
}

// roleNouns name people by their office: they answer "qui" as well as a
// name does ("souligne le président").
var roleNouns = set("president", "presidente", "directeur", "directrice", "ministre", "secretaire", "maire",
	"fondateur", "fondatrice", "dirigeant", "dirigeante", "patron", "patronne", "porte", "responsable",
	"chairman", "president", "director", "minister", "secretary", "founder", "spokesman", "spokesperson", "ceo")

// meansWords introduce how something is done; reasonWords why.
var (
	meansWords  = set("grace", "moyen", "moyens", "via", "moyennant", "recours", "recourant", "aide", "utilisant", "thanks", "through", "using", "by")
	reasonWords = set("afin", "car", "parce", "raison", "cause", "puisque", "because", "since", "due", "besoin", "objectif", "but")
)

// infinitiveLike reports whether a folded word looks like a French
// infinitive or starts a clause: "assurer", "garantir", "prendre", "que".
func infinitiveLike(w string) bool {
	if w == "que" || strings.HasPrefix(w, "qu'") || w == "ne" || w == "se" || strings.HasPrefix(w, "s'") {
		return true
	}
	return len(w) > 3 && (strings.HasSuffix(w, "er") || strings.HasSuffix(w, "ir") || strings.HasSuffix(w, "re") || strings.HasSuffix(w, "oir"))
}

// childNouns followed by "d'un" or "d'une" name the father or the mother
// ("Fils d'un riche propriétaire"): the token then also holds the term
// parentTerm+"pere" or "mere", found by a question on the father or mother.
var childNouns = set("fils", "fille", "enfant", "filles", "enfants")

const parentTerm = "\x00parent:"

// personNouns name people by what they are to others: a "qui" question
// is answered by "leur fils" or "un étranger" when the text names no one.
var personNouns = set("pere", "mere", "fils", "fille", "frere", "soeur", "enfant", "enfants", "parents", "epouse",
	"epoux", "mari", "femme", "veuve", "oncle", "tante", "cousin", "cousine", "neveu", "niece", "grand-pere",
	"grand-mere", "homme", "hommes", "femmes", "etranger", "etrangere", "inconnu", "inconnue", "ami", "amie", "voisin",
	"voisine", "maitre", "eleve", "etudiant", "etudiante", "apprenti", "pasteur", "pretre", "medecin", "biographe",
	"auteur", "successeur", "predecesseur", "heritier", "heritiere", "disciple", "temoin", "roi", "reine", "prince",
	"princesse", "empereur", "father", "mother", "daughter", "brother", "sister", "wife", "husband",
	"jeunes", "diplomes", "laureats", "etudiants", "eleves", "ouvriers", "travailleurs", "cadres", "habitants",
	"citoyens", "adultes", "personnes", "gens", "retraites", "chomeurs", "benevoles", "militants",
	"stranger", "friend", "teacher", "student", "priest", "doctor", "king", "queen", "graduates", "workers", "people") // not "son": French "his"

// temporalWords place an event in time without a date: "durant
// l'apprentissage", "lors de", "dès l'enfance".
// ("dès" is told from "des" before folding.)
var temporalWords = set("durant", "pendant", "lors", "avant", "apres", "depuis", "jusqu", "jusque",
	"enfance", "jeunesse", "adolescence", "vieillesse", "automne", "hiver", "printemps", "matin", "soir", "nuit",
	"siecle", "epoque", "periode", "moment", "naissance", "mort", "deces", "during", "before", "after", "since",
	"until", "childhood", "youth")

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
// written, give or take a typo or a translation: synonyms alone are too
// loose to answer on.
func anchored(slots []slot, toks []token) bool {
	for _, s := range slots {
		if match(s, toks) >= fuzzyCredit {
			return true
		}
	}
	return false
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
	isNameTok := func(t token) bool { return t.name || t.role }
	isDate := func(t token) bool { return t.date }
	kind := q.Kind
	if q.Entity {
		kind = KindWho // a place or organisation: a name the question does not give
	}
	if kind == KindWho {
		toks = dropOwnAcronyms(slots, toks)
	}
	switch {
	case kind == KindQuantity && q.Duration:
		isDuration := func(t token) bool { return t.duration && (t.age || !q.Age) }
		switch {
		case nearMatch(slots, toks, isDuration):
			return 0.25
		case has(isDuration):
			return 0.1
		default:
			return -0.3
		}
	}
	switch kind {
	case KindQuantity:
		isNum := func(t token) bool { return t.number || t.spelled }
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
		if has(func(t token) bool { return (t.name || t.role) && !holdsSlot(slots, t) }) {
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
			return 0.1 // "grâce au télétravail"
		}
	case KindWhy:
		if nearMatch(slots, toks, func(t token) bool { return t.reason }) {
			return 0.1 // "pour préserver", "en raison de"
		}
	}
	return 0
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
func satisfies(q Question, s string) bool {
	switch q.Kind {
	case KindQuantity:
		for _, n := range knowledge.ReadNumbers(s) {
			if n.Kind != knowledge.KindOrdinal && n.Kind != knowledge.KindDate && (!q.Duration || n.Kind == knowledge.KindDuration) &&
				(!q.Age || isAge(s, n)) {
				return true
			}
		}
		return false
	}
	return true
}

// agePrefix ends the text before an age: "à 15 ans", "âgé de 20 ans",
// "à l'âge de trois ans".
var agePrefix = regexp.MustCompile(`(?i)(?:(?:^|\s)(?:à|a)|âge\s+de|âgée?s?\s+de|age\s+de|agée?s?\s+de)\s*$`)

// isAge reports whether quantity n of sentence s is an age: years after
// "à" or "âgé de".
func isAge(s string, n knowledge.Quantity) bool {
	return n.Kind == knowledge.KindDuration && n.Unit == "an" && agePrefix.MatchString(s[:n.Start])
}

// figureRE finds a figure: digits that start a word ("Covid-19" holds none).
var figureRE = regexp.MustCompile(`(?:^|[\s(«])\d`)

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

// lastWord is the last folded word of w: "objectif" for "l'objectif".
func lastWord(w string) string {
	ws := words(fold(w))
	if len(ws) == 0 {
		return ""
	}
	return ws[len(ws)-1]
}

// sameFamily: see knowledge.SameFamily.
func sameFamily(a, b string) bool { return knowledge.SameFamily(a, b) }

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

// demonymSuffixes make the adjective of a place: "marocaine", "ougandais".
var demonymSuffixes = []string{"iennes", "ienne", "aines", "aises", "oises", "iens", "aine", "ains", "aise", "oise",
	"anes", "ien", "ain", "ais", "ois", "ane", "ans", "an", "en"}

// demonym reports whether folded word adj is the adjective of place name
// ("marocaine" of "maroc", "algerienne" of "algerie").
func demonym(adj, name string) bool {
	for _, suf := range demonymSuffixes {
		stem, ok := strings.CutSuffix(adj, suf)
		if !ok || len(stem) < 5 {
			continue
		}
		if rest, ok := strings.CutPrefix(name, stem); ok && len(rest) <= 2 && !strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

// startsWithDigit tells a figure ("80.000", "5%") from a name holding
// digits ("Covid-19").
func startsWithDigit(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsDigit(r)
}
