package wordlist

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/articlebot/articlebot/internal/french"
)

// ErrData is french.ErrData: a word list that cannot be read or parsed.
var ErrData = french.ErrData

// The kinds of value a valued list holds, as its "# values:" header says.
const (
	ValuesNone  = ""
	ValuesInt   = "int"
	ValuesFloat = "float"
	ValuesText  = "text"
)

// List is one parsed list, its includes expanded.
type List struct {
	Name    string
	Form    string // french.FormFolded, FormLower or FormCased
	Source  string
	Values  string   // ValuesNone, ValuesInt, ValuesFloat or ValuesText
	Entries []string // in file order, includes expanded, each once
	Text    []string // the value of each entry, as written, for valued lists
}

// Catalog is every list, by name.
type Catalog map[string]*List

// Parse reads every data/*.txt file of fsys and resolves the includes.
func Parse(fsys fs.FS) (Catalog, error) {
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
	c := Catalog{}
	for name := range raw {
		if _, err := resolve(c, raw, name, nil); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// rawList is a parsed file before its includes are expanded.
type rawList struct {
	List
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
					r.Form = strings.TrimSpace(value)
				case "source":
					r.Source = strings.TrimSpace(value)
				case "values":
					r.Values = strings.TrimSpace(value)
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
		if r.Values != ValuesNone {
			i := strings.LastIndexByte(line, ' ')
			if i < 0 {
				return nil, fmt.Errorf("%w: %s line %d: %q has no value", ErrData, name, n, line)
			}
			v := line[i+1:]
			if err := checkValue(r.Values, v); err != nil {
				return nil, fmt.Errorf("%w: %s line %d: %w", ErrData, name, n, err)
			}
			line = line[:i]
			r.Text = append(r.Text, v)
		}
		r.Entries = append(r.Entries, line)
		r.lines = append(r.lines, n)
	}
	switch {
	case r.Form != french.FormFolded && r.Form != french.FormLower && r.Form != french.FormCased:
		return nil, fmt.Errorf("%w: %s: form %q, want %q, %q or %q", ErrData, name, r.Form, french.FormFolded, french.FormLower, french.FormCased)
	case r.Source == "":
		return nil, fmt.Errorf("%w: %s: no source in its header", ErrData, name)
	case r.Values != ValuesNone && r.Values != ValuesInt && r.Values != ValuesFloat && r.Values != ValuesText:
		return nil, fmt.Errorf("%w: %s: values %q, want int, float or text", ErrData, name, r.Values)
	case len(r.Entries) == 0:
		return nil, fmt.Errorf("%w: %s: no entry", ErrData, name)
	}
	for i, e := range r.Entries {
		if strings.HasPrefix(e, "@") {
			if r.Values != ValuesNone {
				return nil, fmt.Errorf("%w: %s line %d: a valued list includes nothing", ErrData, name, r.lines[i])
			}
			continue
		}
		if err := checkForm(r.Form, e); err != nil {
			return nil, fmt.Errorf("%w: %s line %d: %w", ErrData, name, r.lines[i], err)
		}
	}
	return r, nil
}

func checkValue(kind, v string) error {
	var err error
	switch kind {
	case ValuesInt:
		_, err = strconv.Atoi(v)
	case ValuesFloat:
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
	case french.FormFolded:
		if french.FoldElided(e) != e {
			return fmt.Errorf("%q is not folded (%q)", e, french.FoldElided(e))
		}
	case french.FormLower:
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
func resolve(c Catalog, raw map[string]*rawList, name string, path []string) (*List, error) {
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
	l := r.List
	l.Name = name
	l.Entries = nil
	// An entry written twice, or written and also included, is a
	// mistake; two included lists may share entries (être's forms are
	// copulas and auxiliaries).
	written := map[string]int{}
	for i, e := range r.Entries {
		if strings.HasPrefix(e, "@") {
			continue
		}
		if first, ok := written[e]; ok {
			return nil, fmt.Errorf("%w: %s line %d: %q already on line %d", ErrData, name, r.lines[i], e, first)
		}
		written[e] = r.lines[i]
	}
	seen := map[string]bool{}
	for _, e := range r.Entries {
		inc, ok := strings.CutPrefix(e, "@")
		if !ok {
			if !seen[e] {
				seen[e] = true
				l.Entries = append(l.Entries, e)
			}
			continue
		}
		sub, err := resolve(c, raw, inc, append(path, name))
		if err != nil {
			return nil, err
		}
		if sub.Values != ValuesNone {
			return nil, fmt.Errorf("%w: %s includes %s, a valued list", ErrData, name, inc)
		}
		fold := false
		switch {
		case sub.Form == l.Form:
		case l.Form == french.FormFolded && sub.Form == french.FormLower:
			fold = true
		default:
			return nil, fmt.Errorf("%w: %s (%s) includes %s (%s)", ErrData, name, l.Form, inc, sub.Form)
		}
		for _, w := range sub.Entries {
			if fold {
				w = french.FoldElided(w)
			}
			if line, ok := written[w]; ok {
				return nil, fmt.Errorf("%w: %s line %d: %q is already in %s", ErrData, name, line, w, inc)
			}
			if !seen[w] {
				seen[w] = true
				l.Entries = append(l.Entries, w)
			}
		}
	}
	c[name] = &l
	return &l, nil
}
