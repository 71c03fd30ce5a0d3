package numbers

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/french"
)

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
	q := Quantity{Kind: Period, Value: float64(n), Unit: unit}
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
