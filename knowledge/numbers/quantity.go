package numbers

import (
	"math"
	"strconv"
	"strings"
)

// Kind says what a number read in a text stands for.
type Kind uint8

// The kinds of quantities Read recognises.
const (
	Count    Kind = iota + 1 // a plain number: "80.000 salariés", "vingt", "11 milliards"
	Percent                  // "5%", "5,5 %", "cinq pour cent", "5 percent"
	Money                    // an amount with a currency: "11 milliards de DH", "€5"
	Measure                  // a physical quantity: "12 km", "3 tonnes", "500 m²"
	Duration                 // "3 ans", "six mois", "48 heures"
	Year                     // a bare year: "2020" (1800 to 2100)
	Date                     // "23 avril", "le 1er mai 2020", "April 23", "23/04/2020"
	Period                   // "troisième trimestre 2020", "T3 2020", "premier semestre"
	Ordinal                  // "3e", "1er", "2nd" (not part of a date or period)
	Time                     // a time of day: "10h30", "14:00", "9 h"
)

// String returns the lower-case name of the kind ("count", "percent"...).
func (k Kind) String() string {
	switch k {
	case Count:
		return "count"
	case Percent:
		return "percent"
	case Money:
		return "money"
	case Measure:
		return "measure"
	case Duration:
		return "duration"
	case Year:
		return "year"
	case Date:
		return "date"
	case Period:
		return "period"
	case Ordinal:
		return "ordinal"
	case Time:
		return "time"
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
	Kind       Kind
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
	// quantities of kind Year.
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
	case Date:
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
		if q.Year != 0 && q.Kind != Year {
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

// ---------------------------------------------------------------------------
// Comparing quantities

func sameValue(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// Bare reports whether q is a plain number without a unit: a count or a
// year.
func (q Quantity) Bare() bool {
	return (q.Kind == Count || q.Kind == Year) && q.Unit == ""
}

// Same reports whether a and b state the same figure, however they
// are written: "80.000", "80 000", "80,000", "80 mille" and "80k" are the
// same count; "11 milliards de DH" and "11 000 MDH" the same amount; "5%"
// and "5 pour cent" the same percentage; "troisième trimestre 2020" and "T3
// 2020" the same period. Ranges must have the same ends. Approximations are
// ignored. A bare number matches an amount, a percentage or a measure of
// the same value (the unit was left out); otherwise kinds and units must
// agree. Dates agree on day and month, and on the year when both have one.
func Same(a, b Quantity) bool {
	switch {
	case a.Kind == Date || b.Kind == Date:
		return a.Kind == b.Kind && a.Day == b.Day && a.Month == b.Month && sameValue(a.Max, b.Max) &&
			(a.Year == 0 || b.Year == 0 || a.Year == b.Year)
	case a.Kind == Period || b.Kind == Period:
		return a.Kind == b.Kind && a.Unit == b.Unit && a.Value == b.Value && (a.Year == 0 || b.Year == 0 || a.Year == b.Year)
	case a.Kind == Time || b.Kind == Time, a.Kind == Ordinal || b.Kind == Ordinal:
		return a.Kind == b.Kind && sameValue(a.Value, b.Value) && sameValue(a.Max, b.Max)
	}
	if !(a.Bare() || b.Bare() || (a.Kind == b.Kind && a.Unit == b.Unit)) {
		return false
	}
	return sameValue(a.Value, b.Value) && sameValue(a.Max, b.Max)
}
