package lexicon

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The verbiste data (data/verbs-fr.txt.gz, see data/README.md) holds
// conjugation templates and the template of every verb. A template is named
// "radical:termination" after a model verb ("m:ourir"); a verb using it
// ends with the termination, and its forms are its infinitive minus the
// termination plus each ending of each cell of the template. Forms are
// generated on demand; analysing a form goes through an index from endings
// to the templates that have them.

const (
	// verbCellCount is the number of cells of a template: infinitive (1),
	// indicative present, imperfect, future and simple past (6 each),
	// conditional present (6), subjunctive present and imperfect (6 each),
	// imperative present (3), present participle (1), past participle (4:
	// masculine singular, masculine plural, feminine singular, feminine
	// plural).
	verbCellCount = 51
	// defectiveCell marks a cell without forms.
	defectiveCell = "-"
)

// verbTemplate is one conjugation template.
type verbTemplate struct {
	name     string   // "m:ourir"
	term     string   // termination replaced by the endings: "ourir"
	termFold string   // term without accents
	endings  []string // every ending, cell by cell, alternatives in file order
	cells    []uint8  // cells[i] is the cell of endings[i]
	regular  bool     // first group (-er verbs other than aller)
	nverbs   int      // number of verbs using the template
}

// endRef says that a template has an ending, first in cell.
type endRef struct {
	tmpl uint16
	cell uint8
}

// verbData is the parsed verbiste data.
type verbData struct {
	tmpls []verbTemplate
	// verbs maps an infinitive to its template.
	verbs map[string]uint16
	// verbsFold maps the accent-folded form of an infinitive that has
	// accents to the infinitives that fold to it.
	verbsFold map[string][]string
	// ends maps an ending to the templates that have it; endsFold maps the
	// folded form of an ending that has accents to the same.
	ends, endsFold map[string][]endRef
	// maxEnd is the length in bytes of the longest (folded) ending.
	maxEnd int
}

// parseVerbs parses the text of the verbs file: template lines (the key
// holds ':') then verb lines.
func parseVerbs(text string) (*verbData, error) {
	d := &verbData{
		verbs:     make(map[string]uint16, strings.Count(text, "\n")),
		verbsFold: make(map[string][]string, 1024),
		ends:      make(map[string][]endRef, 4096),
		endsFold:  make(map[string][]endRef, 1024),
	}
	byName := map[string]uint16{}
	bad := func(n int, format string, args ...any) error {
		return fmt.Errorf("%w: %s line %d: %s", ErrData, verbsFile, n, fmt.Sprintf(format, args...))
	}
	err := eachEntry(text, verbsFile, func(n int, head, val string) error {
		if _, term, isTmpl := strings.Cut(head, ":"); isTmpl {
			if _, dup := byName[head]; dup {
				return bad(n, "duplicate template %q", head)
			}
			if len(d.tmpls) == 1<<16-1 {
				return bad(n, "too many templates")
			}
			t, err := parseTemplate(head, term, val)
			if err != nil {
				return bad(n, "%v", err)
			}
			byName[head] = uint16(len(d.tmpls))
			d.tmpls = append(d.tmpls, t)
			return nil
		}
		ti, ok := byName[val]
		if !ok {
			return bad(n, "verb %q: unknown template %q", head, val)
		}
		if !strings.HasSuffix(head, d.tmpls[ti].term) {
			return bad(n, "verb %q does not end with the termination of %q", head, val)
		}
		if _, dup := d.verbs[head]; dup {
			return bad(n, "duplicate verb %q", head)
		}
		d.verbs[head] = ti
		d.tmpls[ti].nverbs++
		if f := foldAccents(head); f != head {
			d.verbsFold[f] = append(d.verbsFold[f], head) // in file order: sorted
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(d.verbs) == 0 {
		return nil, fmt.Errorf("%w: %s: no verbs", ErrData, verbsFile)
	}
	for ti := range d.tmpls {
		t := &d.tmpls[ti]
		for i, e := range t.endings {
			d.index(d.ends, e, endRef{uint16(ti), t.cells[i]})
			if f := foldAccents(e); f != e {
				d.index(d.endsFold, f, endRef{uint16(ti), t.cells[i]})
			}
		}
	}
	return d, nil
}

// index records that a template has ending e, keeping the first cell only.
func (d *verbData) index(m map[string][]endRef, e string, r endRef) {
	refs := m[e]
	for _, x := range refs {
		if x.tmpl == r.tmpl {
			return
		}
	}
	m[e] = append(refs, r)
	d.maxEnd = max(d.maxEnd, len(e))
}

// parseTemplate parses the verbCellCount cells of template name.
func parseTemplate(name, term, cells string) (verbTemplate, error) {
	parts := strings.Split(cells, "|")
	if len(parts) != verbCellCount {
		return verbTemplate{}, fmt.Errorf("template %q: %d cells, want %d", name, len(parts), verbCellCount)
	}
	t := verbTemplate{
		name:     name,
		term:     term,
		termFold: foldAccents(term),
		endings:  make([]string, 0, verbCellCount+8),
		cells:    make([]uint8, 0, verbCellCount+8),
		regular:  strings.HasSuffix(term, "er") && name != ":aller",
	}
	for cell, c := range parts {
		if c == defectiveCell {
			continue
		}
		for e := range strings.SplitSeq(c, ",") {
			t.endings = append(t.endings, e)
			t.cells = append(t.cells, uint8(cell))
		}
	}
	return t, nil
}

// forms appends to c the forms of inf, which uses template ti.
func (d *verbData) forms(inf string, ti uint16, c *collector) {
	t := &d.tmpls[ti]
	radical := inf[:len(inf)-len(t.term)]
	for _, e := range t.endings {
		c.add(radical + e)
	}
}

// analysis is a verb a form belongs to, with the first cell it occurs in
// and the number of verbs of its template.
type analysis struct {
	inf    string
	cell   uint8
	nverbs int
}

// analyse appends to out the verbs of which w is a form. With folded, w
// must be accent-folded and matches forms that fold to it.
func (d *verbData) analyse(w string, folded bool, out []analysis) []analysis {
	var buf [2 * maxInputBytes]byte
	for k := max(0, len(w)-d.maxEnd); k <= len(w); k++ {
		if k < len(w) && !utf8.RuneStart(w[k]) {
			continue
		}
		suffix := w[k:]
		out = d.analyseSuffix(w[:k], d.ends[suffix], folded, buf[:0], out)
		if folded {
			out = d.analyseSuffix(w[:k], d.endsFold[suffix], folded, buf[:0], out)
		}
	}
	return out
}

// analyseSuffix tries the templates refs of an ending following stem.
func (d *verbData) analyseSuffix(stem string, refs []endRef, folded bool, buf []byte, out []analysis) []analysis {
	for _, r := range refs {
		t := &d.tmpls[r.tmpl]
		term := t.term
		if folded {
			term = t.termFold
		}
		cand := append(append(buf, stem...), term...)
		if ti, ok := d.verbs[string(cand)]; ok && ti == r.tmpl {
			out = append(out, analysis{string(cand), r.cell, t.nverbs})
		}
		if !folded {
			continue
		}
		for _, inf := range d.verbsFold[string(cand)] {
			if d.verbs[inf] == r.tmpl {
				out = append(out, analysis{inf, r.cell, t.nverbs})
			}
		}
	}
	return out
}

// infinitives returns the verbs of which the normalised word w is a form:
// exact matches first; when there are none, forms equal to w once accents
// are ignored (unless exactOnly). An elided prefix ("s'", "l'"…) is removed
// when w itself is no form. Results are ordered as [Lexicon.Infinitives]
// documents, each verb once.
func (l *Lexicon) infinitives(w string, exactOnly bool) []analysis {
	if w == "" || strings.Contains(w, " ") || !l.ready() {
		return nil
	}
	d := l.verbs
	words := []string{w}
	if strings.Contains(w, "'") {
		if s := stripElision(w); s != w {
			words = append(words, s)
		}
	}
	var found []analysis
	for _, x := range words {
		if found = d.analyse(x, false, found); len(found) > 0 {
			break
		}
	}
	if len(found) == 0 && !exactOnly {
		for _, x := range words {
			if found = d.analyse(foldAccents(x), true, found); len(found) > 0 {
				break
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	slices.SortFunc(found, func(a, b analysis) int {
		return cmp.Or(cmp.Compare(a.nverbs, b.nverbs), cmp.Compare(a.cell, b.cell), strings.Compare(a.inf, b.inf))
	})
	return uniqueFirst(found)
}

// uniqueFirst drops the later analyses of an infinitive already present.
func uniqueFirst(as []analysis) []analysis {
	if len(as) < 2 {
		return as
	}
	seen := make(map[string]bool, len(as))
	out := as[:0]
	for _, a := range as {
		if !seen[a.inf] {
			seen[a.inf] = true
			out = append(out, a)
		}
	}
	return out
}

// Infinitives returns the infinitives of the French verbs of which form (any
// case, accents optional) is a form according to verbiste: a conjugated
// form in any simple tense and mood, the infinitive itself, the present
// participle or a past participle of any gender and number ("meurt",
// "mortes" → "mourir"; "suis" → "être", "suivre"). Forms written exactly
// as given are preferred; only when there are none are forms matched with
// accents ignored ("redemarreront" → "redémarrer"). An elided pronoun is
// ignored when the whole word is no form ("s'améliore" → "améliorer").
// Verbs whose conjugation template is shared by fewer verbs come first:
// the common irregular verbs (être, avoir, aller, faire…) have templates of
// their own, so "suis" gives "être" before "suivre" and "aille" "aller"
// before "ailler". Ties are ordered by where the form first occurs in the
// conjugation table (infinitive, indicative present, imperfect, future,
// simple past, conditional, subjunctive present and imperfect, imperative,
// present participle, past participle), then alphabetically. It returns nil
// when form is no verb form. Unlike [Lexicon.Lemmas], the infinitives need
// not be thesaurus headwords.
func (l *Lexicon) Infinitives(form string) []string {
	found := l.infinitives(normalizeInput(form), false)
	if len(found) == 0 {
		return nil
	}
	out := make([]string, len(found))
	for i, a := range found {
		out[i] = a.inf
	}
	return out
}

// VerbForms returns every simple form of the French verb infinitive (any
// case, accents optional, an "se "/"s'" prefix ignored) according to
// verbiste: the infinitive, the indicative present, imperfect, future and
// simple past, the conditional present, the subjunctive present and
// imperfect, the imperative, the present participle and the past
// participle in masculine singular and plural and feminine singular and
// plural, in that order, persons in order, lowercase with accents,
// without duplicates. When infinitive is no verb as written, the verbs
// written alike but for accents are used, their forms merged in
// alphabetical order of the verbs ("naitre": "naître"; "pecher": "pécher"
// then "pêcher"). It returns nil when the verb is unknown.
func (l *Lexicon) VerbForms(infinitive string) []string {
	w := normalizeInput(infinitive)
	if w == "" || !l.ready() {
		return nil
	}
	d := l.verbs
	for _, p := range []string{"se ", "s'"} {
		if rest, ok := strings.CutPrefix(w, p); ok {
			if _, known := d.verbs[w]; !known {
				w = rest
			}
		}
	}
	c := newCollector()
	if ti, ok := d.verbs[w]; ok {
		d.forms(w, ti, c)
		return c.result()
	}
	f := foldAccents(w)
	if ti, ok := d.verbs[f]; ok {
		d.forms(f, ti, c)
	}
	for _, inf := range d.verbsFold[f] {
		d.forms(inf, d.verbs[inf], c)
	}
	return c.result()
}

// notVerbForms are function words that verbiste also lists as (rare) verb
// forms; [Lexicon.Lemmas] does not read them as such.
var notVerbForms = map[string]bool{
	"du": true, "devant": true, "lui": true, "pendant": true, "plus": true,
	"point": true, "puis": true, "tu": true,
}

// verbLemmas returns the infinitives of the analyses found of w that are
// thesaurus headwords. For a word that is itself a headword (isHead),
// first-group verbs (-er, but aller) are left out: a headword shaped like a
// regular form ("employé", "marche") is most often a noun or adjective in
// its own right, whereas "mort", "fait" or "pris" are well known forms of
// irregular verbs. Function words (notVerbForms) give none.
func (l *Lexicon) verbLemmas(w string, found []analysis, isHead bool) []string {
	if notVerbForms[w] {
		return nil
	}
	var out []string
	for _, a := range found {
		if isHead && l.verbs.tmpls[l.verbs.verbs[a.inf]].regular {
			continue
		}
		if _, ok := l.thes[a.inf]; ok {
			out = append(out, a.inf)
		}
	}
	return out
}
