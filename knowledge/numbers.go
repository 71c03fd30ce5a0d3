package knowledge

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/french"
)

// QuantityKind says what a number read in a text stands for.
type QuantityKind uint8

// The kinds of quantities ReadNumbers recognises.
const (
	QuantityCount    QuantityKind = iota + 1 // a plain number: "80.000 salariés", "vingt", "11 milliards"
	QuantityPercent                          // "5%", "5,5 %", "cinq pour cent", "5 percent"
	QuantityMoney                            // an amount with a currency: "11 milliards de DH", "€5"
	QuantityMeasure                          // a physical quantity: "12 km", "3 tonnes", "500 m²"
	QuantityDuration                         // "3 ans", "six mois", "48 heures"
	QuantityYear                             // a bare year: "2020" (1800 to 2100)
	QuantityDate                             // "23 avril", "le 1er mai 2020", "April 23", "23/04/2020"
	QuantityPeriod                           // "troisième trimestre 2020", "T3 2020", "premier semestre"
	QuantityOrdinal                          // "3e", "1er", "2nd" (not part of a date or period)
	QuantityTime                             // a time of day: "10h30", "14:00", "9 h"
)

var quantityKindNames = [...]string{"", "count", "percent", "money", "measure", "duration", "year", "date", "period", "ordinal", "time"}

// String returns the lower-case name of the kind ("count", "percent"...).
func (k QuantityKind) String() string {
	if int(k) < len(quantityKindNames) && k != 0 {
		return quantityKindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Quantity is one figure, percentage, amount, date or period read in a text.
//
// Value is the full value with any scale applied ("11 milliards" gives
// 11e9, "80.000" gives 80000). For a range ("40% à 50%", "entre 3 et 5")
// Value is the lower end and Max the upper one; Max is 0 otherwise. For
// dates Value is the day of the month (0 for "avril 2020"), for periods and
// ordinals the index ("troisième trimestre" gives 3), for times the hour
// with minutes as a fraction.
type Quantity struct {
	Text       string // exactly as written: Text == text[Start:End]
	Start, End int    // byte offsets in the text that was read
	Value      float64
	Max        float64
	Kind       QuantityKind
	// Unit is the canonical unit: "%" for percentages; "DH", "€", "$", "£",
	// "CHF", "FCFA" for money; "km", "m", "m²", "ha", "kg", "t", "l", "MW"...
	// for measures; "an", "mois", "semaine", "jour", "heure", "minute",
	// "seconde" for durations; "trimestre" or "semestre" for periods; "h"
	// for times. Counted nouns are not units: "80.000 salariés" has none.
	Unit string
	// Scale is the multiplier written with the number, already applied to
	// Value: 1e3 ("mille", "k"), 1e6 ("millions", "M"), 1e9 ("milliards",
	// "billion", "Md"), 1e12; 0 when there is none.
	Scale float64
	// Approx is the approximation written before the number, in canonical
	// lower-case form ("près de", "plus de", "moins de", "avoisinant",
	// "environ", "quelque", "au moins", "jusqu'à", "près"...); "environ" for
	// "une vingtaine", "~" and "≈"; empty when the number is exact.
	Approx string
	// Day, Month and Year describe dates ("23 avril 2020": 23, 4, 2020; a
	// missing part is 0). Year is also set for periods with a year and for
	// QuantityYear.
	Day, Month, Year int
	// Spelled is true when the number is written out in words ("vingt",
	// "deux millions").
	Spelled bool
}

// IsRange reports whether the quantity is a range ("40% à 50%").
func (q Quantity) IsRange() bool { return q.Max != 0 && q.Max > q.Value }

// String is a compact description for logs and test failures, such as
// `percent 40..50 % "40% à 50%" (près)`.
func (q Quantity) String() string {
	var b strings.Builder
	b.WriteString(q.Kind.String())
	b.WriteByte(' ')
	switch q.Kind {
	case QuantityDate:
		b.WriteString(strconv.Itoa(q.Year) + "-" + strconv.Itoa(q.Month) + "-" + strconv.Itoa(q.Day))
		if q.IsRange() {
			b.WriteString(".." + formatFloat(q.Max))
		}
	default:
		b.WriteString(formatFloat(q.Value))
		if q.IsRange() {
			b.WriteString(".." + formatFloat(q.Max))
		}
		if q.Unit != "" {
			b.WriteString(" " + q.Unit)
		}
		if q.Year != 0 && q.Kind != QuantityYear {
			b.WriteString(" " + strconv.Itoa(q.Year))
		}
	}
	b.WriteString(" " + strconv.Quote(q.Text))
	if q.Approx != "" {
		b.WriteString(" (" + q.Approx + ")")
	}
	return b.String()
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ReadNumbers finds every figure, percentage, amount, date, period, ordinal
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
func ReadNumbers(text string) []Quantity {
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

// NumbersIn returns the numeric values of the quantities of text, in order:
// Value (and Max for ranges) of each; for dates the day and the year, for
// periods the index and the year, when present.
func NumbersIn(text string) []float64 {
	var out []float64
	for _, q := range ReadNumbers(text) {
		switch q.Kind {
		case QuantityDate, QuantityPeriod:
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
				if ok && (q.Kind == QuantityCount || q.Kind == QuantityYear) {
					q.Kind, q.Year = QuantityMoney, 0
					q.Unit = currencySymbols[r.text(k)]
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
// Numbers written with digits

type literal struct {
	value   float64
	text    string // the digits of the integer part
	grouped bool
	decimal bool
	next    int
}

func (l literal) plain() bool { return !l.grouped && !l.decimal }

func (r *reader) digitsAt(k int) (q Quantity, first, next int, ok bool) {
	first = k
	if p := k - 1; p >= 0 {
		switch {
		case r.kind(p) == tkWord:
			return q, k, r.skipName(k), false
		case r.isPunct(p, "§", "°", "º"):
			return q, k, r.skipRef(k), false
		case r.kind(p) == tkSpace && r.isPunct(p-1, "§", "°", "º") && r.thin(p):
			return q, k, r.skipRef(k), false
		case r.isPunct(p, "-", "‐", "‑", "_", "/") && r.kind(p-1) == tkWord && !r.isWord(p-1, "mi"):
			return q, k, r.skipName(k), false
		case r.isPunct(p, ".", ",") && r.kind(p-1) == tkDigits:
			return q, k, r.skipName(k), false
		}
	}
	if r.listMarker(k) || r.isWord(r.prevWord(k), "covid") {
		return q, k, k + 1, false
	}
	if end, ok := r.phone(k); ok {
		return q, k, end, false
	}
	if q, end, ok := r.numericDate(k); ok {
		return q, k, end, true
	}
	if q, end, ok := r.clock(k); ok {
		return q, k, end, true
	}
	lit, ok := r.literal(k)
	if !ok {
		return q, k, r.skipName(k), false
	}
	q = Quantity{Kind: QuantityCount, Value: lit.value, Start: r.t[k].start}
	// A sign glued to the number and preceded by a space: "-5%", "+3 %".
	if p := k - 1; r.isPunct(p, "-", "−", "+") && (p == 0 || r.kind(p-1) == tkSpace || r.isPunct(p-1, "(")) {
		if !r.isPunct(p, "+") {
			q.Value = -q.Value
		}
		q.Start = r.t[p].start
		first = p
	}
	j, ok := r.gluedSuffix(&q, lit, lit.next)
	if !ok {
		return Quantity{}, k, r.skipName(k), false
	}
	if q.Kind == QuantityCount {
		j = r.spacedSuffix(&q, lit.plain(), j)
	}
	if q.Kind == QuantityCount && q.Scale == 0 && !lit.grouped && !lit.decimal && len(lit.text) == 4 &&
		q.Value >= 1800 && q.Value <= 2100 {
		q.Kind = QuantityYear
		q.Year = int(q.Value)
	}
	q.End = r.t[j-1].end
	return q, first, j, true
}

// listMarker reports whether the digits at k number an item of a list:
// one or two digits opening a line, followed by "." or ")" and a space.
func (r *reader) listMarker(k int) bool {
	if len(r.digits(k)) > 2 || !r.isPunct(k+1, ".", ")") || r.kind(k+2) != tkSpace {
		return false
	}
	p := k - 1
	if r.kind(p) == tkSpace && r.gap(p) > p { // spaces that do not break the line
		p--
	}
	return p < 0 || (r.kind(p) == tkSpace && r.gap(p) == p)
}

// literal reads the digits of a number: thousands groups ("80.000", "80
// 000", "80,000") and a decimal part ("5,5", "2.5").
func (r *reader) literal(k int) (literal, bool) {
	d := r.digits(k)
	if len(d) > 15 {
		return literal{}, false
	}
	var b strings.Builder
	b.WriteString(d)
	l := literal{text: d}
	i := k + 1
	sep := ""
	if len(d) <= 3 && d != "0" {
		for {
			s := r.separator(i)
			if s == "" || (sep != "" && s != sep) || len(r.digits(i+1)) != 3 {
				break
			}
			sep = s
			b.WriteString(r.digits(i + 1))
			i += 2
			l.grouped = true
		}
	}
	l.text = b.String()
	if p := r.text(i); (p == "," || p == ".") && p != sep && r.kind(i+1) == tkDigits && r.kind(i) == tkPunct {
		b.WriteString(".")
		b.WriteString(r.digits(i + 1))
		i += 2
		l.decimal = true
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return literal{}, false
	}
	l.value = v
	l.next = i
	return l, true
}

// separator returns the thousands separator at token i: " ", "." or ",".
func (r *reader) separator(i int) string {
	switch {
	case r.thin(i):
		return " "
	case r.isPunct(i, ".", ","):
		return r.text(i)
	}
	return ""
}

// phone recognises phone numbers and similar identifiers, which are not
// figures: groups of digits separated by spaces, dots or hyphens that are
// not thousands groups nor a date, with 8 digits or more; a run of 8 digits
// or more starting with 0; anything after "+" with 8 digits or more.
func (r *reader) phone(k int) (int, bool) {
	plus := r.isPunct(k-1, "+") || (r.thin(k-1) && r.isPunct(k-2, "+"))
	groups := []int{len(r.digits(k))}
	var seps []string
	i := k
	for {
		s := ""
		switch {
		case r.thin(i + 1):
			s = " "
		case r.isPunct(i+1, ".", "-"):
			s = r.text(i + 1)
		}
		if s == "" || r.kind(i+2) != tkDigits {
			break
		}
		groups = append(groups, len(r.digits(i+2)))
		seps = append(seps, s)
		i += 2
	}
	total := 0
	for _, g := range groups {
		total += g
	}
	end := i + 1
	if len(groups) == 1 {
		d := r.digits(k)
		return end, total >= 8 && (d[0] == '0' || plus)
	}
	if total < 8 {
		return 0, false
	}
	if plus {
		return end, true
	}
	if len(groups) < 3 {
		return 0, false
	}
	thousands := groups[0] <= 3 && (seps[0] == " " || seps[0] == ".")
	for gi, g := range groups[1:] {
		if g != 3 || seps[gi] != seps[0] {
			thousands = false
		}
	}
	if thousands {
		return 0, false
	}
	if len(groups) == 3 && seps[0] == seps[1] && seps[0] != " " &&
		((groups[0] <= 2 && groups[1] <= 2 && groups[2] == 4) || (groups[0] == 4 && groups[1] == 2 && groups[2] == 2)) {
		return 0, false // a date
	}
	// A longer run that starts like a date or a thousands group is still
	// read piecewise only if it has fewer than 8 digits (handled above).
	return end, true
}

// numericDate reads "23/04/2020", "23.04.2020", "23-04-20", "2020-04-23".
func (r *reader) numericDate(k int) (Quantity, int, bool) {
	a, b, c := r.digits(k), r.digits(k+2), r.digits(k+4)
	if b == "" || c == "" || !r.isPunct(k+1, "/", ".", "-") || r.text(k+1) != r.text(k+3) || r.kind(k+3) != tkPunct {
		return Quantity{}, 0, false
	}
	if !r.isEnd(k+5) || ((r.isPunct(k+5, "/", ".", "-")) && r.kind(k+6) == tkDigits) {
		return Quantity{}, 0, false
	}
	var day, month, year int
	switch {
	case len(a) <= 2 && len(b) <= 2 && (len(c) == 4 || (len(c) == 2 && r.text(k+1) == "/")):
		day, _ = strconv.Atoi(a)
		month, _ = strconv.Atoi(b)
		year, _ = strconv.Atoi(c)
		if len(c) == 2 {
			year += 2000
			if year > 2069 {
				year -= 100
			}
		}
	case len(a) == 4 && len(b) == 2 && len(c) == 2 && r.text(k+1) == "-":
		year, _ = strconv.Atoi(a)
		month, _ = strconv.Atoi(b)
		day, _ = strconv.Atoi(c)
	default:
		return Quantity{}, 0, false
	}
	if day < 1 || day > 31 || month < 1 || month > 12 {
		return Quantity{}, 0, false
	}
	q := Quantity{Kind: QuantityDate, Value: float64(day), Day: day, Month: month, Year: year,
		Start: r.t[k].start, End: r.t[k+4].end}
	return q, k + 5, true
}

// clock reads times of day: "10h", "10h30", "10 h 30", "14:00".
func (r *reader) clock(k int) (Quantity, int, bool) {
	hs := r.digits(k)
	if len(hs) > 2 {
		return Quantity{}, 0, false
	}
	h, _ := strconv.Atoi(hs)
	if h > 24 {
		return Quantity{}, 0, false
	}
	mins := func(i int) (int, bool) {
		m := r.digits(i)
		if len(m) != 2 {
			return 0, false
		}
		v, _ := strconv.Atoi(m)
		return v, v < 60 && r.isEnd(i+1)
	}
	q := Quantity{Kind: QuantityTime, Unit: "h", Start: r.t[k].start}
	end := -1
	switch {
	case r.isPunct(k+1, ":"):
		if m, ok := mins(k + 2); ok {
			q.Value = float64(h) + float64(m)/60
			end = k + 3
		}
	case r.isWord(k+1, "h"):
		if m, ok := mins(k + 2); ok {
			q.Value = float64(h) + float64(m)/60
			end = k + 3
		} else if r.isEnd(k + 2) {
			q.Value = float64(h)
			end = k + 2
		}
	case r.thin(k+1) && r.isWord(k+2, "h") && r.isEnd(k+3):
		q.Value = float64(h)
		end = k + 3
		if r.thin(k + 3) {
			if m, ok := mins(k + 4); ok {
				q.Value += float64(m) / 60
				end = k + 5
			}
		}
	}
	if end < 0 {
		return Quantity{}, 0, false
	}
	q.End = r.t[end-1].end
	return q, end, true
}

// ordinalSuffixes are the letters of an ordinal after its digits: "1er", "3e".
var ordinalSuffixes = french.Words("ordinal-suffixes")

// gluedSuffix reads letters glued to the digits: ordinal marks ("3e",
// "1er"), scales ("80k", "5M€"), currencies and units ("100DH", "5km"). It
// fails on other letters, which make the whole a name ("5G", "A4x4").
func (r *reader) gluedSuffix(q *Quantity, lit literal, j int) (int, bool) {
	if r.kind(j) != tkWord {
		return j, true
	}
	w := r.text(j)
	switch {
	case lit.plain() && ordinalSuffixes.Has(w) && lit.value >= 1 && !r.isApos(j+1):
		if r.kind(j+1) == tkWord || r.kind(j+1) == tkDigits {
			return j, false
		}
		n := int(lit.value)
		if d, next, ok := r.dayMonth(n, j+1); ok {
			*q = Quantity{Kind: QuantityDate, Value: float64(n), Day: n, Month: d.Month, Year: d.Year, Start: q.Start}
			return next, true
		}
		if p, next, ok := r.periodAfter(n, j+1); ok {
			p.Start = q.Start
			*q = p
			return next, true
		}
		q.Kind = QuantityOrdinal
		return j + 1, true
	case w == "k" || w == "K":
		q.Value *= 1e3
		q.Scale = 1e3
		return j + 1, r.kind(j+1) != tkWord
	}
	if unit, scale, next, ok := r.currency(j); ok {
		if scale > 0 {
			q.Value *= scale
			q.Scale = scale
		}
		q.Kind = QuantityMoney
		q.Unit = unit
		return next, true
	}
	if sc, next, ok := r.scaleWord(j, true); ok {
		if unit, scale2, n2, ok := r.currency(r.gap(next)); ok && scale2 == 0 {
			q.Value *= sc
			q.Scale = sc
			q.Kind = QuantityMoney
			q.Unit = unit
			return n2, true
		}
		if w == "bn" || w == "Bn" {
			q.Value *= sc
			q.Scale = sc
			return next, true
		}
		return j, false
	}
	if unit, kind, next, ok := r.unit(j); ok {
		q.Kind = kind
		q.Unit = unit
		return next, true
	}
	return j, false
}

// spacedSuffix reads what follows a number after an optional space: a scale
// word, a currency (after "de" when a scale was written: "11 milliards de
// DH"), a percent sign, a unit, or a month that makes it a date.
func (r *reader) spacedSuffix(q *Quantity, plain bool, j int) int {
	i := r.gap(j)
	if q.Scale == 0 {
		if sc, next, ok := r.scaleWord(i, false); ok {
			q.Value *= sc
			q.Scale = sc
			j = next
			i = r.gap(j)
		}
	}
	if q.Scale > 0 && r.thin(i+1) && r.isWord(i, "de", "of") {
		if unit, scale, next, ok := r.currency(i + 2); ok && scale == 0 {
			q.Kind, q.Unit = QuantityMoney, unit
			return next
		}
	}
	if q.Scale > 0 && r.isWord(i, "d") && r.isApos(i+1) {
		if unit, scale, next, ok := r.currency(i + 2); ok && scale == 0 {
			q.Kind, q.Unit = QuantityMoney, unit
			return next
		}
	}
	if unit, scale, next, ok := r.currency(i); ok && (scale == 0 || q.Scale == 0) {
		if scale > 0 {
			q.Value *= scale
			q.Scale = scale
		}
		q.Kind, q.Unit = QuantityMoney, unit
		return next
	}
	if next, ok := r.percent(i); ok {
		q.Kind, q.Unit = QuantityPercent, "%"
		return next
	}
	if unit, kind, next, ok := r.unit(i); ok && (i > j || r.isPunct(i, "°")) {
		q.Kind, q.Unit = kind, unit
		return next
	}
	if plain && q.Scale == 0 && q.Value >= 1 && q.Value <= 31 && q.Value == math.Trunc(q.Value) {
		if d, next, ok := r.dayMonth(int(q.Value), j); ok {
			q.Kind, q.Day, q.Month, q.Year = QuantityDate, d.Day, d.Month, d.Year
			return next
		}
	}
	return j
}

// percent reads "%", "pour cent", "pourcent", "percent", "per cent" at i.
func (r *reader) percent(i int) (int, bool) {
	switch {
	case r.isPunct(i, "%", "٪"):
		return i + 1, true
	case r.isWord(i, "pourcent", "percent"):
		return i + 1, true
	case r.isWord(i, "pour", "per") && r.thin(i+1) && r.isWord(i+2, "cent"):
		return i + 3, true
	}
	return 0, false
}

var currencySymbols = map[string]string{"€": "€", "$": "$", "£": "£"}

// currencyWords map currency words and codes, as written, to the unit of a
// figure in them; currencyScales give the scale that some hold ("MDH").
var (
	currencyWords  = french.Texts("currencies")
	currencyScales = french.Floats("currency-scales")
)

// currency reads a currency at token i: a symbol or a word.
func (r *reader) currency(i int) (unit string, scale float64, next int, ok bool) {
	if r.kind(i) == tkPunct {
		if u, ok := currencySymbols[r.text(i)]; ok {
			return u, 0, i + 1, true
		}
		return "", 0, 0, false
	}
	if r.kind(i) != tkWord {
		return "", 0, 0, false
	}
	w := r.text(i)
	if unit, ok := currencyWords.Get(w); ok && r.kind(i+1) != tkDigits {
		scale, _ := currencyScales.Get(w)
		return unit, scale, i + 1, true
	}
	switch {
	case r.isWord(i, "francs", "franc") && r.thin(i+1) && r.text(i+2) == "CFA":
		return "FCFA", 0, i + 3, true
	case r.isWord(i, "francs", "franc") && r.thin(i+1) && r.isWord(i+2, "suisses", "suisse"):
		return "CHF", 0, i + 3, true
	case r.text(i) == "US" && r.isPunct(i+1, "$"):
		return "$", 0, i + 2, true
	}
	return "", 0, 0, false
}

// scaleWords multiply a figure: "5 millions".
var scaleWords = french.Floats("scale-words")

// scaleAbbrev are abbreviations accepted as a scale only before a currency
// ("5 M€", "3 Mds DH"), "bn" excepted.
var scaleAbbrev = french.Floats("scale-abbreviations")

// scaleWord reads a scale at i. Abbreviations count only before a
// currency (or glued, when the caller checks the currency itself).
func (r *reader) scaleWord(i int, glued bool) (float64, int, bool) {
	if r.kind(i) != tkWord {
		return 0, 0, false
	}
	w := r.text(i)
	if sc, ok := scaleAbbrev.Get(w); ok {
		if glued {
			return sc, i + 1, true
		}
		if w == "bn" || w == "Bn" {
			return sc, i + 1, true
		}
		j := r.gap(i + 1)
		if _, _, _, ok := r.currency(j); ok {
			return sc, i + 1, true
		}
		if r.isWord(j, "de") && r.thin(j+1) || r.isWord(j, "d") && r.isApos(j+1) { // "3 Mds de DH"
			if _, _, _, ok := r.currency(j + 2); ok {
				return sc, i + 1, true
			}
		}
		return 0, 0, false
	}
	if sc, ok := scaleWords.Get(strings.ToLower(w)); ok && !glued {
		return sc, i + 1, true
	}
	return 0, 0, false
}

// measureUnits and timeUnits map unit words, as written, to the unit of a
// figure in them: "kilomètres" to "km", "années" to "an".
var (
	measureUnits = french.Texts("measure-units")
	timeUnits    = french.Texts("time-units")
)

// unitWord returns the unit and kind of quantity of unit word w, as
// written.
func unitWord(w string) (string, QuantityKind, bool) {
	if u, ok := timeUnits.Get(w); ok {
		return u, QuantityDuration, true
	}
	if u, ok := measureUnits.Get(w); ok {
		return u, QuantityMeasure, true
	}
	return "", 0, false
}

// unit reads a measure or duration unit at i ("km", "m²", "tonnes", "ans").
func (r *reader) unit(i int) (string, QuantityKind, int, bool) {
	if r.isPunct(i, "°") && r.text(i+1) == "C" && r.isEnd(i+2) {
		return "°C", QuantityMeasure, i + 2, true
	}
	if r.kind(i) != tkWord {
		return "", 0, 0, false
	}
	w := r.text(i)
	unit, kind, ok := unitWord(w)
	if !ok {
		unit, kind, ok = unitWord(strings.ToLower(w))
		if !ok || len(w) <= 2 { // short units are case-sensitive
			return "", 0, 0, false
		}
	}
	next := i + 1
	if unit == "m" || unit == "km" || unit == "cm" {
		switch {
		case r.isPunct(next, "²") || r.text(next) == "2":
			return unit + "²", QuantityMeasure, next + 1, r.isEnd(next + 1)
		case r.isPunct(next, "³") || r.text(next) == "3":
			return unit + "³", QuantityMeasure, next + 1, r.isEnd(next + 1)
		}
	}
	if !r.isEnd(next) || r.isApos(next) {
		return "", 0, 0, false
	}
	return unit, kind, next, true
}

// ---------------------------------------------------------------------------
// Dates and periods

// frMonths and enMonths are the month names and abbreviations, French in
// lower case, English as written ("May", not "may").
var (
	frMonths = french.Merge(french.Ints("months"), french.Ints("month-abbreviations"))
	enMonths = french.Merge(french.Ints("english-months"), french.Ints("english-month-abbreviations"))
)

// month reads a month name at i, with the period of an abbreviation when a
// year follows. It returns the month and the token after it.
func (r *reader) month(i int) (int, int) {
	if r.kind(i) != tkWord || r.kind(i+1) == tkDigits || r.isApos(i+1) {
		return 0, 0
	}
	w := r.text(i)
	m, ok := frMonths.Get(strings.ToLower(w))
	if !ok {
		m, ok = enMonths.Get(w)
	}
	if !ok {
		return 0, 0
	}
	next := i + 1
	if utf8.RuneCountInString(w) <= 4 && m != 5 && r.isPunct(next, ".") && r.year(r.gap(next+1)) > 0 {
		next++
	}
	return m, next
}

// year reads a year of four digits (1000 to 2999) standing alone at i.
func (r *reader) year(i int) int {
	d := r.digits(i)
	if len(d) != 4 || !r.isEnd(i+1) || (r.isPunct(i+1, ".", ",") && r.kind(i+2) == tkDigits) || (r.thin(i+1) && len(r.digits(i+2)) == 3) {
		return 0
	}
	y, _ := strconv.Atoi(d)
	if y < 1000 || y > 2999 {
		return 0
	}
	return y
}

type dayMonthYear struct{ Day, Month, Year int }

// dayMonth reads " avril", " avril 2020" after a day number ending at j.
func (r *reader) dayMonth(day, j int) (dayMonthYear, int, bool) {
	i := r.gap(j)
	if i == j || day < 1 || day > 31 {
		return dayMonthYear{}, 0, false
	}
	m, next := r.month(i)
	if m == 0 {
		return dayMonthYear{}, 0, false
	}
	d := dayMonthYear{Day: day, Month: m}
	if y := r.year(r.gap(next)); y > 0 && r.gap(next) > next {
		d.Year = y
		next = r.gap(next) + 1
	} else if r.isPunct(next, ",") && r.thin(next+1) && r.year(next+2) > 0 {
		d.Year = r.year(next + 2)
		next += 3
	}
	return d, next, true
}

// ordinalWords are the ordinals in words that number a period: "troisième
// trimestre".
var ordinalWords = french.Merge(french.Ints("ordinals"), french.Ints("ordinal-variants"))

// periodAfter reads " trimestre [de] 2020" / " semestre" / " quarter [of]
// 2020" / " half" after an ordinal n ending at j.
func (r *reader) periodAfter(n, j int) (Quantity, int, bool) {
	i := r.gap(j)
	if i == j {
		return Quantity{}, 0, false
	}
	unit := ""
	switch r.lower(i) {
	case "trimestre", "quarter":
		unit = "trimestre"
		if n > 4 {
			return Quantity{}, 0, false
		}
	case "semestre", "half":
		unit = "semestre"
		if n > 2 {
			return Quantity{}, 0, false
		}
	default:
		return Quantity{}, 0, false
	}
	q := Quantity{Kind: QuantityPeriod, Value: float64(n), Unit: unit}
	next := i + 1
	y := r.gap(next)
	if y > next && r.isWord(y, "de", "of") && r.thin(y+1) {
		y += 2
	}
	if y > next && r.year(y) >= 1800 && r.year(y) <= 2100 {
		q.Year = r.year(y)
		next = y + 1
	}
	q.End = r.t[next-1].end
	return q, next, true
}

// ---------------------------------------------------------------------------
// Words: numbers in letters, ordinals of periods, month-first dates

// numberWords are the numbers in words: "vingt", "mille".
var numberWords = french.Ints("number-words")

// approxNouns are the nouns of an approximate number: "une vingtaine".
var approxNouns = french.Ints("approximate-number-nouns")

// nineContext are the words after which "neuf" is the number nine rather
// than the adjective "new".
var nineContext = french.Words("nine-contexts")

func (r *reader) wordAt(k int) (q Quantity, first, next int, ok bool) {
	w := r.text(k)
	lw := strings.ToLower(w)
	if n, isOrd := ordinalWords.Get(lw); isOrd {
		if p, next, ok := r.periodAfter(n, k+1); ok {
			p.Start = r.t[k].start
			return p, k, next, true
		}
	}
	// "T3 2020", "Q3 2020", "S1 2020", "H1 2020"
	if (w == "T" || w == "Q" || w == "S" || w == "H") && len(r.digits(k+1)) == 1 && r.thin(k+2) {
		n := int(r.digits(k + 1)[0] - '0')
		max := 4
		unit := "trimestre"
		if w == "S" || w == "H" {
			max, unit = 2, "semestre"
		}
		if y := r.year(k + 3); y >= 1800 && y <= 2100 && n >= 1 && n <= max {
			return Quantity{Kind: QuantityPeriod, Value: float64(n), Unit: unit, Year: y,
				Start: r.t[k].start, End: r.t[k+3].end}, k, k + 4, true
		}
	}
	// Month first: "avril 2020", "April 23", "April 23, 2020".
	if m, mn := r.month(k); m > 0 {
		i := r.gap(mn)
		if i > mn {
			if y := r.year(i); y > 0 {
				return Quantity{Kind: QuantityDate, Month: m, Year: y, Start: r.t[k].start, End: r.t[i].end}, k, i + 1, true
			}
			if enMonths.Has(w) {
				if d := r.digits(i); len(d) <= 2 && d != "" {
					day, _ := strconv.Atoi(d)
					end := i + 1
					if ordinalSuffixes.Has(r.lower(end)) && r.isEnd(end+1) {
						end++
					} else if !r.isEnd(end) {
						return q, k, k + 1, false
					}
					if day >= 1 && day <= 31 {
						q = Quantity{Kind: QuantityDate, Value: float64(day), Day: day, Month: m, Start: r.t[k].start}
						if r.isPunct(end, ",") && r.thin(end+1) && r.year(end+2) > 0 {
							q.Year = r.year(end + 2)
							end += 3
						}
						q.End = r.t[end-1].end
						return q, k, end, true
					}
				}
			}
		}
	}
	// "une vingtaine de", "un millier d'"
	if lw == "un" || lw == "une" {
		i := r.gap(k + 1)
		if v, ok := approxNouns.Get(r.lower(i)); ok && i > k+1 {
			j := r.gap(i + 1)
			if j > i+1 && (r.isWord(j, "de") || (r.isWord(j, "d") && r.isApos(j+1))) {
				return Quantity{Kind: QuantityCount, Value: float64(v), Approx: "environ", Spelled: true,
					Start: r.t[k].start, End: r.t[i].end}, k, i + 1, true
			}
		}
	}
	if numberWords.Has(lw) {
		return r.spelled(k)
	}
	return q, k, k + 1, false
}

// spelled reads a number written in words: "vingt", "vingt-cinq", "vingt et
// un", "quatre-vingt-dix", "deux cent mille", "trois millions".
func (r *reader) spelled(k int) (q Quantity, first, next int, ok bool) {
	var total, cur float64
	scale := 0.0
	words := 0
	units := 0 // words that are not scales
	i := k
	last := k
	for {
		w := r.lower(i)
		v, isNum := numberWords.Get(w)
		if !isNum {
			break
		}
		fv := float64(v)
		valid := true
		switch {
		case w == "cent" || w == "cents":
			if cur >= 10 || (words > 0 && cur == 0 && total == 0) {
				valid = false
			} else {
				cur = math.Max(cur, 1) * 100
			}
		case w == "mille":
			if cur >= 1000 || math.Mod(total, 1e6) >= 1000 {
				valid = false
			} else {
				total += math.Max(cur, 1) * 1000
				cur = 0
				scale = math.Max(scale, 1e3)
			}
		case fv >= 1e6:
			if cur >= 1000 || (words > 0 && cur == 0) {
				valid = false
			} else {
				total += math.Max(cur, 1) * fv
				cur = 0
				scale = math.Max(scale, fv)
			}
		case (w == "vingt" || w == "vingts") && words > 0 && math.Mod(cur, 100) == 4 && r.lower(last) == "quatre":
			cur += 76 // quatre-vingt
		default:
			c := math.Mod(cur, 100)
			switch {
			case words == 0 || c == 0:
			case c == 10 && fv >= 7 && fv <= 9:
			case c >= 20 && math.Mod(c, 10) == 0 && fv < 10:
			case (c == 60 || c == 80) && fv >= 10 && fv < 20:
			default:
				valid = false
			}
			if valid {
				cur += fv
			}
		}
		if !valid {
			break
		}
		words++
		if fv < 1e3 || w == "mille" {
			units++
		}
		last = i
		// connectors: "-", " ", " et "
		n := i + 1
		switch {
		case r.isPunct(n, "-", "‐") && r.kind(n+1) == tkWord && isNumberWord(r.lower(n+1)):
			i = n + 1
			continue
		case r.thin(n) && r.isWord(n+1, "et") && r.thin(n+2) && r.isWord(n+3, "un", "une", "onze") && math.Mod(cur, 10) == 0 && cur >= 20:
			i = n + 3
			continue
		case r.thin(n) && isNumberWord(r.lower(n+1)):
			i = n + 1
			continue
		}
		break
	}
	if words == 0 {
		return q, k, k + 1, false
	}
	w0 := r.lower(k)
	if units == 0 || (words == 1 && (w0 == "un" || w0 == "une")) || (w0 == "un" || w0 == "une") && scale < 1e6 {
		return q, k, last + 1, false
	}
	if words == 1 && w0 == "neuf" {
		p := r.prevWord(k)
		if p >= 0 && !nineContext.Has(r.lower(p)) {
			return q, k, k + 1, false
		}
	}
	if words == 1 && (w0 == "cent" || w0 == "cents") && r.isWord(r.prevWord(k), "pour", "per") {
		return q, k, k + 1, false
	}
	q = Quantity{Kind: QuantityCount, Value: total + cur, Spelled: true, Start: r.t[k].start}
	if scale >= 1e6 {
		q.Scale = scale
	}
	j := r.spacedSuffix(&q, q.Scale == 0, last+1)
	q.End = r.t[j-1].end
	return q, k, j, true
}

func isNumberWord(w string) bool { return numberWords.Has(w) }

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
	case r.isWord(i, "à", "to"), r.isWord(i, "au") && q.Kind == QuantityCount:
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
	if r.isWord(i, "au") && q2.Kind != QuantityDate {
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
	case b.Kind == QuantityDate:
		if a.Kind != QuantityCount || a.Scale != 0 || a.Value != math.Trunc(a.Value) || a.Value < 1 || b.Day == 0 || float64(b.Day) <= a.Value {
			return a, false
		}
		a = Quantity{Kind: QuantityDate, Value: a.Value, Max: float64(b.Day), Day: int(a.Value), Month: b.Month, Year: b.Year,
			Start: a.Start, End: b.End}
		return a, true
	case a.Kind == QuantityCount && a.Unit == "" && a.Scale == 0 && a.Spelled == b.Spelled &&
		(b.Kind == QuantityPercent || b.Kind == QuantityMoney || b.Kind == QuantityMeasure || b.Kind == QuantityDuration || (b.Kind == QuantityCount && b.Scale > 0)):
		a.Kind, a.Unit = b.Kind, b.Unit
		if b.Scale > 0 {
			a.Value *= b.Scale
			a.Scale = b.Scale
		}
	case a.Kind == b.Kind && a.Unit == b.Unit && a.Kind != QuantityDate && a.Kind != QuantityPeriod && a.Kind != QuantityTime:
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

// ---------------------------------------------------------------------------
// Comparing quantities and the number guard

func sameValue(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// bare reports whether q is a plain number without unit.
func bare(q Quantity) bool {
	return (q.Kind == QuantityCount || q.Kind == QuantityYear) && q.Unit == ""
}

// SameNumber reports whether a and b state the same figure, however they
// are written: "80.000", "80 000", "80,000", "80 mille" and "80k" are the
// same count; "11 milliards de DH" and "11 000 MDH" the same amount; "5%"
// and "5 pour cent" the same percentage; "troisième trimestre 2020" and "T3
// 2020" the same period. Ranges must have the same ends. Approximations are
// ignored. A bare number matches an amount, a percentage or a measure of
// the same value (the unit was left out); otherwise kinds and units must
// agree. Dates agree on day and month, and on the year when both have one.
func SameNumber(a, b Quantity) bool {
	switch {
	case a.Kind == QuantityDate || b.Kind == QuantityDate:
		return a.Kind == b.Kind && a.Day == b.Day && a.Month == b.Month && sameValue(a.Max, b.Max) &&
			(a.Year == 0 || b.Year == 0 || a.Year == b.Year)
	case a.Kind == QuantityPeriod || b.Kind == QuantityPeriod:
		return a.Kind == b.Kind && a.Unit == b.Unit && a.Value == b.Value && (a.Year == 0 || b.Year == 0 || a.Year == b.Year)
	case a.Kind == QuantityTime || b.Kind == QuantityTime, a.Kind == QuantityOrdinal || b.Kind == QuantityOrdinal:
		return a.Kind == b.Kind && sameValue(a.Value, b.Value) && sameValue(a.Max, b.Max)
	}
	if !(bare(a) || bare(b) || (a.Kind == b.Kind && a.Unit == b.Unit)) {
		return false
	}
	return sameValue(a.Value, b.Value) && sameValue(a.Max, b.Max)
}

// NumberSet holds the quantities of some source texts, to check the
// figures of answers against them.
type NumberSet struct {
	qs    []Quantity
	years map[int]bool
}

// NewNumberSet reads the quantities of the source texts.
func NewNumberSet(sources ...string) *NumberSet {
	s := &NumberSet{years: map[int]bool{}}
	for _, src := range sources {
		for _, q := range ReadNumbers(src) {
			q = magnitude(q)
			s.qs = append(s.qs, q)
			if q.Year != 0 {
				s.years[q.Year] = true
			}
			if bare(q) && q.Value == math.Trunc(q.Value) && q.Value >= 1000 && q.Value <= 2999 && q.Scale == 0 {
				s.years[int(q.Value)] = true
				if q.IsRange() {
					s.years[int(q.Max)] = true
				}
			}
		}
	}
	return s
}

func magnitude(q Quantity) Quantity {
	q.Value, q.Max = math.Abs(q.Value), math.Abs(q.Max)
	if q.Max != 0 && q.Max < q.Value {
		q.Value, q.Max = q.Max, q.Value
	}
	return q
}

// ends splits a range into its two ends.
func ends(q Quantity) (Quantity, Quantity) {
	lo, hi := q, q
	lo.Max, hi.Max = 0, 0
	hi.Value = q.Max
	if q.Kind == QuantityDate {
		hi.Day = int(q.Max)
	}
	return lo, hi
}

// Supports reports whether q is stated by the sources: the same number
// (SameNumber, sign ignored) appears in one of them, alone or as an end of
// a range; a range is supported when the same range appears or both its
// ends are supported; a year is supported when it appears alone, in a date
// or in a period; the year of a date or period must appear somewhere in
// the sources.
func (s *NumberSet) Supports(q Quantity) bool {
	q = magnitude(q)
	if q.IsRange() {
		for _, src := range s.qs {
			if SameNumber(withoutYear(q), withoutYear(src)) && s.yearOK(q) {
				return true
			}
		}
		lo, hi := ends(q)
		return s.supportsOne(lo) && s.supportsOne(hi)
	}
	return s.supportsOne(q)
}

func withoutYear(q Quantity) Quantity {
	if q.Kind == QuantityDate || q.Kind == QuantityPeriod {
		q.Year = 0
	}
	return q
}

func (s *NumberSet) yearOK(q Quantity) bool {
	if (q.Kind == QuantityDate || q.Kind == QuantityPeriod) && q.Year != 0 {
		return s.years[q.Year]
	}
	return true
}

func (s *NumberSet) supportsOne(q Quantity) bool {
	if q.Kind == QuantityYear && s.years[q.Year] {
		return true
	}
	if !s.yearOK(q) {
		return false
	}
	probe := withoutYear(q)
	for _, src := range s.qs {
		src = withoutYear(src)
		if src.IsRange() {
			lo, hi := ends(src)
			if SameNumber(probe, lo) || SameNumber(probe, hi) {
				return true
			}
			continue
		}
		if q.Kind == QuantityDate && q.Day == 0 && src.Kind == QuantityDate && src.Month == q.Month {
			return true // "avril 2020" and "23 avril 2020"
		}
		if SameNumber(probe, src) {
			return true
		}
	}
	return false
}

// Unsupported returns the quantities of answer that the sources do not
// state, in order. Small counts written in words ("deux", "trois", below
// ten) are not checked: they are ordinary vocabulary ("les deux
// responsables") more often than figures.
func (s *NumberSet) Unsupported(answer string) []Quantity {
	var out []Quantity
	for _, q := range ReadNumbers(answer) {
		if q.Spelled && q.Kind == QuantityCount && q.Scale == 0 && !q.IsRange() && math.Abs(q.Value) < 10 {
			continue
		}
		if !s.Supports(q) {
			out = append(out, q)
		}
	}
	return out
}

// UnsupportedNumbers is the number guard: it returns every figure,
// percentage, amount, date and period of answer that appears in none of the
// sources (see NumberSet.Supports and NumberSet.Unsupported). An answer
// with a non-empty result states a number the sources do not give.
func UnsupportedNumbers(answer string, sources []string) []Quantity {
	return NewNumberSet(sources...).Unsupported(answer)
}
