// Stage 3, measure. Features of a candidate sentence: the named
// measurements the scoring model weighs. Every hand-written rule of the ranking is one of them (or a
// linguistic gate documented in model.go); their weights are learned by
// `articlebot train`, not set by hand.

package answer

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/articlebot/articlebot/knowledge"
)

// Feature names one measurement of a candidate sentence.
type Feature int

// The features of a candidate sentence. Shares are of the question's
// weighted words (rarer words weigh more).
const (
	FCoverage        Feature = iota // share found in the sentence, beside it in the passage, or in the title (each at a discount)
	FExact                          // share found in the sentence as written (same index term)
	FNear                           // share found in the sentence through a typo, verb form, word family or translation
	FSynonym                        // share found in the sentence only through a synonym
	FTitle                          // share found in the document's title
	FBigram                         // share of the question's word pairs found side by side (within 3 words) in the sentence
	FDensity                        // share of the sentence's words that are words of the question
	FTypeNear                       // what the question asks for (a figure, a name, a date…) stands near its words
	FTypeFar                        // what the question asks for is in the sentence, but not near its words
	FTypeMissing                    // the sentence holds nothing of the kind asked for
	FCompanion                      // a "qui" answer named by the sentence beside it
	FUncounted                      // a "combien" sentence whose figures do not count what is asked about
	FUnanchored                     // no word of the question as written, only synonyms
	FUnnamed                        // a "dans quel pays / quelle entreprise" sentence naming no place or organisation
	FNumberMissing                  // the passage lacks a number the question gives (a year, say)
	FSatisfies                      // the sentence can answer the kind at all (a "combien" needs a figure)
	FPassageScore                   // the passage's retrieval score, relative to the best passage's
	FPassageLog                     // log(1 + the passage's retrieval score)
	FPassageRank                    // 1 / (1 + the passage's rank in the search)
	FDocScore                       // the document's best passage score, relative to the best passage's
	FDocShare                       // share of the retrieved passages that come from the same document
	FLength                         // log(1 + words in the sentence)
	FFragment                       // fewer than six words, or no verb-like ending punctuation: a heading or a fragment
	FFirst                          // the passage's first sentence
	FPosition                       // place of the sentence in its passage, 0 (first) to 1 (last)
	FRefersBack                     // opens by pointing back ("Cette mesure", "Il")
	FNames                          // share of the question's names (capitalised words, acronyms) found in the sentence
	FFocusIn                        // the word the question turns on ("salariés" in "combien de salariés") is in the sentence
	FMissingMax                     // the weight of the rarest question word the sentence and its passage lack, relative to all
	FNearQuantity                   // FTypeNear for a quantity question
	FNearWho                        // FTypeNear for a "qui" question
	FNearWhen                       // FTypeNear for a "quand" question
	FWindow                         // the candidate is two sentences quoted together
	FCoverage2                      // coverage squared
	FCoveragePassage                // coverage × passage score
	FCoverageDoc                    // coverage × document score
	FOrder                          // share of the question's words found in the sentence in the question's order
	FCompact                        // question words found / the span of words that holds them
	FNewNames                       // log(1 + names and figures of the sentence that the question does not give)
	NumFeatures
)

var featureNames = [NumFeatures]string{
	"coverage", "exact", "near", "synonym", "title", "bigram", "density",
	"type_near", "type_far", "type_missing", "companion", "uncounted", "unanchored", "unnamed",
	"number_missing", "satisfies", "passage_score", "passage_log", "passage_rank", "doc_score", "doc_share",
	"length", "fragment", "first", "position", "refers_back",
	"names", "focus_in", "missing_max", "near_quantity", "near_who", "near_when", "window",
	"coverage2", "coverage_passage", "coverage_doc", "order", "compact", "new_names",
}

func (f Feature) String() string {
	if f >= 0 && f < NumFeatures {
		return featureNames[f]
	}
	return "unknown"
}

// Vector holds a candidate's features, indexed by Feature.
type Vector [NumFeatures]float64

// featureByName is the Feature called name.
func featureByName(name string) (Feature, bool) {
	for i, n := range featureNames {
		if n == name {
			return Feature(i), true
		}
	}
	return 0, false
}

// candidate is one sentence (or two, quoted together) considered as an
// answer, with its features.
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

// retrieval is what the search says of one passage among the others.
type retrieval struct {
	rank              int
	score, top        float64 // the passage's score and the best one's
	docBest, docShare float64
	numberMissing     bool
	sents             []sentence // the passage's sentences, analysed
	seen              []seen     // the same, as the question sees them
	title             seen
	totalWeight       float64
	slots             []slot
	question          Question
	passage           knowledge.Passage
	matches           matchTable
}

// features measures sentence i of a retrieved passage. It also returns
// the companion sentence of a "qui" answer (-1 if none).
func features(r retrieval, i int) (Vector, int) {
	var v Vector
	q, slots, sents := r.question, r.slots, r.sents
	toks := sents[i].words
	sn := r.seen[i]
	mm := r.matches
	conf := confidence(slots, sents, mm, i, r.totalWeight)
	v[FCoverage] = conf
	if r.totalWeight > 0 {
		for k, s := range slots {
			m := mm.m[k][i]
			switch {
			case m >= 1:
				v[FExact] += s.weight
			case m >= fuzzyCredit:
				v[FNear] += s.weight * m
			case m > 0:
				v[FSynonym] += s.weight * m
			}
			if mt := mm.title[k]; mt > 0 {
				v[FTitle] += s.weight * mt
			}
		}
		v[FExact] /= r.totalWeight
		v[FNear] /= r.totalWeight
		v[FSynonym] /= r.totalWeight
		v[FTitle] /= r.totalWeight
	}
	var names, namesIn float64
	for k, s := range slots {
		inSentence := mm.m[k][i]
		if s.name {
			names += s.weight
			namesIn += s.weight * inSentence
		}
		if s.focus && inSentence > 0 {
			v[FFocusIn] = 1
		}
		if inSentence == 0 && r.totalWeight > 0 {
			inPassage := 0.0
			for j := range sents {
				inPassage = math.Max(inPassage, mm.m[k][j])
			}
			if inPassage == 0 {
				v[FMissingMax] = math.Max(v[FMissingMax], s.weight/r.totalWeight)
			}
		}
	}
	if names > 0 {
		v[FNames] = namesIn / names
	}
	v[FBigram] = bigramShare(slots, sn)
	v[FOrder], v[FCompact] = orderAndSpan(slots, sn)
	fresh := 0
	for k, tk := range toks {
		if (tk.name || tk.number || tk.date) && !sn.held[k] {
			fresh++
		}
	}
	v[FNewNames] = math.Log1p(float64(fresh))
	if len(toks) > 0 {
		held := 0
		for k := range toks {
			if sn.held[k] {
				held++
			}
		}
		v[FDensity] = float64(held) / float64(len(toks))
	}
	bonus := kindBonus(q, slots, sn)
	companion := -1
	if (q.Kind == KindWho || q.Entity) && bonus < 0 {
		for _, j := range []int{i - 1, i - 2, i + 1} {
			if j < 0 || j >= len(sents) || j == i+1 && !refersBack(sents[j].words) {
				continue
			}
			if namesAnswer(q, r.seen[j]) {
				companion, bonus = j, 0.05
				break
			}
		}
	}
	switch {
	case bonus >= 0.15:
		v[FTypeNear] = 1
		switch {
		case q.Kind == KindQuantity:
			v[FNearQuantity] = 1
		case q.Kind == KindWho || q.Entity:
			v[FNearWho] = 1
		case q.Kind == KindWhen:
			v[FNearWhen] = 1
		}
	case bonus > 0:
		v[FTypeFar] = 1
	case bonus < 0:
		v[FTypeMissing] = 1
	}
	if companion >= 0 {
		v[FCompanion] = 1
	}
	if q.Kind == KindQuantity && !focusCounted(slots, sn) {
		v[FUncounted] = 1
	}
	if !anchored(slots, sn, false) && !anchored(slots, r.title, true) {
		v[FUnanchored] = 1
	}
	text := r.passage.Sentences[i]
	if q.Entity && companion < 0 && !hasAnswerType(q, sn, text) {
		v[FUnnamed] = 1
	}
	if r.numberMissing {
		v[FNumberMissing] = 1
	}
	typed := i
	if companion >= 0 {
		typed = companion
	}
	if satisfies(q, sents[typed], r.seen[typed]) {
		v[FSatisfies] = 1
	}
	if r.top > 0 {
		v[FPassageScore] = r.score / r.top
		v[FDocScore] = r.docBest / r.top
	}
	v[FPassageLog] = math.Log1p(max(0, r.score))
	v[FPassageRank] = 1 / float64(1+r.rank)
	v[FDocShare] = r.docShare
	v[FLength] = math.Log1p(float64(len(toks)))
	if len(toks) < 6 || !endsLikeSentence(text) {
		v[FFragment] = 1
	}
	if i == 0 {
		v[FFirst] = 1
	}
	if len(sents) > 1 {
		v[FPosition] = float64(i) / float64(len(sents)-1)
	}
	if refersBack(toks) {
		v[FRefersBack] = 1
	}
	v[FCoverage2] = conf * conf
	v[FCoveragePassage] = conf * v[FPassageScore]
	v[FCoverageDoc] = conf * v[FDocScore]
	return v, companion
}

// orderAndSpan measures how the question's words stand in the sentence:
// the share of them found in the question's order (the longest increasing
// run of their first positions) and how close together they are (words
// found over the span that holds them).
func orderAndSpan(slots []slot, sn seen) (order, compact float64) {
	if len(slots) == 0 {
		return 0, 0
	}
	var pos []int
	for k := range slots {
		for i := range sn.words {
			if sn.m[k][i] > 0 {
				pos = append(pos, i)
				break
			}
		}
	}
	if len(pos) == 0 {
		return 0, 0
	}
	// Longest increasing subsequence, quadratic: questions are short.
	best := make([]int, len(pos))
	lis := 0
	for i := range pos {
		best[i] = 1
		for j := 0; j < i; j++ {
			if pos[j] < pos[i] && best[j]+1 > best[i] {
				best[i] = best[j] + 1
			}
		}
		lis = max(lis, best[i])
	}
	lo, hi := pos[0], pos[0]
	for _, p := range pos {
		lo, hi = min(lo, p), max(hi, p)
	}
	if len(pos) > 1 {
		compact = float64(len(pos)) / float64(hi-lo+1)
	}
	return float64(lis) / float64(len(slots)), compact
}

// bigramShare is the share of consecutive pairs of question words that
// the sentence holds within three words of each other, in either order.
func bigramShare(slots []slot, sn seen) float64 {
	if len(slots) < 2 {
		return 0
	}
	at := make([][]int, len(slots))
	for si := range slots {
		for ti := range sn.words {
			if sn.m[si][ti] > 0 {
				at[si] = append(at[si], ti)
			}
		}
	}
	n := 0
	for si := 0; si+1 < len(slots); si++ {
	pair:
		for _, x := range at[si] {
			for _, y := range at[si+1] {
				if x != y && abs(x-y) <= 3 {
					n++
					break pair
				}
			}
		}
	}
	return float64(n) / float64(len(slots)-1)
}

// endsLikeSentence reports whether s ends as a sentence does, closing
// quotes and brackets aside.
func endsLikeSentence(s string) bool {
	s = strings.TrimRight(s, " \"')")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?;:»…", r)
}

// measure computes the features of every sentence of the retrieved
// passages, and of every pair of neighbouring sentences short enough to
// be quoted together.
func (a *Answerer) measure(base *knowledge.Base, qa query, hits []knowledge.Hit) []candidate {
	docBest := map[string]float64{}
	docCount := map[string]int{}
	for _, h := range hits {
		docBest[h.Passage.Doc] = math.Max(docBest[h.Passage.Doc], h.Score)
		docCount[h.Passage.Doc]++
	}
	cache := a.cacheFor(base)
	n := 0
	for _, h := range hits {
		for i, s := range h.Passage.Sentences {
			n++
			if quotedWithNext(h.Passage.Sentences, i, s) {
				n++
			}
		}
	}
	cands := make([]candidate, 0, n) // large: grown by appending, they were copied again and again
	for r, h := range hits {
		ret := retrieval{rank: r, score: h.Score, top: hits[0].Score, docBest: docBest[h.Passage.Doc],
			docShare: float64(docCount[h.Passage.Doc]) / float64(len(hits)), numberMissing: missingNumber(qa.numbers, cache.numbers(h.Passage)),
			sents: cache.sentences(a, base, h.Passage), title: see(qa.slots, cache.title(a, base, h.Title)), totalWeight: qa.total,
			slots: qa.slots, question: qa.Question, passage: h.Passage}
		ret.seen = seeAll(qa.slots, ret.sents)
		ret.matches = matchAll(qa.slots, ret.seen, ret.title)
		for i, s := range h.Passage.Sentences {
			v, companion := features(ret, i)
			cands = append(cands, candidate{hit: h, rank: r, index: i, text: s, features: v, companion: companion})
			if quotedWithNext(h.Passage.Sentences, i, s) {
				// The sentence and the next, as one: the answer is often
				// in the sentence after the one that echoes the question.
				v, companion := features(ret.joined(i), i)
				v[FWindow] = 1
				cands = append(cands, candidate{hit: h, rank: r, index: i, text: s, features: v, companion: companion, window: true})
			}
		}
	}
	return cands
}

// maxWindow is the longest pair of sentences quoted together, in characters.
const maxWindow = 300

// quotedWithNext reports whether sentence i of sents, s, and the next are short
// enough to be quoted together.
func quotedWithNext(sents []string, i int, s string) bool {
	return i+1 < len(sents) && utf8.RuneCountInString(s)+utf8.RuneCountInString(sents[i+1]) <= maxWindow
}

// joined is the passage with sentences i and i+1 made one.
func (r retrieval) joined(i int) retrieval {
	out := r
	out.sents = slices.Concat(r.sents[:i], []sentence{r.sents[i].join(r.sents[i+1])}, r.sents[i+2:])
	out.seen = slices.Concat(r.seen[:i], []seen{r.seen[i].join(r.seen[i+1])}, r.seen[i+2:])
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
