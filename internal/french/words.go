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

// lazyCatalog reads each embedded list on first use: a question needs a
// few of them, and a process that answers none (a command that does not
// answer) reads none. Each list is read once; its includes are read
// through the catalog too. The tests read every list at once with
// parseAll, which also refuses include cycles (here a cycle would never
// finish reading), so the embedded data has none.
type lazyCatalog map[string]func() (*list, error)

func newLazyCatalog(fsys fs.FS) lazyCatalog {
	c := lazyCatalog{}
	names, err := fs.Glob(fsys, "data/*.txt")
	if err != nil {
		return c // every get then reports the list missing
	}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".txt")
		c[name] = sync.OnceValues(func() (*list, error) {
			b, err := fs.ReadFile(fsys, n)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", ErrData, err)
			}
			r, err := parseFile(name, b)
			if err != nil {
				return nil, err
			}
			return expand(r, name, func(inc string) (*list, error) {
				read, ok := c[inc]
				if !ok {
					return nil, fmt.Errorf("%w: %s: no list %q", ErrData, name, inc)
				}
				return read()
			})
		})
	}
	return c
}

// lists is the embedded catalog. It only holds what the embedded files
// say, read once each; the package holds no state that callers can
// change.
var lists = sync.OnceValue(func() lazyCatalog { return newLazyCatalog(dataFS) })

// get returns the list called name, reading it on first use. It panics
// when there is no such list, when it does not hold values of the kind
// asked for, or when it cannot be read: names are fixed when the program
// is built, and the package's tests read every list.
func get(name, values string) *list {
	read, ok := lists()[name]
	if !ok {
		panic(fmt.Errorf("%w: no list %q", ErrData, name))
	}
	l, err := read()
	if err != nil {
		panic(err)
	}
	if l.values != values {
		panic(fmt.Errorf("%w: list %q holds values %q, not %q", ErrData, name, l.values, values))
	}
	return l
}

// check panics as get does when there is no list called name, or when it
// does not hold values of the kind asked for, reading only the list's
// header: Words and the other accessors check their list when they are
// called (mostly while the program starts), and read it on first use.
func check(name, values string) {
	b, err := fs.ReadFile(dataFS, "data/"+name+".txt")
	if err != nil {
		panic(fmt.Errorf("%w: no list %q", ErrData, name))
	}
	if got := headerValues(string(b)); got != values {
		panic(fmt.Errorf("%w: list %q holds values %q, not %q", ErrData, name, got, values))
	}
}

// headerValues is what the "# values:" line of a list's header says.
func headerValues(text string) string {
	for line := range strings.Lines(text) {
		if !strings.HasPrefix(line, "#") {
			break
		}
		key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "#")), ":")
		if ok && strings.TrimSpace(key) == "values" {
			return strings.TrimSpace(value)
		}
	}
	return valuesNone
}

// lazy returns a function that builds a value with build on its first call
// and returns that value to every call.
func lazy[T any](build func() T) func() T { return sync.OnceValue(build) }

// Set is a read-only set of words. The zero Set is empty. A Set returned
// by [Words] reads its list on first use.
type Set struct{ words func() map[string]struct{} }

func (s Set) m() map[string]struct{} {
	if s.words == nil {
		return nil
	}
	return s.words()
}

// Has reports whether w is in the set, as written: look up a folded word
// in a folded list, or in the [Set.Folded] view of a list of another form.
func (s Set) Has(w string) bool {
	_, ok := s.m()[w]
	return ok
}

// Len is the number of words in the set.
func (s Set) Len() int { return len(s.m()) }

// Sorted returns the words of the set in order, in a new slice.
func (s Set) Sorted() []string {
	m := s.m()
	out := make([]string, 0, len(m))
	for w := range m {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// Folded returns the set of the words of s folded the way the answering
// layer splits folded text into words: [Fold], and an elided word without
// its apostrophe ("l'" gives "l", "jusqu'" gives "jusqu").
func (s Set) Folded() Set {
	return Set{lazy(func() map[string]struct{} {
		src := s.m()
		m := make(map[string]struct{}, len(src))
		for w := range src {
			m[foldEntry(w)] = struct{}{}
		}
		return m
	})}
}

// Union returns the words of all the sets.
func Union(sets ...Set) Set {
	sets = slices.Clone(sets)
	return Set{lazy(func() map[string]struct{} {
		m := map[string]struct{}{}
		for _, s := range sets {
			for w := range s.m() {
				m[w] = struct{}{}
			}
		}
		return m
	})}
}

func foldEntry(w string) string {
	return strings.TrimSuffix(strings.ReplaceAll(Fold(w), "’", "'"), "'")
}

// Table is a read-only map from words to values. The zero Table is empty.
// A Table returned by [Ints], [Floats] or [Texts] reads its list on first
// use.
type Table[V int | float64 | string] struct{ values func() map[string]V }

func (t Table[V]) m() map[string]V {
	if t.values == nil {
		return nil
	}
	return t.values()
}

// Get returns the value of w and whether w is in the table.
func (t Table[V]) Get(w string) (V, bool) {
	v, ok := t.m()[w]
	return v, ok
}

// Has reports whether w is in the table.
func (t Table[V]) Has(w string) bool {
	_, ok := t.m()[w]
	return ok
}

// Len is the number of words in the table.
func (t Table[V]) Len() int { return len(t.m()) }

// Keys returns the words of the table in order, in a new slice.
func (t Table[V]) Keys() []string {
	m := t.m()
	out := make([]string, 0, len(m))
	for w := range m {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// Words returns the word list called name (a file data/name.txt), read on
// first use. It panics when there is no such list of plain words: names
// are fixed when the program is built, and the package's tests read every
// list.
func Words(name string) Set {
	check(name, valuesNone)
	return Set{lazy(func() map[string]struct{} {
		l := get(name, valuesNone)
		m := make(map[string]struct{}, len(l.entries))
		for _, e := range l.entries {
			m[e] = struct{}{}
		}
		return m
	})}
}

// List returns the entries of the word list called name in the order of
// its file, in a new slice, for lists whose order matters (the first
// entry that matches wins). It panics as [Words] does.
func List(name string) []string {
	return slices.Clone(get(name, valuesNone).entries)
}

// Ints returns the list called name whose values are whole numbers
// ("# values: int"), read on first use. It panics as [Words] does.
func Ints(name string) Table[int] {
	return valued(name, valuesInt, func(v string) int {
		n, _ := strconv.Atoi(v) // checked by parse
		return n
	})
}

// Floats returns the list called name whose values are numbers
// ("# values: float"), read on first use. It panics as [Words] does.
func Floats(name string) Table[float64] {
	return valued(name, valuesFloat, func(v string) float64 {
		f, _ := strconv.ParseFloat(v, 64) // checked by parse
		return f
	})
}

// Texts returns the list called name whose values are words ("# values:
// text"), read on first use. It panics as [Words] does.
func Texts(name string) Table[string] {
	return valued(name, valuesText, func(v string) string { return v })
}

func valued[V int | float64 | string](name, kind string, value func(string) V) Table[V] {
	check(name, kind)
	return Table[V]{lazy(func() map[string]V {
		l := get(name, kind)
		m := make(map[string]V, len(l.entries))
		for i, e := range l.entries {
			m[e] = value(l.text[i])
		}
		return m
	})}
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

// resolve expands the includes of list name and stores it in c, reading
// the lists it includes from raw; path is the chain of lists that include
// it, to refuse a cycle.
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
	l, err := expand(r, name, func(inc string) (*list, error) {
		return resolve(c, raw, inc, append(path, name))
	})
	if err != nil {
		return nil, err
	}
	c[name] = l
	return l, nil
}

// expand returns list name, read as r, with its includes expanded; include
// returns an included list. An included list gives its entries in the
// including list's form: a folded list may include a lower-case one (its
// entries are then folded), not the reverse.
func expand(r *rawList, name string, include func(string) (*list, error)) (*list, error) {
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
		sub, err := include(inc)
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
	return &l, nil
}

// Merge returns a table of the words of all the tables, each with its
// value in the first table that holds it.
func Merge[V int | float64 | string](tables ...Table[V]) Table[V] {
	tables = slices.Clone(tables)
	return Table[V]{lazy(func() map[string]V {
		m := map[string]V{}
		for i := len(tables) - 1; i >= 0; i-- {
			for w, v := range tables[i].m() {
				m[w] = v
			}
		}
		return m
	})}
}
