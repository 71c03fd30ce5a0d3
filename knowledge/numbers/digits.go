package numbers

import (
	"math"
	"strconv"
	"strings"

	"github.com/articlebot/articlebot/internal/french"
)

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
	q = Quantity{Kind: Count, Value: lit.value, Start: r.t[k].start}
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
	if q.Kind == Count {
		j = r.spacedSuffix(&q, lit.plain(), j)
	}
	if q.Kind == Count && q.Scale == 0 && !lit.grouped && !lit.decimal && len(lit.text) == 4 &&
		q.Value >= 1800 && q.Value <= 2100 {
		q.Kind = Year
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
	q := Quantity{Kind: Date, Value: float64(day), Day: day, Month: month, Year: year,
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
	q := Quantity{Kind: Time, Unit: "h", Start: r.t[k].start}
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
			*q = Quantity{Kind: Date, Value: float64(n), Day: n, Month: d.Month, Year: d.Year, Start: q.Start}
			return next, true
		}
		if p, next, ok := r.periodAfter(n, j+1); ok {
			p.Start = q.Start
			*q = p
			return next, true
		}
		q.Kind = Ordinal
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
		q.Kind = Money
		q.Unit = unit
		return next, true
	}
	if sc, next, ok := r.scaleWord(j, true); ok {
		if unit, scale2, n2, ok := r.currency(r.gap(next)); ok && scale2 == 0 {
			q.Value *= sc
			q.Scale = sc
			q.Kind = Money
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
			q.Kind, q.Unit = Money, unit
			return next
		}
	}
	if q.Scale > 0 && r.isWord(i, "d") && r.isApos(i+1) {
		if unit, scale, next, ok := r.currency(i + 2); ok && scale == 0 {
			q.Kind, q.Unit = Money, unit
			return next
		}
	}
	if unit, scale, next, ok := r.currency(i); ok && (scale == 0 || q.Scale == 0) {
		if scale > 0 {
			q.Value *= scale
			q.Scale = scale
		}
		q.Kind, q.Unit = Money, unit
		return next
	}
	if next, ok := r.percent(i); ok {
		q.Kind, q.Unit = Percent, "%"
		return next
	}
	if unit, kind, next, ok := r.unit(i); ok && (i > j || r.isPunct(i, "°")) {
		q.Kind, q.Unit = kind, unit
		return next
	}
	if plain && q.Scale == 0 && q.Value >= 1 && q.Value <= 31 && q.Value == math.Trunc(q.Value) {
		if d, next, ok := r.dayMonth(int(q.Value), j); ok {
			q.Kind, q.Day, q.Month, q.Year = Date, d.Day, d.Month, d.Year
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

// currencySymbol returns the unit of a figure in currency symbol s.
func currencySymbol(s string) (string, bool) {
	switch s {
	case "€", "$", "£":
		return s, true
	}
	return "", false
}

// currencyWords map currency words and codes, as written, to the unit of a
// figure in them; currencyScales give the scale that some hold ("MDH").
var (
	currencyWords  = french.Texts("currencies")
	currencyScales = french.Floats("currency-scales")
)

// currency reads a currency at token i: a symbol or a word.
func (r *reader) currency(i int) (unit string, scale float64, next int, ok bool) {
	if r.kind(i) == tkPunct {
		if u, ok := currencySymbol(r.text(i)); ok {
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
func unitWord(w string) (string, Kind, bool) {
	if u, ok := timeUnits.Get(w); ok {
		return u, Duration, true
	}
	if u, ok := measureUnits.Get(w); ok {
		return u, Measure, true
	}
	return "", 0, false
}

// unit reads a measure or duration unit at i ("km", "m²", "tonnes", "ans").
func (r *reader) unit(i int) (string, Kind, int, bool) {
	if r.isPunct(i, "°") && r.text(i+1) == "C" && r.isEnd(i+2) {
		return "°C", Measure, i + 2, true
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
			return unit + "²", Measure, next + 1, r.isEnd(next + 1)
		case r.isPunct(next, "³") || r.text(next) == "3":
			return unit + "³", Measure, next + 1, r.isEnd(next + 1)
		}
	}
	if !r.isEnd(next) || r.isApos(next) {
		return "", 0, 0, false
	}
	return unit, kind, next, true
}
