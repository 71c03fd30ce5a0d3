package numbers

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/french"
)

// Read finds every figure, percentage, amount, date, period, ordinal
// and time of day in a text, French or English, in order of appearance.
// Offsets are byte offsets in text; quantities never overlap.
//
// It reads the French ways of writing numbers ("80.000", "80 000", "80000",
// "1 200 000", "5,5 %", "11 milliards de DH", "2,5 millions d'euros", "10
// MDH", "le 1er mai", "troisième trimestre 2020", "T3 2020", numbers in
// words such as "vingt-cinq" or "deux cents") and English ones ("80,000",
// "5 percent", "11 billion", "$5", "April 23, 2020", "Q3 2020"). A comma
// followed by exactly three digits groups thousands ("1,500" is 1500),
// except after a lone 0; otherwise it is a decimal comma.
//
// Some digits are deliberately not read as figures: names that glue
// letters and digits ("Covid-19", "A320", "5G", "H1N1", "MP3"), section and
// citation markers ("§4", "[1]", "n° 3"), phone-like strings ("06 12 34 56
// 78", "+212 5 22 ..."), identifiers of more than 15 digits. "un"/"une" are
// articles unless a scale follows ("un million"), and "neuf" is read as a
// number only where it cannot be the adjective "new".
func Read(text string) []Quantity {
	r := &reader{s: text, t: tokenize(text)}
	var out []Quantity
	for k := 0; k < len(r.t); {
		q, next, ok := r.at(k)
		if ok {
			out = append(out, q)
		}
		if next <= k {
			next = k + 1
		}
		k = next
	}
	return out
}

// Values returns the numeric values of the quantities of text, in order:
// Value (and Max for ranges) of each; for dates the day and the year, for
// periods the index and the year, when present.
func Values(text string) []float64 {
	var out []float64
	for _, q := range Read(text) {
		switch q.Kind {
		case Date, Period:
			if q.Value != 0 {
				out = append(out, q.Value)
			}
			if q.IsRange() {
				out = append(out, q.Max)
			}
			if q.Year != 0 {
				out = append(out, float64(q.Year))
			}
		default:
			out = append(out, q.Value)
			if q.IsRange() {
				out = append(out, q.Max)
			}
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Tokens

type tokKind uint8

const (
	tkWord tokKind = iota + 1
	tkDigits
	tkSpace
	tkPunct
)

// token is a maximal run of letters, of ASCII digits or of spaces, or a
// single other character.
type token struct {
	kind       tokKind
	start, end int
}

func classify(r rune) tokKind {
	switch {
	case r >= '0' && r <= '9':
		return tkDigits
	case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
		return tkWord
	case unicode.IsSpace(r):
		return tkSpace
	}
	return tkPunct
}

func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/3)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		kind := classify(r)
		j := i + size
		if kind != tkPunct {
			for j < len(s) {
				r2, s2 := utf8.DecodeRuneInString(s[j:])
				if classify(r2) != kind {
					break
				}
				j += s2
			}
		}
		toks = append(toks, token{kind, i, j})
		i = j
	}
	return toks
}

type reader struct {
	s string
	t []token
}

func (r *reader) kind(i int) tokKind {
	if i < 0 || i >= len(r.t) {
		return 0
	}
	return r.t[i].kind
}

func (r *reader) text(i int) string {
	if i < 0 || i >= len(r.t) {
		return ""
	}
	return r.s[r.t[i].start:r.t[i].end]
}

func (r *reader) lower(i int) string {
	if r.kind(i) != tkWord {
		return ""
	}
	return strings.ToLower(r.text(i))
}

func (r *reader) isWord(i int, words ...string) bool {
	w := r.lower(i)
	if w == "" {
		return false
	}
	for _, x := range words {
		if w == x {
			return true
		}
	}
	return false
}

func (r *reader) isPunct(i int, ps ...string) bool {
	if r.kind(i) != tkPunct {
		return false
	}
	t := r.text(i)
	for _, p := range ps {
		if t == p {
			return true
		}
	}
	return false
}

func (r *reader) isApos(i int) bool { return r.isPunct(i, "'", "’") }

func (r *reader) digits(i int) string {
	if r.kind(i) != tkDigits {
		return ""
	}
	return r.text(i)
}

// gap skips one space token that does not break the line.
func (r *reader) gap(i int) int {
	if r.kind(i) == tkSpace && !strings.ContainsAny(r.text(i), "\n\r\v\f\u2028\u2029") {
		return i + 1
	}
	return i
}

// thin reports whether token i is a single space character, the only
// separator allowed inside a number ("80 000").
func (r *reader) thin(i int) bool {
	switch r.text(i) {
	case " ", "\u00a0", "\u202f", "\u2009", "\u2007":
		return r.kind(i) == tkSpace
	}
	return false
}

// isEnd reports whether token i cannot continue the token before it: the
// end of the text, a space or punctuation.
func (r *reader) isEnd(i int) bool {
	k := r.kind(i)
	return k == 0 || k == tkSpace || k == tkPunct
}

// ---------------------------------------------------------------------------
// Top level: one quantity with its range and approximation

func (r *reader) at(k int) (Quantity, int, bool) {
	q, first, next, ok := r.single(k)
	if !ok {
		return q, next, false
	}
	if p := r.prevWord(first); p >= 0 && r.isWord(p, "entre", "between") {
		if q2, n2, ok := r.rangeEnd(q, next, true); ok {
			q, next, first = q2, n2, p
			q.Start = r.t[p].start
		}
	} else if q2, n2, ok := r.rangeEnd(q, next, false); ok {
		q, next = q2, n2
	}
	q.Text = r.s[q.Start:q.End]
	if a, _ := r.approxBefore(first); a != "" {
		q.Approx = a
	}
	return q, next, true
}

// prevWord returns the index of the word just before token i, across one
// space, or -1.
func (r *reader) prevWord(i int) int {
	p := i - 1
	if r.kind(p) == tkSpace {
		if r.gap(p) != i {
			return -1
		}
		p--
	}
	if r.kind(p) == tkWord {
		return p
	}
	return -1
}

// single reads one quantity starting at token k, without ranges. first is
// the token where its text starts (a sign or currency symbol before k).
func (r *reader) single(k int) (q Quantity, first, next int, ok bool) {
	switch r.kind(k) {
	case tkDigits:
		return r.digitsAt(k)
	case tkWord:
		return r.wordAt(k)
	case tkPunct:
		switch r.text(k) {
		case "[":
			if end, ok := r.citation(k); ok {
				return q, k, end, false
			}
		case "$", "€", "£":
			j := r.gap(k + 1)
			if r.kind(j) == tkDigits && r.kind(k-1) != tkDigits {
				q, _, next, ok := r.digitsAt(j)
				if ok && (q.Kind == Count || q.Kind == Year) {
					q.Kind, q.Year = Money, 0
					q.Unit, _ = currencySymbol(r.text(k))
					q.Start = r.t[k].start
					return q, k, next, true
				}
			}
		}
	}
	return q, k, k + 1, false
}

// citation recognises "[1]", "[1, 2]", "[§4]", "[2-3]": markers, not figures.
func (r *reader) citation(k int) (int, bool) {
	digits := false
	for i := k + 1; i < len(r.t) && i <= k+12; i++ {
		switch r.kind(i) {
		case tkDigits:
			digits = true
		case tkSpace:
		case tkPunct:
			switch r.text(i) {
			case "]":
				return i + 1, digits
			case ",", ";", "-", "–", "§":
			default:
				return 0, false
			}
		default:
			return 0, false
		}
	}
	return 0, false
}

// skipName consumes the rest of a name that glues letters and digits
// ("Covid-19", "A320", "H1N1", "1.2.3").
func (r *reader) skipName(k int) int {
	i := k + 1
	for {
		switch {
		case r.kind(i) == tkWord || r.kind(i) == tkDigits:
			i++
		case r.isPunct(i, "-", ".", ",", "_", "/") && (r.kind(i+1) == tkWord || r.kind(i+1) == tkDigits):
			i += 2
		default:
			return i
		}
	}
}

// skipRef consumes the number of a marker ("§4", "§ 4-5", "n° 3").
func (r *reader) skipRef(k int) int {
	i := k + 1
	for r.isPunct(i, "-", "–", ",") && r.kind(i+1) == tkDigits {
		i += 2
	}
	return i
}

// ---------------------------------------------------------------------------
// Ranges

// rangeEnd extends q (ending before token j) into a range: "40% à 50%", "3
// à 5 millions", "2019-2020", "entre 3 et 5" (between: after "entre"),
// "23-24 avril", "du 23 au 25 avril".
func (r *reader) rangeEnd(q Quantity, j int, between bool) (Quantity, int, bool) {
	i := r.gap(j)
	spaced := i > j
	word := false
	switch {
	case r.isWord(i, "à", "to"), r.isWord(i, "au") && q.Kind == Count:
		word = true
	case between && r.isWord(i, "et", "and"):
		word = true
	case r.isPunct(i, "-", "–", "—", "‐"):
	default:
		return q, j, false
	}
	i2 := r.gap(i + 1)
	if word && (!spaced || i2 == i+1) {
		return q, j, false
	}
	q2, _, n2, ok := r.single(i2)
	if !ok || q2.Approx != "" {
		return q, j, false
	}
	if r.isWord(i, "au") && q2.Kind != Date {
		return q, j, false
	}
	m, ok := mergeRange(q, q2)
	if !ok {
		return q, j, false
	}
	return m, n2, true
}

func mergeRange(a, b Quantity) (Quantity, bool) {
	if b.IsRange() || a.IsRange() {
		return a, false
	}
	switch {
	case b.Kind == Date:
		if a.Kind != Count || a.Scale != 0 || a.Value != math.Trunc(a.Value) || a.Value < 1 || b.Day == 0 || float64(b.Day) <= a.Value {
			return a, false
		}
		a = Quantity{Kind: Date, Value: a.Value, Max: float64(b.Day), Day: int(a.Value), Month: b.Month, Year: b.Year,
			Start: a.Start, End: b.End}
		return a, true
	case a.Kind == Count && a.Unit == "" && a.Scale == 0 && a.Spelled == b.Spelled &&
		(b.Kind == Percent || b.Kind == Money || b.Kind == Measure || b.Kind == Duration || (b.Kind == Count && b.Scale > 0)):
		a.Kind, a.Unit = b.Kind, b.Unit
		if b.Scale > 0 {
			a.Value *= b.Scale
			a.Scale = b.Scale
		}
	case a.Kind == b.Kind && a.Unit == b.Unit && a.Kind != Date && a.Kind != Period && a.Kind != Time:
	default:
		return a, false
	}
	if !(b.Value > a.Value) {
		return a, false
	}
	a.Max = b.Value
	a.End = b.End
	return a, true
}

// ---------------------------------------------------------------------------
// Approximations

type approxPhrase struct {
	words []string // lower case, elided words end with "'" ("d'" is read as "de")
	canon string
}

// phrase is an approximation as the reader gives it back, with the words
// it is read as: "de l'ordre de" is "de", "l'", "ordre", "de"; "au-delà
// de" is "au", "delà", "de".
func phrase(canon string) approxPhrase {
	var words []string
	for _, f := range strings.Fields(canon) {
		for f != "" {
			i := strings.IndexAny(f, "'-")
			if i < 0 {
				words = append(words, f)
				break
			}
			if f[i] == '\'' {
				words = append(words, f[:i+1])
			} else {
				words = append(words, f[:i])
			}
			f = f[i+1:]
		}
	}
	return approxPhrase{words: words, canon: canon}
}

// approxPhrases, longest first where one ends another.
var approxPhrases = approximations(french.List("approximations"))

func approximations(phrases []string) []approxPhrase {
	out := make([]approxPhrase, len(phrases))
	for i, p := range phrases {
		out[i] = phrase(p)
	}
	return out
}

// prevWords returns up to max words before token first (lower case, elided
// words with their apostrophe), stopping at punctuation or a line break,
// with the token index where each starts.
func (r *reader) prevWords(first, max int) ([]string, []int) {
	var words []string
	var starts []int
	for i := first - 1; i >= 0 && len(words) < max; i-- {
		switch r.kind(i) {
		case tkSpace:
			if r.gap(i) == i {
				return words, starts
			}
		case tkWord:
			w := r.lower(i)
			if r.isApos(i+1) && i+1 < first {
				w += "'"
			}
			words = append([]string{w}, words...)
			starts = append([]int{i}, starts...)
		case tkPunct:
			if r.isApos(i) && r.kind(i-1) == tkWord && i+1 < len(r.t) && r.kind(i+1) != tkSpace {
				continue
			}
			if r.isPunct(i, "-") && r.kind(i-1) == tkWord && r.kind(i+1) == tkWord { // au-delà
				continue
			}
			if r.isPunct(i, ".") && r.isWord(i-1, "env") {
				words = append([]string{"env."}, words...)
				starts = append([]int{i - 1}, starts...)
				i--
				continue
			}
			return words, starts
		default:
			return words, starts
		}
	}
	return words, starts
}

// approxBefore finds the approximation written before token first. It
// returns the canonical phrase and the token where it starts.
func (r *reader) approxBefore(first int) (string, int) {
	p := first - 1
	if r.kind(p) == tkSpace {
		p--
	}
	if r.isPunct(p, "~", "≈", "±") {
		return "environ", p
	}
	words, starts := r.prevWords(first, 6)
	for i, w := range words {
		words[i] = strings.ReplaceAll(w, "’", "'")
		if words[i] == "d'" {
			words[i] = "de"
		}
	}
	try := func(ws []string) (string, int) {
		for _, ph := range approxPhrases {
			n := len(ph.words)
			if n > len(ws) {
				continue
			}
			match := true
			for i, pw := range ph.words {
				if ws[len(ws)-n+i] != pw {
					match = false
					break
				}
			}
			if match {
				return ph.canon, starts[len(ws)-n]
			}
		}
		// A word glued to "près": "quiprès de 20".
		if n := len(ws); n >= 2 && ws[n-1] == "de" && strings.HasSuffix(ws[n-2], "près") {
			w := ws[n-2]
			if w != "près" && w != "après" && w != "auprès" && !strings.HasSuffix(w, "'après") {
				return "près de", starts[n-2]
			}
		}
		return "", first
	}
	if a, s := try(words); a != "" {
		return a, s
	}
	if n := len(words); n > 1 {
		switch words[n-1] {
		case "les", "la", "le", "l'", "the":
			if a, s := try(words[:n-1]); a != "" && a != "près" {
				return a, s
			}
		}
	}
	return "", first
}
