package answer

import (
	"sort"
	"strings"

	"github.com/articlebot/articlebot/internal/french"
)

// maxQuote is the length above which a quoted sentence is cut down to the
// clauses that answer the question.
const maxQuote = 300

// clauseBreaks end a clause; the separator stays with the clause before it.
var clauseBreaks = []string{", ", "; ", " : ", " – ", " — ", " (", ") "}

// splitClauses cuts a sentence after each clause break. Joining the parts
// gives the sentence back.
func splitClauses(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		for _, b := range clauseBreaks {
			if strings.HasPrefix(s[i:], b) {
				cut := i + len(b)
				if b == " (" || b == " – " || b == " — " {
					cut = i + 1 // the opening mark starts the next clause
				}
				if cut > start {
					out = append(out, s[start:cut])
					start = cut
				}
				i = cut - 1
				break
			}
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// trimQuote shortens a long sentence to its clauses that hold what the
// question asks for and the most of its words, in order, marking each cut
// with "…". Short sentences are returned whole.
func trimQuote(q Question, slots []slot, sent sentence) string {
	s := sent.text
	if len([]rune(s)) <= maxQuote {
		return s
	}
	clauses := splitClauses(s)
	if len(clauses) < 2 {
		return s
	}
	// Each clause's words, as the sentence's analysis reads them.
	toks := make([][]taggedWord, len(clauses))
	at := 0
	for i, c := range clauses {
		toks[i] = sent.wordsIn(at, at+len(c))
		at += len(c)
	}
	seens := make([]seen, len(clauses))
	scores := make([]float64, len(clauses))
	for i := range clauses {
		seens[i] = see(slots, toks[i])
		for k, sl := range slots {
			scores[i] += seens[i].best(k) * sl.weight
		}
	}
	// What the question asks for must be quoted: a clause holding it
	// counts more than all the question's words.
	var total float64
	for _, sl := range slots {
		total += sl.weight
	}
	for i, c := range clauses {
		if hasAnswerType(q, seens[i], c) {
			scores[i] += total
		}
	}
	order := make([]int, len(clauses))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return scores[order[x]] > scores[order[y]] })
	keep := make([]bool, len(clauses))
	length := 0
	for _, i := range order {
		n := len([]rune(clauses[i]))
		if scores[i] <= 0 && length > 0 || length+n > maxQuote && length > 0 {
			continue
		}
		keep[i] = true
		length += n
	}
	// A relative clause is quoted with what it relates to: "une source de
	// revenus, dont la région a grand besoin".
	for i := len(clauses) - 1; i > 0; i-- {
		if keep[i] && relativePronouns.Has(firstWord(clauses[i])) {
			keep[i-1] = true
		}
	}
	// Kept clauses in sentence order; "…" marks what was left out.
	var b strings.Builder
	for i, c := range clauses {
		if !keep[i] {
			if i == 0 || keep[i-1] {
				if b.Len() > 0 {
					b.WriteString(" ")
				}
				b.WriteString("…")
			}
			continue
		}
		part := strings.TrimSpace(c)
		if i+1 < len(clauses) && !keep[i+1] {
			part = strings.TrimRight(part, ",;:(–— ")
		}
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(part)
	}
	return b.String()
}

// relativePronouns open a clause that depends on the one before.
// (folded: "qu", "ou").
var relativePronouns = french.Union(french.Words("relative-pronouns"), french.Words("compound-relative-pronouns")).Folded()
