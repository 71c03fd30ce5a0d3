package lexicon

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// elisions are the French elided prefixes stripped from a word such as
// "l'embauche" or "qu'emploie" when the whole word is not a headword.
var elisions = []string{"jusqu'", "lorsqu'", "puisqu'", "quoiqu'", "qu'", "c'", "d'", "j'", "l'", "m'", "n'", "s'", "t'"}

// nominalRules turn a plural or feminine form into a masculine singular
// candidate: the suffix is replaced by each replacement.
var nominalRules = []struct {
	suffix string
	repl   []string
}{
	{"aux", []string{"al", "ail"}},
	{"s", []string{""}},
	{"x", []string{""}},
}

var feminineRules = []struct {
	suffix string
	repl   []string
}{
	{"euse", []string{"eur", "eux"}},
	{"rice", []string{"eur"}},
	{"ive", []string{"if"}},
	{"elle", []string{"el"}},
	{"enne", []string{"en"}},
	{"onne", []string{"on"}},
	{"ette", []string{"et"}},
	{"ère", []string{"er"}},
	{"e", []string{""}},
}

// verbRules map conjugated endings to the infinitive endings to try on the
// remaining stem. Candidates are only kept when they are thesaurus
// headwords, so the table can over-generate.
var verbRules = sortedRules([]verbRule{
	// first group (-er): present, imperfect, future, conditional, simple
	// past, subjunctive, participles.
	{"e", []string{"er"}}, {"es", []string{"er", "re"}}, {"ent", []string{"er", "ir", "re"}},
	{"ons", []string{"er", "ir", "re"}}, {"ez", []string{"er", "ir", "re"}},
	{"ais", []string{"er", "ir", "re"}}, {"ait", []string{"er", "ir", "re"}},
	{"ions", []string{"er", "ir", "re"}}, {"iez", []string{"er", "ir", "re"}},
	{"aient", []string{"er", "ir", "re"}}, {"ant", []string{"er", "ir", "re"}},
	{"erai", []string{"er"}}, {"eras", []string{"er"}}, {"era", []string{"er"}},
	{"erons", []string{"er"}}, {"erez", []string{"er"}}, {"eront", []string{"er"}},
	{"erais", []string{"er"}}, {"erait", []string{"er"}}, {"erions", []string{"er"}},
	{"eriez", []string{"er"}}, {"eraient", []string{"er"}},
	{"ai", []string{"er"}}, {"as", []string{"er"}}, {"a", []string{"er"}},
	{"âmes", []string{"er"}}, {"âtes", []string{"er"}}, {"èrent", []string{"er"}},
	{"asse", []string{"er"}}, {"assent", []string{"er"}},
	{"é", []string{"er"}}, {"ée", []string{"er"}}, {"és", []string{"er"}}, {"ées", []string{"er"}},
	// second group (-ir) and -ir verbs of the third group.
	{"is", []string{"ir"}}, {"it", []string{"ir", "re"}}, {"i", []string{"ir"}},
	{"ie", []string{"ir"}}, {"ies", []string{"ir"}},
	{"issons", []string{"ir"}}, {"issez", []string{"ir"}}, {"issent", []string{"ir"}},
	{"issais", []string{"ir"}}, {"issait", []string{"ir"}}, {"issions", []string{"ir"}},
	{"issiez", []string{"ir"}}, {"issaient", []string{"ir"}}, {"issant", []string{"ir"}},
	{"isse", []string{"ir"}}, {"irent", []string{"ir", "re"}},
	{"irai", []string{"ir"}}, {"iras", []string{"ir"}}, {"ira", []string{"ir"}},
	{"irons", []string{"ir"}}, {"irez", []string{"ir"}}, {"iront", []string{"ir"}},
	{"irais", []string{"ir"}}, {"irait", []string{"ir"}}, {"iraient", []string{"ir"}},
	// -re verbs.
	{"s", []string{"re"}}, {"t", []string{"re"}}, {"u", []string{"re"}}, {"ue", []string{"re"}},
	{"us", []string{"re"}}, {"ues", []string{"re"}},
	{"rai", []string{"re"}}, {"ras", []string{"re"}}, {"ra", []string{"re"}},
	{"rons", []string{"re"}}, {"rez", []string{"re"}}, {"ront", []string{"re"}},
	{"rais", []string{"re"}}, {"rait", []string{"re"}}, {"raient", []string{"re"}},
})

type verbRule struct {
	suffix string
	inf    []string
}

// sortedRules orders the rules longest suffix first: the most specific
// analyses come first in the results.
func sortedRules(in []verbRule) []verbRule {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b verbRule) int { return cmp.Compare(runes(b.suffix), runes(a.suffix)) })
	return out
}

// minStem is the minimum number of runes left once an ending is removed.
const minStem = 3

// frenchForms returns the candidate dictionary forms of the normalised word
// w, most likely first: w, its singular/masculine forms, then (unless
// skipVerbs) infinitives of the verb it may be a conjugation of.
func frenchForms(w string, skipVerbs bool) []string {
	var fs formSet
	fs.add(w)
	if strings.Contains(w, " ") {
		return fs.forms
	}
	sing := []string{w}
	for _, r := range nominalRules {
		if stem, ok := strings.CutSuffix(w, r.suffix); ok && runes(stem) >= minStem-1 {
			for _, repl := range r.repl {
				fs.add(stem + repl)
				sing = append(sing, stem+repl)
			}
		}
	}
	for _, s := range sing {
		for _, r := range feminineRules {
			if stem, ok := strings.CutSuffix(s, r.suffix); ok && runes(stem) >= minStem-1 {
				for _, repl := range r.repl {
					fs.add(stem + repl)
				}
				break
			}
		}
	}
	if skipVerbs {
		return fs.forms
	}
	for _, r := range verbRules {
		stem, ok := strings.CutSuffix(w, r.suffix)
		if !ok || runes(stem) < minStem {
			continue
		}
		for _, st := range stemVariants(stem) {
			for _, inf := range r.inf {
				fs.add(st + inf)
			}
		}
	}
	return fs.forms
}

// stemVariants undoes common spelling changes of conjugated stems:
// emploi→employ (emploie), mange→mang (mangeons), commenç→commenc
// (commençons), achèt→achet and cèd→céd (achète, cède), appell→appel
// (appelle), jett→jet (jette).
func stemVariants(stem string) []string {
	out := []string{stem}
	switch {
	case strings.HasSuffix(stem, "i"):
		out = append(out, strings.TrimSuffix(stem, "i")+"y")
	case strings.HasSuffix(stem, "ge"):
		out = append(out, strings.TrimSuffix(stem, "e"))
	case strings.HasSuffix(stem, "ç"):
		out = append(out, strings.TrimSuffix(stem, "ç")+"c")
	case strings.HasSuffix(stem, "ll"), strings.HasSuffix(stem, "tt"):
		out = append(out, stem[:len(stem)-1])
	}
	if i := strings.LastIndex(stem, "è"); i >= 0 {
		out = append(out, stem[:i]+"e"+stem[i+len("è"):], stem[:i]+"é"+stem[i+len("è"):])
	}
	return out
}

// stripElision removes a French elided prefix ("l'", "qu'"…) from w.
func stripElision(w string) string {
	for _, p := range elisions {
		if rest, ok := strings.CutPrefix(w, p); ok && rest != "" {
			return rest
		}
	}
	return w
}

// lemmas returns the normalised word and the thesaurus headwords it may be
// an inflection of, most likely first: the word itself, the headwords that
// differ from it only by accents when it is written without any, then the
// singular/feminine forms that are headwords, then the infinitives verbiste
// knows the word as a form of (see [Lexicon.verbLemmas]) or, when it knows
// none, the infinitives guessed from common endings that are headwords, and
// last the headwords matching those forms when accents are ignored.
// Guessed infinitives and accent-insensitive matches are only tried when
// the word itself is not a headword.
func (l *Lexicon) lemmas(word string) (string, []string) {
	w := normalizeInput(word)
	if w == "" || !l.ready() {
		return w, nil
	}
	if !strings.Contains(w, " ") && strings.Contains(w, "'") {
		if !l.thes.has(w) {
			w = stripElision(w)
		}
	}
	c := newCollector()
	exact := l.thes.has(w)
	known := l.infinitives(w, exact)
	forms := frenchForms(w, exact || len(known) > 0)
	for i, form := range forms {
		if l.thes.has(form) {
			c.add(form)
		}
		if i == 0 && !exact && foldAccents(w) == w {
			l.addFolded(w, c.add)
		}
	}
	for _, inf := range l.verbLemmas(w, known, exact) {
		c.add(inf)
	}
	if !exact {
		for _, form := range forms {
			l.addFolded(form, c.add)
		}
	}
	return w, c.result()
}

// addFolded adds the headwords equal to form once accents are ignored.
func (l *Lexicon) addFolded(form string, add func(string)) {
	f := foldAccents(form)
	if l.thes.has(f) {
		add(f)
	}
	hs, _ := l.thesFold.get(f)
	for h := range words(hs) {
		add(h)
	}
}

// Lemmas returns the thesaurus headwords that word (a French word, any case,
// possibly inflected or without accents) may be a form of, most likely
// first: the word itself when it is a headword, its singular or masculine
// form ("employés" → "employé"), and the infinitives it conjugates. When
// the word itself is not a headword, these are the infinitives guessed from
// common endings ("travaillent" → "travailler") and those of which
// verbiste knows it as a form, accents optional ("peut" → "pouvoir",
// "redemarreront" → "redémarrer"); infinitives guessed from common endings
// are only tried when verbiste knows no verb the word is a form of, so that
// "serait" gives "être" but not "serrer". When the word is a headword, only
// verbiste's analyses of the word as written are added, and only for verbs
// outside the first group (-er verbs other than aller): "mort" → "mort",
// "mourir"; "fait" → "fait", "faire"; but "employés" gives no "employer",
// as a headword shaped like a regular form is mostly a noun or adjective.
// Verbiste's analyses of a few function words are ignored ("plus" is no
// form of plaire here, nor "lui" of luire). Infinitives that are not
// thesaurus headwords are left out (see [Lexicon.Infinitives]). It returns
// nil when nothing is found.
func (l *Lexicon) Lemmas(word string) []string {
	_, lem := l.lemmas(word)
	return lem
}

// Synonyms returns French synonyms of a French word, closest first, or nil.
// The word is looked up as given (lowercased), then through the forms
// returned by [Lexicon.Lemmas]; the synonyms of every lemma are merged in
// that order. The word itself is never returned.
func (l *Lexicon) Synonyms(word string) []string {
	w, lem := l.lemmas(word)
	if len(lem) == 0 {
		return nil
	}
	c := newCollector(w)
	for _, h := range lem {
		syn, _ := l.thes.get(h)
		l.addSynonyms(c, syn)
	}
	return c.result()
}

// Expand returns the lemmas of word other than the word itself followed by
// its synonyms: the set of terms a lexical search may add for it.
func (l *Lexicon) Expand(word string) []string {
	w, lem := l.lemmas(word)
	if len(lem) == 0 {
		return nil
	}
	c := newCollector(w)
	for _, h := range lem {
		c.add(h)
	}
	for _, h := range lem {
		syn, _ := l.thes.get(h)
		l.addSynonyms(c, syn)
	}
	return c.result()
}

// IsFrenchWord reports whether word, or a form returned by
// [Lexicon.Lemmas], is a thesaurus headword.
func (l *Lexicon) IsFrenchWord(word string) bool {
	return len(l.Lemmas(word)) > 0
}

// addSynonyms adds to c the synonyms of a thesaurus entry's value: the
// base-36 numbers of their own entries (genlexicon's numberSynonyms). A
// number that names no entry is passed over.
func (l *Lexicon) addSynonyms(c *collector, val string) {
	for n := range words(val) {
		i, err := strconv.ParseUint(n, 36, 32)
		if err != nil || i >= uint64(l.thes.len()) {
			continue
		}
		c.add(l.thes.key(int(i)))
	}
}
