package lexicon

import "strings"

// irregularEN maps common irregular English forms to their headword.
var irregularEN = map[string]string{
	"men": "man", "women": "woman", "children": "child", "feet": "foot",
	"teeth": "tooth", "mice": "mouse", "geese": "goose", "lives": "life",
	"is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "am": "be",
	"has": "have", "had": "have", "does": "do", "did": "do", "done": "do",
	"made": "make", "paid": "pay", "said": "say", "went": "go", "gone": "go",
	"grew": "grow", "grown": "grow", "sold": "sell", "bought": "buy",
	"built": "build", "spent": "spend", "got": "get", "gave": "give",
	"given": "give", "took": "take", "taken": "take", "led": "lead",
	"left": "leave", "lost": "lose", "met": "meet", "ran": "run", "saw": "see",
	"seen": "see", "told": "tell", "thought": "think", "brought": "bring",
	"began": "begin", "begun": "begin", "chose": "choose", "chosen": "choose",
	"fell": "fall", "fallen": "fall", "found": "find", "held": "hold",
	"kept": "keep", "knew": "know", "known": "know", "rose": "rise",
	"risen": "rise", "wrote": "write", "written": "write", "better": "good",
	"best": "good", "worse": "bad", "worst": "bad",
}

// englishForms returns the candidate headwords of the normalised English
// word w, most likely first.
func englishForms(w string) []string {
	var fs formSet
	fs.add(w)
	if strings.Contains(w, " ") {
		return fs.forms
	}
	if base, ok := strings.CutSuffix(w, "'s"); ok {
		w = base
		fs.add(w)
	}
	if base, ok := irregularEN[w]; ok {
		fs.add(base)
		return fs.forms
	}
	cut := func(suffix string, min int) (string, bool) {
		stem, ok := strings.CutSuffix(w, suffix)
		return stem, ok && runes(stem) >= min
	}
	if stem, ok := cut("ies", 2); ok {
		fs.add(stem + "y")
	}
	if stem, ok := cut("ves", 2); ok {
		fs.add(stem + "f")
		fs.add(stem + "fe")
	}
	if stem, ok := cut("men", 2); ok {
		fs.add(stem + "man")
	}
	if stem, ok := cut("es", 2); ok {
		fs.add(stem)
	}
	if stem, ok := cut("s", 3); ok && !strings.HasSuffix(stem, "s") {
		fs.add(stem)
	}
	for _, suffix := range []string{"ing", "ed"} {
		stem, ok := cut(suffix, 2)
		if !ok {
			continue
		}
		if suffix == "ed" && strings.HasSuffix(stem, "i") {
			fs.add(strings.TrimSuffix(stem, "i") + "y") // studied → study
		}
		fs.add(stem)       // worked → work
		fs.add(stem + "e") // hiring → hire, hired → hire
		if n := len(stem); n >= 3 && stem[n-1] == stem[n-2] && !strings.ContainsRune("aeiouyslz", rune(stem[n-1])) {
			fs.add(stem[:n-1]) // running → run, stopped → stop
		}
	}
	if stem, ok := cut("ily", 3); ok {
		fs.add(stem + "y")
	}
	if stem, ok := cut("ly", 3); ok {
		fs.add(stem)
	}
	return fs.forms
}

// englishHeadwords returns the English headwords w may be a form of.
func (l *Lexicon) englishHeadwords(w string) []string {
	if l.enFr.has(w) {
		return []string{w}
	}
	var found []string
	for _, f := range tail(englishForms(w)) {
		if l.enFr.has(f) {
			found = append(found, f)
		}
	}
	return found
}

// Translate returns French translations of an English word (any case,
// possibly plural, possessive, -ing or -ed form, or a common irregular form
// such as "grew"), or nil. When the word itself is a headword only its
// translations are returned; otherwise the translations of every headword it
// may be a form of are merged.
func (l *Lexicon) Translate(english string) []string {
	w := normalizeInput(english)
	if w == "" || !l.ready() {
		return nil
	}
	c := newCollector()
	for _, h := range l.englishHeadwords(w) {
		fr, _ := l.enFr.get(h)
		c.addJoined(fr)
	}
	return c.result()
}

// TranslatePhrase returns French translations of a short English phrase
// such as "how many" or "a lot of" (FreeDict multiword headwords of up to
// three words), or of a single word as [Lexicon.Translate] does. The last
// word of a phrase may be inflected ("working men" → "working man").
func (l *Lexicon) TranslatePhrase(phrase string) []string {
	w := normalizeInput(phrase)
	if w == "" || !l.ready() {
		return nil
	}
	i := strings.LastIndexByte(w, ' ')
	if i < 0 {
		return l.Translate(w)
	}
	c := newCollector()
	if t, ok := l.enFr.get(w); ok {
		c.addJoined(t)
		return c.result()
	}
	prefix, last := w[:i+1], w[i+1:]
	for _, f := range tail(englishForms(last)) {
		fr, _ := l.enFr.get(prefix + f)
		c.addJoined(fr)
	}
	return c.result()
}

// IsEnglishWord reports whether w, or a form it may be an inflection of, is
// a headword of the English→French dictionary (about 8,700 headwords, so a
// false result does not prove a word is not English, and some French words
// such as "table" are English headwords too).
func (l *Lexicon) IsEnglishWord(w string) bool {
	w = normalizeInput(w)
	if w == "" || !l.ready() {
		return false
	}
	return len(l.englishHeadwords(w)) > 0
}
