package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// verbCells lists, in order, the mood/tense (XML element path below
// <template>) of every cell of a verbiste conjugation template, one entry
// per <p> element. internal/lexicon relies on this order.
var verbCells = func() []string {
	var cells []string
	add := func(path string, n int) {
		for range n {
			cells = append(cells, path)
		}
	}
	add("infinitive/infinitive-present", 1)
	add("indicative/present", 6)
	add("indicative/imperfect", 6)
	add("indicative/future", 6)
	add("indicative/simple-past", 6)
	add("conditional/present", 6)
	add("subjunctive/present", 6)
	add("subjunctive/imperfect", 6)
	add("imperative/imperative-present", 3)
	add("participle/present-participle", 1)
	add("participle/past-participle", 4)
	return cells
}()

// defectiveCell marks a cell without any form (e.g. the first person of
// falloir); an empty field is a form equal to the radical ("il vêt").
const defectiveCell = "-"

// readVerbiste parses verbiste's conjugation-fr.xml (templates) and
// verbs-fr.xml (infinitive → template) and returns the template entries
// (head "radical:termination", one word per cell: the endings separated by
// ',' or defectiveCell) sorted by name, and the verb entries (head the
// infinitive, single word its template) sorted by infinitive.
func readVerbiste(verbsPath, conjPath string) (templates, verbs []entry, err error) {
	tmpl, err := readConjugation(conjPath)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(verbsPath)
	if err != nil {
		return nil, nil, fmt.Errorf("open verbs: %w", err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var v struct {
		Inf  string `xml:"i"`
		Tmpl string `xml:"t"`
	}
	seen := map[string]string{}
	used := map[string]bool{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("parse verbs: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "v" {
			continue
		}
		v.Inf, v.Tmpl = "", ""
		if err := dec.DecodeElement(&v, &se); err != nil {
			return nil, nil, fmt.Errorf("parse verbs: %w", err)
		}
		inf := normalizeVerb(v.Inf)
		name := norm.NFC.String(strings.TrimSpace(v.Tmpl))
		if _, ok := tmpl[name]; !ok {
			return nil, nil, fmt.Errorf("verbs: %q uses unknown template %q", inf, name)
		}
		_, term, _ := strings.Cut(name, ":")
		if inf == "" || strings.ContainsAny(inf, " \t|,:") || !strings.HasSuffix(inf, term) {
			return nil, nil, fmt.Errorf("verbs: infinitive %q does not fit template %q", inf, name)
		}
		if prev, dup := seen[inf]; dup {
			if prev != name {
				return nil, nil, fmt.Errorf("verbs: %q has two templates, %q and %q", inf, prev, name)
			}
			continue
		}
		seen[inf] = name
		used[name] = true
	}
	if len(seen) == 0 {
		return nil, nil, errors.New("verbs: no verbs")
	}
	for name, cells := range tmpl {
		if used[name] {
			templates = append(templates, entry{name, cells})
		}
	}
	sort.Slice(templates, func(i, j int) bool { return templates[i].head < templates[j].head })
	for inf, name := range seen {
		verbs = append(verbs, entry{inf, []string{name}})
	}
	sort.Slice(verbs, func(i, j int) bool { return verbs[i].head < verbs[j].head })
	return templates, verbs, nil
}

// readConjugation returns the templates of conjugation-fr.xml by name, each
// as its len(verbCells) encoded cells.
func readConjugation(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open conjugation: %w", err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	out := map[string][]string{}
	var (
		name  string   // current template, "" outside one
		elems []string // elements below <template>
		cells []string // encoded cells of the current template
		alts  []string // endings of the current <p>
		text  *strings.Builder
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse conjugation: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "template":
				for _, a := range t.Attr {
					if a.Name.Local == "name" {
						name = norm.NFC.String(strings.TrimSpace(a.Value))
					}
				}
				if !strings.Contains(name, ":") || strings.ContainsAny(name, " \t|,") {
					return nil, fmt.Errorf("conjugation: bad template name %q", name)
				}
				if _, dup := out[name]; dup {
					return nil, fmt.Errorf("conjugation: duplicate template %q", name)
				}
				elems, cells = elems[:0], nil
			case name == "":
			case t.Name.Local == "p":
				alts = alts[:0]
				if len(cells) >= len(verbCells) || strings.Join(elems, "/") != verbCells[len(cells)] {
					return nil, fmt.Errorf("conjugation: template %q: unexpected cell %d at %s", name, len(cells)+1, strings.Join(elems, "/"))
				}
			case t.Name.Local == "i":
				text = &strings.Builder{}
			default:
				elems = append(elems, t.Name.Local)
			}
		case xml.CharData:
			if text != nil {
				text.Write(t)
			}
		case xml.EndElement:
			switch {
			case t.Name.Local == "template":
				if len(cells) != len(verbCells) {
					return nil, fmt.Errorf("conjugation: template %q has %d cells, want %d", name, len(cells), len(verbCells))
				}
				out[name] = cells
				name = ""
			case name == "":
			case t.Name.Local == "i":
				e := norm.NFC.String(strings.ToLower(strings.TrimSpace(text.String())))
				text = nil
				if strings.ContainsAny(e, " \t\n|,:'") || e == defectiveCell {
					return nil, fmt.Errorf("conjugation: template %q: bad ending %q", name, e)
				}
				if !slices.Contains(alts, e) {
					alts = append(alts, e)
				}
			case t.Name.Local == "p":
				if len(alts) == 0 {
					cells = append(cells, defectiveCell)
				} else {
					cells = append(cells, strings.Join(alts, ","))
				}
			default:
				if n := len(elems); n > 0 && elems[n-1] == t.Name.Local {
					elems = elems[:n-1]
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("conjugation: no templates")
	}
	return out, nil
}

// normalizeVerb lowercases an infinitive, NFC-normalises it and maps
// typographic apostrophes to ASCII ("entr'aimer").
func normalizeVerb(s string) string {
	s = norm.NFC.String(strings.ToLower(strings.TrimSpace(s)))
	return strings.NewReplacer("\u2019", "'").Replace(s)
}

// describeCells summarises verbCells for the output header, e.g.
// "infinitive/infinitive-present×1, indicative/present×6, …".
func describeCells() string {
	var parts []string
	for i := 0; i < len(verbCells); {
		j := i
		for j < len(verbCells) && verbCells[j] == verbCells[i] {
			j++
		}
		parts = append(parts, fmt.Sprintf("%s×%d", verbCells[i], j-i))
		i = j
	}
	return strings.Join(parts, ", ")
}
