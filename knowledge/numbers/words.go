package numbers

import (
	"math"
	"strconv"
	"strings"

	"github.com/articlebot/articlebot/internal/french"
)

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
			return Quantity{Kind: Period, Value: float64(n), Unit: unit, Year: y,
				Start: r.t[k].start, End: r.t[k+3].end}, k, k + 4, true
		}
	}
	// Month first: "avril 2020", "April 23", "April 23, 2020".
	if m, mn := r.month(k); m > 0 {
		i := r.gap(mn)
		if i > mn {
			if y := r.year(i); y > 0 {
				return Quantity{Kind: Date, Month: m, Year: y, Start: r.t[k].start, End: r.t[i].end}, k, i + 1, true
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
						q = Quantity{Kind: Date, Value: float64(day), Day: day, Month: m, Start: r.t[k].start}
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
				return Quantity{Kind: Count, Value: float64(v), Approx: "environ", Spelled: true,
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
	q = Quantity{Kind: Count, Value: total + cur, Spelled: true, Start: r.t[k].start}
	if scale >= 1e6 {
		q.Scale = scale
	}
	j := r.spacedSuffix(&q, q.Scale == 0, last+1)
	q.End = r.t[j-1].end
	return q, k, j, true
}

func isNumberWord(w string) bool { return numberWords.Has(w) }
