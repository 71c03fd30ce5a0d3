package lexicon

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The verbiste data (data/verbs-fr.txt, see data/README.md) holds
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

// verbData is the opened verbiste data. For the embedded data, all but
// the two tables are generated (verbs_gen.go, go generate): opening it
// parses nothing.
type verbData struct {
	tmpls []verbTemplate
	// names are the names of the templates, sorted; nameIdx[i] is the
	// index in tmpls of names[i].
	names   []string
	nameIdx []uint16
	// verbs maps an infinitive to the name of its template (the verb
	// lines of the data file, searched in place).
	verbs table
	// verbsFold maps the accent-folded form of an infinitive that has
	// accents to the infinitives that fold to it, joined by '|' (derived
	// by go generate).
	verbsFold table
	// ends maps an ending to the templates that have it; endsFold maps the
	// folded form of an ending that has accents to the same.
	ends, endsFold endIndex
	// maxEnd is the length in bytes of the longest (folded) ending.
	maxEnd int
}

// parseVerbs opens the text of the verbs file: comment lines, template
// lines (the key holds ':'), then verb lines sorted by infinitive, whose
// offsets idx gives ("": found by a scan); fold is the table derived from
// the verbs.
func parseVerbs(file, idx string, fold table) (*verbData, error) {
	d := &verbData{verbsFold: fold}
	byName := map[string]uint16{}
	bad := func(n int, format string, args ...any) error {
		return fmt.Errorf("%w: %s line %d: %s", ErrData, verbsFile, n, fmt.Sprintf(format, args...))
	}
	text, n := skipComments(file)
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		head, val, ok := strings.Cut(line, "\t")
		_, term, isTmpl := strings.Cut(head, ":")
		if !ok || !isTmpl {
			break // the verb lines
		}
		if val == "" {
			return nil, bad(n, "want \"key<TAB>value\"")
		}
		if _, dup := byName[head]; dup {
			return nil, bad(n, "duplicate template %q", head)
		}
		if len(d.tmpls) == 1<<16-1 {
			return nil, bad(n, "too many templates")
		}
		t, err := parseTemplate(head, term, val)
		if err != nil {
			return nil, bad(n, "%v", err)
		}
		byName[head] = uint16(len(d.tmpls))
		d.tmpls = append(d.tmpls, t)
		text = rest
		n++
	}
	var verbs table
	var err error
	if idx != "" {
		verbs, err = openIndexed(verbsFile, file, idx)
	} else {
		verbs, err = newTableAt(verbsFile, text, n)
	}
	if err != nil {
		return nil, err
	}
	if verbs.len() == 0 {
		return nil, fmt.Errorf("%w: %s: no verbs", ErrData, verbsFile)
	}
	d.verbs = verbs
	for i := range verbs.len() {
		head, val := verbs.line(i)
		ti, ok := byName[val]
		if !ok {
			return nil, bad(n+i, "verb %q: unknown template %q", head, val)
		}
		if !strings.HasSuffix(head, d.tmpls[ti].term) {
			return nil, bad(n+i, "verb %q does not end with the termination of %q", head, val)
		}
		d.tmpls[ti].nverbs++
	}
	plain := make([][]string, len(d.tmpls))
	folded := make([][]string, len(d.tmpls))
	for ti := range d.tmpls {
		plain[ti] = d.tmpls[ti].endings
		folded[ti] = make([]string, len(plain[ti]))
		for i, e := range plain[ti] {
			if f := foldAccents(e); f != e {
				folded[ti][i] = f
			} else {
				folded[ti][i] = skipEnding
			}
		}
	}
	d.names = make([]string, 0, len(byName))
	for name := range byName {
		d.names = append(d.names, name)
	}
	slices.Sort(d.names)
	d.nameIdx = make([]uint16, len(d.names))
	for i, name := range d.names {
		d.nameIdx[i] = byName[name]
	}
	d.ends = newEndIndex(d.tmpls, plain)
	d.endsFold = newEndIndex(d.tmpls, folded)
	for _, x := range []endIndex{d.ends, d.endsFold} {
		for _, e := range x.keys {
			d.maxEnd = max(d.maxEnd, len(e))
		}
	}
	return d, nil
}

// openGenerated opens the embedded verbs file from its generated tables
// (gen: genVerbs), checking nothing of the verb lines: the tests check
// that gen is what parseVerbs makes of the file.
func openGenerated(file, idx string, fold table, gen *verbData) (*verbData, error) {
	verbs, err := openIndexed(verbsFile, file, idx)
	if err != nil {
		return nil, err
	}
	if verbs.len() == 0 || len(gen.tmpls) == 0 {
		return nil, fmt.Errorf("%w: %s: no verbs", ErrData, verbsFile)
	}
	d := *gen
	d.verbs, d.verbsFold = verbs, fold
	return &d, nil
}

// endIndex maps an ending to the templates that have it, each once with
// the first cell it has it in: the refs of ending keys[i] are
// refs[spans[i].start:spans[i].end]. The keys are sorted (byte order) and
// searched by binary search, so that the index can be generated as Go
// tables that the linker lays out (no map to build at start).
type endIndex struct {
	keys  []string
	spans []endSpan
	refs  []endRef
}

type endSpan struct{ start, end int32 }

// skipEnding marks an ending left out of an endIndex (it is no ending:
// endings never hold '|').
const skipEnding = "|"

// newEndIndex indexes the endings of tmpls under their keys: keys[t][i] is
// the key of ending i of template t, or skipEnding. It counts first, so
// that every ending's templates share one array.
func newEndIndex(tmpls []verbTemplate, keys [][]string) endIndex {
	count := map[string]int32{}
	total := 0
	for ti := range tmpls {
		for _, k := range keys[ti] {
			if k != skipEnding {
				count[k]++
				total++
			}
		}
	}
	x := endIndex{keys: make([]string, 0, len(count)), refs: make([]endRef, total)}
	for k := range count {
		x.keys = append(x.keys, k)
	}
	slices.Sort(x.keys)
	x.spans = make([]endSpan, len(x.keys))
	pos := make(map[string]int, len(x.keys))
	next := int32(0)
	for i, k := range x.keys {
		pos[k] = i
		x.spans[i] = endSpan{next, next}
		next += count[k]
	}
	for ti := range tmpls {
		t := &tmpls[ti]
		for i, k := range keys[ti] {
			if k == skipEnding {
				continue
			}
			sp := &x.spans[pos[k]]
			// The refs of an ending are added template by template, so
			// an earlier ref of this template is the last one.
			if sp.end > sp.start && x.refs[sp.end-1].tmpl == uint16(ti) {
				continue // the first cell only
			}
			x.refs[sp.end] = endRef{uint16(ti), t.cells[i]}
			sp.end++
		}
	}
	// The refs array is as long as the endings were counted; an ending a
	// template has in several cells leaves unused room at the end of its
	// span.
	return x
}

// get returns the templates that have ending e.
func (x *endIndex) get(e string) []endRef {
	i, ok := slices.BinarySearch(x.keys, e)
	if !ok {
		return nil
	}
	sp := x.spans[i]
	return x.refs[sp.start:sp.end]
}

// template returns the template of the infinitive inf.
func (d *verbData) template(inf string) (uint16, bool) {
	name, ok := d.verbs.get(inf)
	if !ok {
		return 0, false
	}
	i, ok := slices.BinarySearch(d.names, name)
	if !ok {
		return 0, false
	}
	return d.nameIdx[i], true
}

// parseTemplate parses the verbCellCount cells of template name.
func parseTemplate(name, term, cells string) (verbTemplate, error) {
	if n := strings.Count(cells, "|") + 1; n != verbCellCount {
		return verbTemplate{}, fmt.Errorf("template %q: %d cells, want %d", name, n, verbCellCount)
	}
	t := verbTemplate{
		name:     name,
		term:     term,
		termFold: foldAccents(term),
		endings:  make([]string, 0, verbCellCount+8),
		cells:    make([]uint8, 0, verbCellCount+8),
		regular:  strings.HasSuffix(term, "er") && name != ":aller",
	}
	cell := -1
	for c := range strings.SplitSeq(cells, "|") {
		cell++
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

// analyze appends to out the verbs of which w is a form. With folded, w
// must be accent-folded and matches forms that fold to it.
func (d *verbData) analyze(w string, folded bool, out []analysis) []analysis {
	var buf [2 * maxInputBytes]byte
	for k := max(0, len(w)-d.maxEnd); k <= len(w); k++ {
		if k < len(w) && !utf8.RuneStart(w[k]) {
			continue
		}
		suffix := w[k:]
		out = d.analyzeSuffix(w[:k], d.ends.get(suffix), folded, buf[:0], out)
		if folded {
			out = d.analyzeSuffix(w[:k], d.endsFold.get(suffix), folded, buf[:0], out)
		}
	}
	return out
}

// analyzeSuffix tries the templates refs of an ending following stem.
func (d *verbData) analyzeSuffix(stem string, refs []endRef, folded bool, buf []byte, out []analysis) []analysis {
	for _, r := range refs {
		t := &d.tmpls[r.tmpl]
		term := t.term
		if folded {
			term = t.termFold
		}
		cand := append(append(buf, stem...), term...)
		if ti, ok := d.template(string(cand)); ok && ti == r.tmpl {
			out = append(out, analysis{string(cand), r.cell, t.nverbs})
		}
		if !folded {
			continue
		}
		fold, _ := d.verbsFold.get(string(cand))
		for inf := range words(fold) {
			if ti, _ := d.template(inf); ti == r.tmpl {
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
		if found = d.analyze(x, false, found); len(found) > 0 {
			break
		}
	}
	if len(found) == 0 && !exactOnly {
		for _, x := range words {
			if found = d.analyze(foldAccents(x), true, found); len(found) > 0 {
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
			if _, known := d.template(w); !known {
				w = rest
			}
		}
	}
	c := newCollector()
	if ti, ok := d.template(w); ok {
		d.forms(w, ti, c)
		return c.result()
	}
	f := foldAccents(w)
	if ti, ok := d.template(f); ok {
		d.forms(f, ti, c)
	}
	fold, _ := d.verbsFold.get(f)
	for inf := range words(fold) {
		if ti, ok := d.template(inf); ok {
			d.forms(inf, ti, c)
		}
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
		if ti, _ := l.verbs.template(a.inf); isHead && l.verbs.tmpls[ti].regular {
			continue
		}
		if l.thes.has(a.inf) {
			out = append(out, a.inf)
		}
	}
	return out
}
