package knowledge

import (
	"errors"
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/segment"
)

// termCache analyses text as the index's French analyser does, but runs
// the analyser's token filters (lower case, elision, stop words, light
// stemming) once per distinct token of a load instead of once per
// occurrence: each filter maps one token to its term (or drops it) whatever
// the tokens around it, so the term of a token depends on its bytes alone.
// The text is cut into tokens as the analyser's tokenizer cuts it (Unicode
// word segmentation, the segments that are words or numbers).
//
// A load gives each of its analysis workers a termCache and the vocabulary
// one that also reads theirs (shared, read-only once the workers are
// done): every distinct word is analysed once for indexing and once at
// most for the vocabulary, when its folded form is not a token of the text.
// A termCache lives for one load; it is not safe for concurrent use.
//
// The same pass gives a document's folded words for the vocabulary (see
// wordCut): each token's are cached with its term.
type termCache struct {
	filters  []analysis.TokenFilter
	terms    map[string]*cachedTerm // a token as cut -> its term
	shared   []*termCache           // read first, never written
	buf      []*cachedTerm
	spans    []segmentSpan        // the segments of the text being analysed
	infos    map[string]*termInfo // the terms met so far
	passage  int                  // the fields analysed (field)
	inField  []*termInfo          // the distinct terms of the last field
	text     []byte               // the text being analysed
	termsBuf []string             // termsOf's result
	lower    []byte               // a word in lower case (cut)
	tok      analysis.Token       // the token term analyses
	tokBuf   []byte
	stream   analysis.TokenStream

	// The folded words of the current document (startDoc, docWords).
	words  map[string]*foldedWord // the words met in the load, interned
	others map[string]*wordCut    // the words of segments that are not tokens, when not ASCII
	doc    int                    // the current document's number (from 1)
	out    []string               // its distinct words
	// The word that the next segment may continue: one word of a
	// segment, or (run) the words of several joined.
	carry *foldedWord
	run   []byte
	// separator is the cut of a segment without letters or digits;
	// nothing that of a segment Fold removes (combining marks): a word
	// goes on across it.
	separator, nothing wordCut
}

// cachedTerm is the term of a token (nil termInfo: a stop word, dropped)
// and its folded words.
type cachedTerm struct {
	*termInfo
	cut *wordCut // nil until asked for
}

// termInfo is a term of the load, one per termCache: tokens of one term
// ("Salarié", "salarié") share it.
type termInfo struct {
	term  string
	bytes []byte // term's bytes, shared by the index's frequencies

	// Counts of the termCache's field and analyseDoc.
	passage, n int // the last passage that held it, its occurrences there
	doc, docN  int // the last document that held it, its passages holding it
}

// wordCut is what a segment of text gives to Words(Fold(text)): Fold folds
// each rune on its own, so the folded text is the segments' folded forms
// end to end, and its words are theirs, but for a word that runs from
// the end of one segment into the next (in some scripts a word holds
// several segments).
type wordCut struct {
	words      []*foldedWord // Words(Fold(segment))
	start, end bool          // Fold(segment) begins, ends with a letter or digit
	one        [1]*foldedWord
}

// asciiWord reports whether seg is ASCII letters and digits, at least one.
func asciiWord(seg []byte) bool {
	for _, b := range seg {
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return len(seg) > 0
}

// foldedWord is a word of the vocabulary, interned for the load.
type foldedWord struct {
	word string
	doc  int // the last document that used it
}

// newTermCache returns a termCache of an, which must be a tokenizer and
// token filters (bleve's analysis.DefaultAnalyzer) whose tokenizer cuts
// text as the Unicode tokenizer does.
func newTermCache(an analysis.Analyzer, shared ...*termCache) (*termCache, error) {
	da, ok := an.(*analysis.DefaultAnalyzer)
	if !ok || da.CharFilters != nil {
		return nil, errors.New("the french analyser is not a tokenizer and token filters")
	}
	return &termCache{filters: da.TokenFilters, terms: map[string]*cachedTerm{}, shared: shared, infos: map[string]*termInfo{},
		words: map[string]*foldedWord{}, others: map[string]*wordCut{}}, nil
}

// reserve sizes the maps of an empty termCache for the distinct tokens
// of about n bytes of text (Heaps' law fitted on the bench corpus: some
// 40·√(tokens), a token every seven bytes), so that they do not grow
// token by token.
func (c *termCache) reserve(n int) {
	tokens := min(40*int(math.Sqrt(float64(n)/7)), 1<<16)
	if len(c.terms) > 0 || tokens < 64 {
		return
	}
	c.terms = make(map[string]*cachedTerm, tokens)
	c.infos = make(map[string]*termInfo, tokens*2/3)
	c.words = make(map[string]*foldedWord, tokens*3/4)
}

// term returns the term of one token.
func (c *termCache) term(tok []byte) *cachedTerm {
	// The shared caches first: a cache that has any holds few tokens
	// of its own (the vocabulary's: the folded words that are no token).
	for _, s := range c.shared {
		if t, ok := s.terms[string(tok)]; ok {
			return t
		}
	}
	if t, ok := c.terms[string(tok)]; ok {
		return t
	}
	// One token, reused: the filters change it and their stream in place.
	c.tokBuf = append(c.tokBuf[:0], tok...)
	c.tok = analysis.Token{Term: c.tokBuf, Start: 0, End: len(tok), Position: 1}
	c.stream = append(c.stream[:0], &c.tok)
	stream := c.stream
	for _, f := range c.filters {
		stream = f.Filter(stream)
	}
	t := &cachedTerm{}
	if len(stream) == 1 {
		info, ok := c.infos[string(stream[0].Term)]
		if !ok {
			term := string(stream[0].Term)
			info = &termInfo{term: term, bytes: []byte(term)}
			c.infos[term] = info
		}
		t.termInfo = info
	}
	c.terms[string(tok)] = t
	return t
}

// analyse returns the terms of text in order, repeats included, in a
// slice reused by the next call. With words, it adds the folded words of
// text to the current document's.
func (c *termCache) analyse(text []byte, words bool) []*cachedTerm {
	out := c.buf[:0]
	if spans, ok := appendSegments(c.spans[:0], text); ok {
		c.spans = spans
		for _, s := range spans {
			out = c.segment(out, text[s.start:s.end], s.word, words)
		}
	} else {
		seg := segment.NewWordSegmenterDirect(text)
		for seg.Segment() {
			out = c.segment(out, seg.Bytes(), seg.Type() != segment.None, words)
		}
	}
	if words {
		c.endWord()
	}
	c.buf = out
	return out
}

// segment reads one segment of a text: the term of a word (appended to
// out unless it is a stop word) and, with words, its folded words.
func (c *termCache) segment(out []*cachedTerm, seg []byte, word, words bool) []*cachedTerm {
	if !word {
		if words {
			c.addWords(c.otherCut(seg))
		}
		return out
	}
	t := c.term(seg)
	if t.termInfo != nil {
		out = append(out, t)
	}
	if words {
		if t.cut == nil {
			t.cut = c.cut(seg)
		}
		c.addWords(t.cut)
	}
	return out
}

// otherCut is the cut of a segment that is not a token: none for ASCII
// (spaces and punctuation), else Fold's, cached.
func (c *termCache) otherCut(seg []byte) *wordCut {
	ascii := true
	for _, b := range seg {
		if b >= utf8.RuneSelf || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' {
			ascii = false
			break
		}
	}
	if ascii {
		return &c.separator
	}
	if w, ok := c.others[string(seg)]; ok {
		return w
	}
	w := c.cut(seg)
	c.others[string(seg)] = w
	return w
}

// cut returns what seg gives to the words of a text.
func (c *termCache) cut(seg []byte) *wordCut {
	if asciiWord(seg) { // most tokens: one word, seg in lower case
		lower := c.lower[:0]
		for _, b := range seg {
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			lower = append(lower, b)
		}
		c.lower = lower
		fw, ok := c.words[string(lower)]
		if !ok {
			fw = c.intern(string(lower))
		}
		w := &wordCut{start: true, end: true}
		w.one[0] = fw
		w.words = w.one[:]
		return w
	}
	folded := Fold(string(seg))
	if folded == "" {
		return &c.nothing
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	first, _ := utf8.DecodeRuneInString(folded)
	last, _ := utf8.DecodeLastRuneInString(folded)
	w := &wordCut{start: isWord(first), end: isWord(last)}
	for _, word := range Words(folded) {
		w.words = append(w.words, c.intern(word))
	}
	return w
}

func (c *termCache) intern(word string) *foldedWord {
	fw, ok := c.words[word]
	if !ok {
		fw = &foldedWord{word: word}
		c.words[word] = fw
	}
	return fw
}

// startDoc starts the words of a document.
func (c *termCache) startDoc() {
	c.doc++
	c.out = c.out[:0]
	c.carry, c.run = nil, c.run[:0]
}

// docWords returns the distinct folded words of the document's texts
// analysed with words since startDoc, in the order of their first use
// (the vocabulary counts them: their order does not matter), in a new
// slice.
func (c *termCache) docWords() []string {
	return slices.Clone(c.out)
}

// addWords adds a segment's words to the document's, joining the
// segment's first word to the previous segment's last when neither a
// space nor any other separator comes between them.
func (c *termCache) addWords(w *wordCut) {
	if w == &c.nothing {
		return
	}
	ws := w.words
	if (c.carry != nil || len(c.run) > 0) && w.start {
		c.join(ws[0])
		if len(ws) == 1 && w.end {
			return // the word goes on
		}
		c.endWord()
		ws = ws[1:]
	} else {
		c.endWord()
	}
	if w.end && len(ws) > 0 {
		c.carry = ws[len(ws)-1]
		ws = ws[:len(ws)-1]
	}
	for _, fw := range ws {
		c.use(fw)
	}
}

// join appends fw to the word carried.
func (c *termCache) join(fw *foldedWord) {
	if c.carry != nil {
		c.run = append(c.run[:0], c.carry.word...)
		c.carry = nil
	}
	c.run = append(c.run, fw.word...)
}

// endWord adds the word carried, if any.
func (c *termCache) endWord() {
	switch {
	case c.carry != nil:
		c.use(c.carry)
		c.carry = nil
	case len(c.run) > 0:
		fw, ok := c.words[string(c.run)]
		if !ok {
			fw = c.intern(string(c.run))
		}
		c.use(fw)
		c.run = c.run[:0]
	}
}

// addText adds the folded words of text to the document's, without
// analysing it.
func (c *termCache) addText(text string) {
	c.endWord()
	for _, w := range Words(Fold(text)) {
		c.use(c.intern(w))
	}
}

// use adds a word to the document's, once.
func (c *termCache) use(fw *foldedWord) {
	if fw.doc != c.doc {
		fw.doc = c.doc
		c.out = append(c.out, fw.word)
	}
}

// termsOf returns the terms of text (as Base.Terms analyses it: normalised,
// numbers in their search form), repeats included, in a slice that the
// next call reuses.
func (c *termCache) termsOf(text string) []string {
	if !plainWord(text) { // a plain word is its own normal and search form
		text = SearchForm(Normalize(text))
	}
	c.text = append(c.text[:0], text...)
	ts := c.analyse(c.text, false)
	out := c.termsBuf[:0]
	for _, t := range ts {
		out = append(out, t.term)
	}
	c.termsBuf = out
	return out
}

// plainWord reports whether s is ASCII letters and digits only.
func plainWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// field returns the field name holding text, analysed now (with words:
// adding its folded words to the document's), and keeps its distinct
// terms in c.inField. Its frequencies are only read by the index: one
// field may serve many documents.
func (c *termCache) field(name string, text []byte, words bool) *textField {
	ts := c.analyse(text, words)
	c.passage++
	distinct := c.inField[:0]
	for _, t := range ts {
		if t.passage != c.passage {
			t.passage, t.n = c.passage, 0
			distinct = append(distinct, t.termInfo)
		}
		t.n++
	}
	c.inField = distinct
	freqs := make(index.TokenFrequencies, len(distinct))
	slab := make([]index.TokenFreq, len(distinct)) // one allocation for the field's frequencies
	for k, t := range distinct {
		slab[k].Term = t.bytes
		slab[k].SetFrequency(t.n)
		freqs[t.term] = &slab[k]
	}
	return &textField{name: name, plain: len(text), length: len(ts), freqs: freqs}
}
