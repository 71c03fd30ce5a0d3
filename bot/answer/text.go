// The analysed text of a knowledge base's sentences: each word with what
// the features and the composition need to know of it (its index terms,
// figure, date, name, role, time phrase…), and the quantities the number
// reader finds. A sentence is analysed once per knowledge base (cached per
// passage, on its first retrieval) and read by every stage after.

package answer

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/articlebot/articlebot/internal/french"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/knowledge/numbers"
)

// taggedWord is one word of a sentence, tagged with what the ranking needs
// to know of it (knowledge has its own token, a run of characters).
type taggedWord struct {
	start    int    // byte offset of the word in its sentence
	folded   string // the word lowercased without accents
	terms    []string
	number   bool // a figure in digits
	spelled  bool // part of a quantity written in words ("deux années")
	duration bool // part of a length of time or an age ("15 ans", "deux années")
	age      bool // part of an age ("à 15 ans", "âgé de vingt ans")
	percent  bool // part of a percentage ("5%", "40% à 50%")
	money    bool // part of an amount of money ("11 milliards de DH")
	name     bool
	person   bool // a name given with an office or relation: "la présidente, Marie Dupont"
	date     bool
	temporal bool  // a word that places something in time ("durant", "lors", "enfance")
	reason   bool  // a word that gives a reason or purpose ("car", "pour assurer")
	means    bool  // a word that gives a way or means ("grâce", "via")
	expands  bool  // an acronym in brackets after its expansion: "(OMS)"
	inName   bool  // a word of an organisation's name spelled out before its acronym: "mondiale" in "Organisation mondiale de la santé (OMS)"
	role     bool  // a noun naming a person by office or relation: "président", "fils"
	idiom    bool  // a word of a fixed locution ("temps" in "ces derniers temps"): it matches no word of a question
	id       int32 // the token's number in its base's cache (see tokenCache.number), 0 when not numbered
}

// sentence is a sentence analysed once: its words, tagged, and its
// quantities (their offsets are in text).
type sentence struct {
	text    string
	words   []taggedWord
	numbers []numbers.Quantity
}

// join is the two sentences s and next quoted as one, separated by a space.
func (s sentence) join(next sentence) sentence {
	shift := len(s.text) + 1
	out := sentence{text: s.text + " " + next.text, words: slices.Concat(s.words, next.words), numbers: slices.Concat(s.numbers, next.numbers)}
	for i := len(s.words); i < len(out.words); i++ {
		out.words[i].start += shift
	}
	for i := len(s.numbers); i < len(out.numbers); i++ {
		out.numbers[i].Start += shift
		out.numbers[i].End += shift
	}
	return out
}

// wordsIn returns the words of the sentence that start in s.text[from:to].
func (s sentence) wordsIn(from, to int) []taggedWord {
	var out []taggedWord
	for _, w := range s.words {
		if w.start >= from && w.start < to {
			out = append(out, w)
		}
	}
	return out
}

// analyzeSentence analyses sentence s of base.
func (a *Answerer) analyzeSentence(base *knowledge.Base, s string) sentence {
	return tagSentence(s, base.Terms)
}

// tagSentence analyses sentence s; terms gives a word's index terms. With
// terms nil, only the names and the words that name people are tagged: the
// tests read every sentence of a base so, as the base reads its main place
// at load time (knowledge.Base.MainPlace).
func tagSentence(s string, terms func(string) []string) sentence {
	full := terms != nil
	var out []taggedWord
	// The words as split at spaces, names and words of people marked, as
	// the knowledge base reads them too (its places, at load time).
	for t := range knowledge.Tokens(s) {
		tw := taggedWord{start: t.Start, folded: t.Folded, role: t.Role, name: t.Name}
		if full {
			tw.terms, tw.expands, tw.number = terms(t.Text), acronymDef.MatchString(t.Text), startsWithDigit(t.Clean)
			tw.date, tw.temporal = dateWords.MatchString(t.Clean), temporalWords.Has(t.Last) || strings.EqualFold(t.Clean, "dès")
		}
		out = append(out, tw)
	}
	for i := range out {
		w := out[i].folded
		if childNouns.Has(w) && i+1 < len(out) {
			switch out[i+1].folded {
			case "d'un", "du":
				out[i].terms = append(slices.Clip(out[i].terms), parentTerm+"pere")
			case "d'une":
				out[i].terms = append(slices.Clip(out[i].terms), parentTerm+"mere")
			}
		}
		out[i].means = meansWords.Has(w)
		// "pour" gives a purpose before a verb ("pour assurer", "pour
		// qu'il"), not before a noun ("pour le secteur").
		out[i].reason = reasonWords.Has(w) || w == "pour" && i+1 < len(out) && infinitiveLike(out[i+1].folded)
	}
	// The words an acronym in brackets spells out belong to a name.
	for k := range out {
		if !out[k].expands {
			continue
		}
		letters := []rune(strings.ToLower(strings.Trim(out[k].folded, "()")))
		j := len(letters) - 1
		for i := k - 1; i >= 0 && j >= 0; i-- {
			w := []rune(lastWord(out[i].folded))
			if len(w) == 0 {
				continue
			}
			out[i].inName = true
			if w[0] == letters[j] {
				j--
			}
		}
	}
	// The words of a fixed locution say nothing of their own.
	folded := make([]string, len(out))
	for i := range out {
		folded[i] = out[i].folded
	}
	for _, i := range inLocutions(folded) {
		out[i].idiom = true
	}
	// A name beside an office or relation names a person.
	for i := range out {
		if !out[i].name {
			continue
		}
		for j := max(0, i-3); j < min(len(out), i+3); j++ {
			out[i].person = out[i].person || out[j].role && !out[j].name
		}
	}
	if !full {
		return sentence{text: s, words: out}
	}
	// Quantities as the number reader sees them: durations and ages, and
	// figures written in words.
	quantities := numbers.Read(s)
	for _, q := range quantities {
		for i := range out {
			if at := out[i].start; at < q.Start || at >= q.End {
				continue
			}
			switch q.Kind {
			case numbers.Duration:
				out[i].duration = true
				out[i].age = isAge(s, q)
			case numbers.Date, numbers.Year, numbers.Period:
				out[i].date = true
			case numbers.Percent:
				out[i].percent = true
			case numbers.Money:
				out[i].money = true
			}
			out[i].spelled = out[i].spelled || q.Spelled && q.Kind != numbers.Ordinal
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
	return sentence{text: s, words: out, numbers: quantities}
}

var yearRE = regexp.MustCompile(`^(19|20)\d\d$`)

// fixedLocutions are the locutions whose words keep no meaning of their
// own, each as its folded words, listed by their first word.
var fixedLocutions = func() map[string][][]string {
	out := map[string][][]string{}
	for _, l := range french.List("fixed-locutions") {
		ws := strings.Fields(l)
		out[ws[0]] = append(out[ws[0]], ws)
	}
	return out
}()

// inLocutions returns the indexes of the words of ws (folded, punctuation
// around them allowed) that belong to a fixed locution.
func inLocutions(ws []string) []int {
	bare := make([]string, len(ws))
	for i, w := range ws {
		bare[i] = strings.Trim(w, ".,;:!?«»\"'()")
	}
	var out []int
	for i, w := range bare {
		for _, loc := range fixedLocutions[w] {
			if i+len(loc) <= len(bare) && slices.Equal(bare[i:i+len(loc)], loc) {
				for k := range loc {
					out = append(out, i+k)
				}
			}
		}
	}
	return out
}

// tokenCache keeps the analysed sentences of one knowledge base.
type tokenCache struct {
	base  *knowledge.Base
	m     sync.Map // passage id -> []sentence
	words sync.Map // what questions' words reach: their index terms, synonyms, verb forms (remember)
	nword atomic.Int64
	// embedded is every passage with its embedding, once all are embedded
	// (passageVectors).
	embedded atomic.Pointer[[]embeddedPassage]
	ids      sync.Map // token key (see tokenKey) → its number (int32, from 1), for the questions' match memos
	nid      atomic.Int32
}

// tokenKey is what a question's match memo tells tokens apart by: the
// folded word, and whether it stands inside an organisation's name.
func tokenKey(tk taggedWord) string {
	if tk.inName {
		return tk.folded + "\x00"
	}
	return tk.folded
}

// id is the number of the token key: the same for every token of the
// base with that key. The numbers are as many as the base's words.
func (c *tokenCache) id(key string) int32 {
	if v, ok := c.ids.Load(key); ok {
		return v.(int32)
	}
	v, _ := c.ids.LoadOrStore(key, c.nid.Add(1))
	return v.(int32)
}

// number gives each word its token's number (see matchMemo).
func (c *tokenCache) number(words []taggedWord) {
	for i := range words {
		words[i].id = c.id(tokenKey(words[i]))
	}
}

// maxCachedWords bounds the words whose terms a cache keeps: the
// questions of a running bot come back to the same words, their synonyms
// and verb forms, but the lexicon holds hundreds of thousands.
const maxCachedWords = 200_000

// terms is base.Terms of one word, remembered: a question's words reach
// dozens of synonyms and verb forms, each analysed by the index's
// analyser (a few microseconds), and the next questions reach them again.
func (c *tokenCache) terms(w string) []string {
	return remember(c, "terms\x00"+w, func() []string { return c.base.Terms(w) })
}

// remember is the value of key, computed by f the first time; up to
// maxCachedWords values are kept. The values are shared: never modified.
func remember[T any](c *tokenCache, key string, f func() T) T {
	if v, ok := c.words.Load(key); ok {
		return v.(T)
	}
	v := f()
	if c.nword.Load() < maxCachedWords {
		if _, loaded := c.words.LoadOrStore(key, v); !loaded {
			c.nword.Add(1)
		}
	}
	return v
}

func (c *tokenCache) sentences(a *Answerer, base *knowledge.Base, p knowledge.Passage) []sentence {
	return kept(c, p.ID(), func() []sentence {
		sents := make([]sentence, len(p.Sentences))
		for i, s := range p.Sentences {
			sents[i] = a.analyzeSentence(base, s)
			c.number(sents[i].words)
		}
		return sents
	})
}

// kept is the value of key in the base's cache, computed by f the first
// time. The keys name what the base holds (its passages, titles), so
// the cache grows no larger than the base; what questions bring in is
// kept by remember, within a bound. The values are shared: never
// modified.
func kept[T any](c *tokenCache, key string, f func() T) T {
	if v, ok := c.m.Load(key); ok {
		return v.(T)
	}
	v := f()
	c.m.Store(key, v)
	return v
}

// numbers are the figures of a passage as the search reads them, for
// missingNumber.
func (c *tokenCache) numbers(p knowledge.Passage) map[string]bool {
	return kept(c, "numbers\x00"+p.ID(), func() map[string]bool {
		have := map[string]bool{}
		for _, n := range numberRE.FindAllString(knowledge.SearchForm(p.Text), -1) {
			have[n] = true
		}
		return have
	})
}

// figures are the key figures of passage p (knowledge.PassageFigures):
// those of its document's that come from it, read from it alone.
func (c *tokenCache) figures(p knowledge.Passage) []knowledge.Figure {
	return kept(c, "figures\x00"+p.ID(), func() []knowledge.Figure {
		if _, ok := c.base.Document(p.Doc); !ok {
			return nil // as base.DocumentFigures(p.Doc)
		}
		return knowledge.PassageFigures(p)
	})
}

// quantities are the quantities of a source text as the number guard reads
// them: a passage's, by its id, or a title's (id "").
func (c *tokenCache) quantities(id, text string) []numbers.Quantity {
	key := "quantities\x00" + id + "\x00" + text
	if id != "" {
		key = "quantities\x00" + id
	}
	return kept(c, key, func() []numbers.Quantity { return numbers.Read(text) })
}

func (c *tokenCache) title(a *Answerer, base *knowledge.Base, title string) []taggedWord {
	return kept(c, "title\x00"+title, func() []taggedWord {
		words := a.analyzeSentence(base, title).words
		c.number(words)
		return words
	})
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

var (
	// dateWords are the words of a date: month names, days of the week,
	// periods of the year, "hier", years; in any case.
	dateWords = regexp.MustCompile(`(?i)^(` + alternatives(french.Ints("months").Keys(), french.Ints("english-months").Keys(),
		french.Words("weekdays").Sorted(), french.Words("date-words").Sorted()) + `|(19|20)\d\d)$`)
	acronymDef = regexp.MustCompile(`^\(\p{Lu}{2,}\)`)
)

// reasonCue is a cue of a reason ("parce que", "because"), compiled on
// first use: only "why" questions read it.
var reasonCue = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(` + alternatives(french.List("reason-cues")) + `)\b`)
})

// isName reports whether word w (the i-th of its sentence) names a person
// or organisation: an acronym, or a capitalised word not starting the
// sentence (knowledge.IsName).
func isName(w string, i int) bool { return knowledge.IsName(w, i) }

// meansWords introduce how something is done; reasonWords why.
var (
	meansWords  = french.Words("means-words")
	reasonWords = french.Words("reason-words")
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
var childNouns = french.Words("child-nouns")

const parentTerm = "\x00parent:"

// temporalWords place an event in time without a date: "durant
// l'apprentissage", "lors de", "dès l'enfance".
// ("dès" is told from "des" before folding.)
var temporalWords = french.Words("temporal-words")

// agePrefix ends the text before an age: "à 15 ans", "âgé de 20 ans",
// "à l'âge de trois ans".
// Compiled on first use.
var agePrefix = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:(?:^|\s)(?:à|a)|âge\s+de|âgée?s?\s+de|age\s+de|agée?s?\s+de)\s*$`)
})

// isAge reports whether quantity n of sentence s is an age: years after
// "à" or "âgé de".
func isAge(s string, n numbers.Quantity) bool {
	return n.Kind == numbers.Duration && n.Unit == "an" && agePrefix().MatchString(s[:n.Start])
}
