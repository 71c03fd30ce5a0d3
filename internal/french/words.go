package french

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/*.txt
var dataFS embed.FS

// ErrData reports an embedded word list that cannot be read or parsed.
var ErrData = errors.New("french: invalid word list")

// The forms a list's entries are written in, as its "# form:" header says.
const (
	// FormFolded: lower case without accents or ligatures, as [Fold]
	// gives them ("deja", "soeur"); elided words without their
	// apostrophe ("l", "qu"), as words split by letters give them.
	FormFolded = "folded"
	// FormLower: lower case with accents, as French writes them ("déjà",
	// "l'", "jusqu'").
	FormLower = "lower"
	// FormCased: as written, case significant ("January", "MDH", "Md").
	FormCased = "cased"
)

// The kinds of value a valued list holds, as its "# values:" header says.
const (
	valuesNone  = ""
	valuesInt   = "int"
	valuesFloat = "float"
	valuesText  = "text"
)

// list is one parsed data file.
type list struct {
	form    string
	source  string
	values  string
	entries []string // in file order, includes expanded
	text    []string // the value of each entry, as written, for valued lists
}

// catalog is every list, by name.
type catalog map[string]*list

// lists parses the embedded data once; a parse error is kept and reported
// by every accessor (the tests make sure there is none).
var lists = sync.OnceValues(func() (catalog, error) { return parseAll(dataFS) })

func get(name, values string) *list {
	c, err := lists()
	if err != nil {
		panic(err)
	}
	l, ok := c[name]
	if !ok {
		panic(fmt.Errorf("%w: no list %q", ErrData, name))
	}
	if l.values != values {
		panic(fmt.Errorf("%w: list %q holds values %q, not %q", ErrData, name, l.values, values))
	}
	return l
}

// Set is a read-only set of words. The zero Set is empty.
type Set struct{ m map[string]struct{} }

// Has reports whether w is in the set, as written: look up a folded word
// in a folded list, or in the [Set.Folded] view of a list of another form.
func (s Set) Has(w string) bool {
	_, ok := s.m[w]
	return ok
}

// Len is the number of words in the set.
func (s Set) Len() int { return len(s.m) }

// Sorted returns the words of the set in order, in a new slice.
func (s Set) Sorted() []string {
	out := make([]string, 0, len(s.m))
	for w := range s.m {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// Folded returns the set of the words of s folded the way the answering
// layer splits folded text into words: [Fold], and an elided word without
// its apostrophe ("l'" gives "l", "jusqu'" gives "jusqu").
func (s Set) Folded() Set {
	m := make(map[string]struct{}, len(s.m))
	for w := range s.m {
		m[foldEntry(w)] = struct{}{}
	}
	return Set{m}
}

// Union returns the words of all the sets.
func Union(sets ...Set) Set {
	m := map[string]struct{}{}
	for _, s := range sets {
		for w := range s.m {
			m[w] = struct{}{}
		}
	}
	return Set{m}
}

func foldEntry(w string) string {
	return strings.TrimSuffix(strings.ReplaceAll(Fold(w), "’", "'"), "'")
}

// Table is a read-only map from words to values. The zero Table is empty.
type Table[V int | float64 | string] struct{ m map[string]V }

// Get returns the value of w and whether w is in the table.
func (t Table[V]) Get(w string) (V, bool) {
	v, ok := t.m[w]
	return v, ok
}

// Has reports whether w is in the table.
func (t Table[V]) Has(w string) bool {
	_, ok := t.m[w]
	return ok
}

// Len is the number of words in the table.
func (t Table[V]) Len() int { return len(t.m) }

// Keys returns the words of the table in order, in a new slice.
func (t Table[V]) Keys() []string {
	out := make([]string, 0, len(t.m))
	for w := range t.m {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// Words returns the word list called name (a file data/name.txt). It
// panics when there is no such list of plain words: names are fixed when
// the program is built, and the package's tests read every list.
func Words(name string) Set {
	l := get(name, valuesNone)
	m := make(map[string]struct{}, len(l.entries))
	for _, e := range l.entries {
		m[e] = struct{}{}
	}
	return Set{m}
}

// List returns the entries of the word list called name in the order of
// its file, in a new slice, for lists whose order matters (the first
// entry that matches wins). It panics as [Words] does.
func List(name string) []string {
	return slices.Clone(get(name, valuesNone).entries)
}

// Ints returns the list called name whose values are whole numbers
// ("# values: int"). It panics as [Words] does.
func Ints(name string) Table[int] {
	l := get(name, valuesInt)
	m := make(map[string]int, len(l.entries))
	for i, e := range l.entries {
		m[e], _ = strconv.Atoi(l.text[i]) // checked by parse
	}
	return Table[int]{m}
}

// Floats returns the list called name whose values are numbers
// ("# values: float"). It panics as [Words] does.
func Floats(name string) Table[float64] {
	l := get(name, valuesFloat)
	m := make(map[string]float64, len(l.entries))
	for i, e := range l.entries {
		m[e], _ = strconv.ParseFloat(l.text[i], 64) // checked by parse
	}
	return Table[float64]{m}
}

// Texts returns the list called name whose values are words ("# values:
// text"). It panics as [Words] does.
func Texts(name string) Table[string] {
	l := get(name, valuesText)
	m := make(map[string]string, len(l.entries))
	for i, e := range l.entries {
		m[e] = l.text[i]
	}
	return Table[string]{m}
}

// parseAll reads every data/*.txt file of fsys and resolves the includes.
func parseAll(fsys fs.FS) (catalog, error) {
	names, err := fs.Glob(fsys, "data/*.txt")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrData, err)
	}
	raw := map[string]*rawList{}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrData, err)
		}
		name := strings.TrimSuffix(path.Base(n), ".txt")
		r, err := parseFile(name, b)
		if err != nil {
			return nil, err
		}
		raw[name] = r
	}
	c := catalog{}
	for name := range raw {
		if _, err := resolve(c, raw, name, nil); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// rawList is a parsed file before its includes are expanded.
type rawList struct {
	list
	lines []int // the line of each entry or include
}

// parseFile reads one list: a header of "#" comment lines, among them
// "# form: …" and "# source: …" (and "# values: …" for a valued list),
// then one entry a line, "@name" to include another list's entries; "#"
// starts a comment anywhere.
func parseFile(name string, b []byte) (*rawList, error) {
	r := &rawList{}
	header := true
	n := 0
	for line := range strings.Lines(string(b)) {
		n++
		line = strings.TrimRight(line, "\r\n")
		if header && strings.HasPrefix(line, "#") {
			key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "#")), ":")
			if ok {
				switch strings.TrimSpace(key) {
				case "form":
					r.form = strings.TrimSpace(value)
				case "source":
					r.source = strings.TrimSpace(value)
				case "values":
					r.values = strings.TrimSpace(value)
				}
			}
			continue
		}
		header = false
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if strings.ContainsAny(line, "\t\v\f\u00a0") || strings.Contains(line, "  ") {
			line = strings.Join(strings.Fields(line), " ")
		}
		if line == "" {
			continue
		}
		if r.values != valuesNone {
			i := strings.LastIndexByte(line, ' ')
			if i < 0 {
				return nil, fmt.Errorf("%w: %s line %d: %q has no value", ErrData, name, n, line)
			}
			v := line[i+1:]
			if err := checkValue(r.values, v); err != nil {
				return nil, fmt.Errorf("%w: %s line %d: %w", ErrData, name, n, err)
			}
			line = line[:i]
			r.text = append(r.text, v)
		}
		r.entries = append(r.entries, line)
		r.lines = append(r.lines, n)
	}
	switch {
	case r.form != FormFolded && r.form != FormLower && r.form != FormCased:
		return nil, fmt.Errorf("%w: %s: form %q, want %q, %q or %q", ErrData, name, r.form, FormFolded, FormLower, FormCased)
	case r.source == "":
		return nil, fmt.Errorf("%w: %s: no source in its header", ErrData, name)
	case r.values != valuesNone && r.values != valuesInt && r.values != valuesFloat && r.values != valuesText:
		return nil, fmt.Errorf("%w: %s: values %q, want int, float or text", ErrData, name, r.values)
	case len(r.entries) == 0:
		return nil, fmt.Errorf("%w: %s: no entry", ErrData, name)
	}
	for i, e := range r.entries {
		if strings.HasPrefix(e, "@") {
			if r.values != valuesNone {
				return nil, fmt.Errorf("%w: %s line %d: a valued list includes nothing", ErrData, name, r.lines[i])
			}
			continue
		}
		if err := checkForm(r.form, e); err != nil {
			return nil, fmt.Errorf("%w: %s line %d: %w", ErrData, name, r.lines[i], err)
		}
	}
	return r, nil
}

func checkValue(kind, v string) error {
	var err error
	switch kind {
	case valuesInt:
		_, err = strconv.Atoi(v)
	case valuesFloat:
		_, err = strconv.ParseFloat(v, 64)
	}
	if err != nil {
		return fmt.Errorf("value %q: %w", v, err)
	}
	return nil
}

// checkForm reports an entry not written in the list's form.
func checkForm(form, e string) error {
	switch form {
	case FormFolded:
		if foldEntry(e) != e {
			return fmt.Errorf("%q is not folded (%q)", e, foldEntry(e))
		}
	case FormLower:
		if strings.ToLower(e) != e {
			return fmt.Errorf("%q is not lower case", e)
		}
	}
	return nil
}

// resolve expands the includes of list name and stores it in c. An
// included list gives its entries in the including list's form: a folded
// list may include a lower-case one (its entries are then folded), not the
// reverse.
func resolve(c catalog, raw map[string]*rawList, name string, path []string) (*list, error) {
	if l, ok := c[name]; ok {
		return l, nil
	}
	if slices.Contains(path, name) {
		return nil, fmt.Errorf("%w: %s includes itself (%s)", ErrData, name, strings.Join(append(path, name), " > "))
	}
	r, ok := raw[name]
	if !ok {
		return nil, fmt.Errorf("%w: %s: no list %q", ErrData, path[len(path)-1], name)
	}
	l := r.list
	l.entries = nil
	// An entry written twice, or written and also included, is a
	// mistake; two included lists may share entries (être's forms are
	// copulas and auxiliaries).
	written := map[string]int{}
	for i, e := range r.entries {
		if strings.HasPrefix(e, "@") {
			continue
		}
		if first, ok := written[e]; ok {
			return nil, fmt.Errorf("%w: %s line %d: %q already on line %d", ErrData, name, r.lines[i], e, first)
		}
		written[e] = r.lines[i]
	}
	seen := map[string]bool{}
	for _, e := range r.entries {
		inc, ok := strings.CutPrefix(e, "@")
		if !ok {
			if !seen[e] {
				seen[e] = true
				l.entries = append(l.entries, e)
			}
			continue
		}
		sub, err := resolve(c, raw, inc, append(path, name))
		if err != nil {
			return nil, err
		}
		if sub.values != valuesNone {
			return nil, fmt.Errorf("%w: %s includes %s, a valued list", ErrData, name, inc)
		}
		fold := false
		switch {
		case sub.form == l.form:
		case l.form == FormFolded && sub.form == FormLower:
			fold = true
		default:
			return nil, fmt.Errorf("%w: %s (%s) includes %s (%s)", ErrData, name, l.form, inc, sub.form)
		}
		for _, w := range sub.entries {
			if fold {
				w = foldEntry(w)
			}
			if line, ok := written[w]; ok {
				return nil, fmt.Errorf("%w: %s line %d: %q is already in %s", ErrData, name, line, w, inc)
			}
			if !seen[w] {
				seen[w] = true
				l.entries = append(l.entries, w)
			}
		}
	}
	c[name] = &l
	return &l, nil
}

// Merge returns a table of the words of all the tables, each with its
// value in the first table that holds it.
func Merge[V int | float64 | string](tables ...Table[V]) Table[V] {
	m := map[string]V{}
	for i := len(tables) - 1; i >= 0; i-- {
		for w, v := range tables[i].m {
			m[w] = v
		}
	}
	return Table[V]{m}
}
