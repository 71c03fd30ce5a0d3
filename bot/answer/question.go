// Stage 1, analyse: what a question asks (its kind, focus, unit,
// language), read from its words alone.

package answer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/articlebot/articlebot/internal/french"
)

// Kind is what a question asks for.
type Kind int

// The kinds of question the analyser tells apart.
const (
	KindOther      Kind = iota // anything else: a passage on the subject
	KindQuantity               // a number, share or amount: combien, quel pourcentage, how many
	KindWho                    // a person or organisation: qui, quelle association, who
	KindWhen                   // a date or period: quand, à quelle date, when
	KindWhy                    // a reason: pourquoi, why
	KindHow                    // a way or means: comment, how
	KindDefinition             // a meaning: que signifie, c'est quoi, what does X stand for
	KindWhat                   // which thing: quel, quoi, what
	KindWhere                  // a place: où est, where
)

var questionKindNames = [...]string{"other", "quantity", "who", "when", "why", "how", "definition", "what", "where"}

func (k Kind) String() string {
	if int(k) < len(questionKindNames) {
		return questionKindNames[k]
	}
	return "unknown"
}

// Question is the analysis of one question.
type Question struct {
	Text  string   // as asked, trimmed
	Lang  string   // "fr" or "en"
	Kind  Kind     // what is asked
	Focus []string // folded words naming what is counted or asked about ("salaries" in "combien de salariés")
	// Predicate: in a French "combien de X …" question, the verb that says
	// what happened to X ("licenciés" in "combien de salariés ont été
	// licenciés"): the article must say it too.
	Predicate string
	// Entity: a "quel/which" question whose answer is a named place or
	// organisation ("dans quel pays", "which companies"): it needs a name.
	Entity bool
	// Duration: "combien de temps", "how long": the answer is a figure
	// with a unit of time ("deux années").
	Duration bool
	// Age: "à quel âge", "how old": a length of time in years that is an
	// age ("à 15 ans", "âgé de 20 ans").
	Age bool
	// NotPerson: the question asks for an organisation or a place ("quelle
	// entreprise", "dans quel pays", "which company"), not a person.
	NotPerson bool
	// Asserted: in a yes/no question ("Les mesures ont-elles suffi… ?"), the
	// verb whose truth is asked (folded); the text may answer it in other
	// words, or deny it.
	Asserted string
	// Unit is what a figure of the answer must be: UnitPercent for "quel
	// pourcentage", UnitMoney for "combien coûte", "" for any figure.
	Unit string
	// Role: a "qui est le/la …" question asks who holds a role or
	// relation ("le président", "la mère"): the text must name it.
	Role    bool
	cues    []string // folded words that only say what is asked ("combien", "quel"): not searched
	cueText string   // the cue that decided the kind
	// body is the text to search: the question without a time relative to
	// now ("il y a 500 ans", "ten years ago"), which the documents cannot
	// word the same way.
	body string
}

// cue is a sequence of folded words that marks a kind of question. A
// trailing "*" matches any word.
type cue struct {
	kind  Kind
	words []string
	focus bool // the words after the cue name what is asked about
}

func c(k Kind, focus bool, s string) cue {
	ws := strings.Fields(s)
	for i, w := range ws {
		if whichForms.Has(w) {
			ws[i] = "quel"
		}
	}
	return cue{kind: k, words: ws, focus: focus}
}

// cues are tried in order; the first that matches decides the kind, so
// longer and more specific cues come first (internal/french/data:
// question-cues).
var cues = mustCues(french.List("question-cues"))

// parseCues reads cues written "KIND[+] words": the kind's name, "+"
// when the words after the cue name what is asked about, the cue's words.
func parseCues(lines []string) ([]cue, error) {
	out := make([]cue, 0, len(lines))
	for _, l := range lines {
		name, words, _ := strings.Cut(l, " ")
		name, focus := strings.CutSuffix(name, "+")
		k := slices.Index(questionKindNames[:], name)
		if k <= int(KindOther) || strings.TrimSpace(words) == "" {
			return nil, fmt.Errorf("%w: question cue %q: want a kind of question, then words", french.ErrData, l)
		}
		out = append(out, c(Kind(k), focus, words))
	}
	return out, nil
}

func mustCues(lines []string) []cue {
	cs, err := parseCues(lines)
	if err != nil {
		panic(err)
	}
	return cs
}

// entityNouns name classes of named things (singular, folded).
var entityNouns = french.Words("entity-nouns")

// englishWords and frenchWords are frequent function words that tell the
// two languages apart.
var (
	englishWords = french.Words("english-marker-words")
	frenchWords  = french.Words("french-marker-words")
)

// stopFocus are words skipped when reading the focus after a cue.
var stopFocus = french.Words("question-stop-focus")

// focusEnd are words that end the focus: prepositions and auxiliaries after
// the noun ("combien de règles pour…", "how many cases switched…").
var focusEnd = french.Words("question-focus-end")

// Analyze reads what a question asks and in which language. Question words
// are matched without accents and with one typo allowed.
func Analyze(text string) Question {
	q := Question{Text: strings.TrimSpace(text)}
	q.body = strings.TrimSpace(relativeTime.ReplaceAllString(q.Text, " "))
	ws := words(fold(q.Text))
	q.Lang = language(ws) // as Language
	// "quel", "quelle", "quels", "quelles" are one cue word: askers often
	// get the agreement wrong ("quel part").
	cw := make([]string, len(ws))
	for i, w := range ws {
		cw[i] = w
		if whichForms.Has(w) {
			cw[i] = "quel"
		}
	}
	for i := range ws {
		for _, cu := range cues {
			if !matchAt(cw, i, cu.words) {
				continue
			}
			if q.Kind == KindOther {
				q.Kind = cu.kind
				q.cueText = strings.Join(cu.words, " ")
				q.Duration = durationCues.Has(q.cueText)
				q.Age = ageCues.Has(q.cueText)
				if q.Kind == KindWho && !cu.focus {
					q.Entity = true // "comment s'appelle…": a name
				}
				if q.Kind == KindWho && cu.focus {
					// "qui est le président…", "quel est le nom du ministre…"
					q.Role = roleAfter(ws[i+len(cu.words)-1:]) || cu.words[len(cu.words)-1] == "nom"
				}
				if cu.focus {
					q.Focus = focusAfter(ws[i+len(cu.words):], q.Lang)
					if cu.kind == KindQuantity && q.Lang == "fr" {
						q.Predicate = predicateAfter(ws[i+len(cu.words):], q.Focus)
					}
				}
				if (cu.kind == KindQuantity && !q.Duration || cu.kind == KindWhen) && !cu.focus && q.Lang == "fr" {
					q.Predicate = verbAfter(ws[i+len(cu.words):]) // "combien coûte…": what the figure is
				}
			}
			q.cues = append(q.cues, ws[i:i+len(cu.words)]...)
		}
	}
	if q.Duration {
		for _, w := range ws {
			if durationWords.Has(w) {
				q.cues = append(q.cues, w) // "a duré": what the cue asks already
			}
		}
	}
	if q.Kind == KindQuantity {
		switch {
		case percentCues.Has(q.cueText) || anyOf(ws, shareWords) || statesPercent(q.Text, ws):
			q.Unit = UnitPercent // before money: "de combien de % le chiffre d'affaires a baissé"
		case anyOf(ws, moneyWords):
			q.Unit = UnitMoney
			if moneyWords.Has(q.Predicate) {
				q.Predicate = "" // "combien rapporte…": the amount of money says it
			}
		}
	}
	// A word of a later cue ("stand" in "what does WHO stand for") is not
	// part of the focus, nor, in a "who" question, a name: in "sur qui
	// Yoweri Museveni a fait une thèse", Museveni is not who is asked for.
	cueWords := set(q.cues...)
	names := map[string]bool{}
	for i, w := range strings.Fields(q.Text) {
		if i > 0 {
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
				for _, p := range words(fold(w)) {
					names[p] = true
				}
			}
		}
	}
	focus := q.Focus[:0]
	for _, w := range q.Focus {
		if !cueWords[w] && !(q.Kind == KindWho && names[w]) {
			focus = append(focus, w)
		}
	}
	q.Focus = focus
	if (q.Kind == KindWhat || q.Kind == KindOther) && len(q.Focus) > 0 {
		f := q.Focus[0]
		q.Entity = entityNouns.Has(f) || entityNouns.Has(strings.TrimSuffix(strings.TrimSuffix(f, "s"), "x"))
	}
	q.Entity = q.Entity || q.Kind == KindWhere // a place is named
	for _, w := range strings.Fields(q.cueText) {
		q.NotPerson = q.NotPerson || entityNouns.Has(w) || entityNouns.Has(strings.TrimSuffix(w, "s"))
	}
	if q.Entity && q.Kind != KindWho || q.Kind == KindWhere {
		q.NotPerson = true
	}
	if q.Kind == KindOther && q.Lang == "fr" {
		q.Asserted = assertedVerb(q.Text)
	}
	return q
}

// invertedVerb returns the verb of an inversion, a verb with its subject
// pronoun after it: "ont-elles", "a-t-il", "peut-on" (what the regexp
// `(?i)^(\p{L}+)-(?:t-)?(?:il|elle|ils|elles|on)$` matches, without
// compiling it at every start).
func invertedVerb(w string) (string, bool) {
	verb, rest, ok := strings.Cut(w, "-")
	if !ok || verb == "" || strings.IndexFunc(verb, func(r rune) bool { return !letterFold(r) }) >= 0 {
		return "", false
	}
	if len(rest) > 2 && (rest[0] == 't' || rest[0] == 'T') && rest[1] == '-' {
		rest = rest[2:]
	}
	for _, p := range [...]string{"il", "elle", "ils", "elles", "on"} {
		if strings.EqualFold(rest, p) {
			return verb, true
		}
	}
	return "", false
}

// letterFold reports whether r or a rune of its case-folding orbit is a
// letter, as `(?i)\p{L}` matches.
func letterFold(r rune) bool {
	if unicode.IsLetter(r) {
		return true
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if unicode.IsLetter(f) {
			return true
		}
	}
	return false
}

// assertedVerb returns the verb a French yes/no question asks about: the
// inverted verb, or the participle after an inverted auxiliary
// ("ont-elles suffi" gives "suffi"); "" when the question has no inversion.
func assertedVerb(text string) string {
	fields := strings.Fields(text)
	for i, f := range fields {
		v, ok := invertedVerb(strings.Trim(f, "?!.,;:"))
		if !ok {
			continue
		}
		verb := fold(v)
		for j := i + 1; auxiliaries.Has(verb) && j < len(fields); j++ {
			ws := words(fold(fields[j])) // "a-t-il été adopté": "adopte"
			if len(ws) == 0 {
				break
			}
			verb = ws[len(ws)-1]
		}
		return verb
	}
	return ""
}

// relativeTime is a time counted back from now.
var relativeTime = regexp.MustCompile(`(?i)\bil\s+y\s+a\s+(?:(?:environ|près\s+de|pres\s+de|plus\s+de|moins\s+de|quelques?|à\s+peu\s+près)\s+)?\S+\s+(?:ans|années|annees|siècles|siecles|mois|semaines|jours|heures|décennies|decennies)\b|\b(?:(?:about|some|over|nearly|almost|around)\s+)?\S+\s+(?:years|months|weeks|days|centuries|decades)\s+ago\b`)

// roleAfter reports whether ws, from the last word of a "qui"/"who" cue,
// read "qui est le …", "who is the …": a question on who holds a role.
func roleAfter(ws []string) bool {
	if len(ws) > 1 && (ws[0] == "qui" || ws[0] == "who") && copulas.Has(ws[1]) {
		ws = ws[1:]
	}
	return len(ws) > 1 && copulas.Has(ws[0]) && determiners.Has(ws[1])
}

// copulas link a subject to what it is: "est", "was" (folded).
var copulas = french.Words("copulas").Folded()

// determiners are the French and English articles (folded).
var determiners = french.Union(french.Words("articles"), french.Words("english-articles")).Folded()

// whichForms are the forms of "quel", one cue word.
var whichForms = french.Words("which-forms")

// durationCues are the cues of a question on a length of time or an age.
var durationCues = french.Words("duration-cues")

// durationWords say what a duration cue already asks: "a duré".
var durationWords = french.Words("duration-words")

// Units a quantity question may ask for.
const (
	UnitPercent = "%"
	UnitMoney   = "money"
)

// percentCues are the cues of a question on a share.
var percentCues = french.Words("percent-cues")

// shareWords in a quantity question ask for a percentage.
var shareWords = french.Words("share-words")

// moneyWords in a quantity question ask for an amount of money.
var moneyWords = french.Words("money-words")

// statesPercent reports whether a question writes the unit it asks for
// as a percentage: "%", "pour cent".
func statesPercent(text string, ws []string) bool {
	if strings.Contains(text, "%") {
		return true
	}
	for i := 0; i+1 < len(ws); i++ {
		if ws[i] == "pour" && (ws[i+1] == "cent" || ws[i+1] == "cents") {
			return true
		}
	}
	return false
}

// anyOf reports whether a word of ws is in s.
func anyOf(ws []string, s french.Set) bool {
	for _, w := range ws {
		if s.Has(w) {
			return true
		}
	}
	return false
}

// ageCues are the cues of a question on an age.
var ageCues = french.Words("age-cues")

func matchAt(ws []string, i int, cue []string) bool {
	if i+len(cue) > len(ws) {
		return false
	}
	for j, c := range cue {
		if !near(ws[i+j], c) {
			return false
		}
	}
	return true
}

// focusAfter returns the first content words after a cue, up to the verb
// or the end: "combien de salariés emploie le secteur" gives "salaries".
func focusAfter(ws []string, lang string) []string {
	if lang == "en" && len(ws) > 0 && englishAux.Has(ws[0]) {
		return nil // "how much does offshoring contribute": a subject, not what is counted
	}
	var out []string
	for i, w := range ws {
		if len(out) > 0 && focusEnd.Has(w) {
			break
		}
		if stopFocus.Has(w) {
			// "cas de covid": a noun complement after "de" belongs to the focus.
			if len(out) > 0 && w != "de" && w != "d" && w != "du" && w != "des" && w != "of" {
				break
			}
			continue
		}
		if lang == "fr" && len(out) > 0 && i > 0 && !stopFocus.Has(ws[i-1]) {
			break // in French, two content words in a row: the second is a verb or adjective
		}
		if lang == "en" && len(out) > 0 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") ||
			i+1 < len(ws) && englishVerbFollowers.Has(ws[i+1])) {
			break // "cases switched", "people working", "people work in": a verb after the noun
		}
		out = append(out, w)
		if len(out) == 2 {
			break
		}
	}
	return out
}

// Language is the language of a question as Analyze reads it ("en" or
// "fr"), without the rest of the analysis (its regexps and cue tables):
// what the bot needs to choose the language of its messages.
func Language(text string) string {
	return language(words(fold(strings.TrimSpace(text))))
}

func language(ws []string) string {
	en, fr := 0, 0
	for _, w := range ws {
		if englishWords.Has(w) {
			en++
		}
		if frenchWords.Has(w) {
			fr++
		}
	}
	if en > fr {
		return "en"
	}
	return "fr"
}

// englishVerbFollowers come after a verb, not inside a noun phrase: the
// word before them in "how many people work in…" is a verb.
var englishVerbFollowers = french.Words("english-verb-followers")

// englishAux start a clause after "how much": "how much does…".
var englishAux = french.Words("english-question-auxiliaries")

// auxiliaries come between a noun and its verb: "ont été licenciés".
var auxiliaries = french.Words("question-auxiliaries")

// verbAfter returns the verb after a bare "combien": the first word that
// is not an auxiliary, skipping a subject introduced by a determiner
// ("combien l'offshoring rapporte" gives "rapporte").
func verbAfter(ws []string) string {
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		switch {
		case determiners.Has(w):
			i++ // the subject's noun
		case auxiliaries.Has(w) || stopFocus.Has(w):
		case prepositions.Has(w):
			// A complement of the subject: "le retour aux bénéfices".
			if i+1 < len(ws) && determiners.Has(ws[i+1]) {
				i++
			}
			i++
		default:
			return w
		}
	}
	return ""
}

// prepositions open a complement of the subject: "le retour aux bénéfices".
var prepositions = french.Words("question-prepositions")

// predicateAfter returns the first word after the focus that is not an
// auxiliary, when it directly follows the focus (no preposition between).
func predicateAfter(ws, focus []string) string {
	if len(focus) == 0 {
		return ""
	}
	last := focus[len(focus)-1]
	for i, w := range ws {
		if w != last {
			continue
		}
		for _, v := range ws[i+1:] {
			if auxiliaries.Has(v) {
				continue
			}
			if stopFocus.Has(v) || focusEnd.Has(v) {
				return ""
			}
			return v
		}
		return ""
	}
	return ""
}
