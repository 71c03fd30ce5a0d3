package lexicon

import (
	"fmt"
	"iter"
	"strings"
)

// table is a text of "key<TAB>value" lines sorted by key (byte order),
// searched where it lies: the embedded data is neither copied nor turned
// into maps. Its only structure is the offset of every line: for the
// embedded data, an index generated beside it (go generate); for other
// data (tests), found by one scan of the text when the table is opened.
type table struct {
	text string // the data file
	off  string // little-endian uint32 offsets in text of each line, in order
}

// offset returns where line i starts in text.
func (t *table) offset(i int) int {
	o := t.off[4*i : 4*i+4]
	return int(uint32(o[0]) | uint32(o[1])<<8 | uint32(o[2])<<16 | uint32(o[3])<<24)
}

// openIndexed opens the data file name, whose lines start at the offsets
// of idx (a generated index). Only the index is read: its offsets must
// increase and fall inside the text. That they are the starts of the
// lines, in the order of their keys, is checked by the tests of the
// embedded data (TestEmbeddedIndexes), not at every start: opening a table
// touches none of its text.
func openIndexed(name, text, idx string) (table, error) {
	if len(idx)%4 != 0 {
		return table{}, fmt.Errorf("%w: %s: index of %d bytes", ErrData, name, len(idx))
	}
	t := table{text: text, off: idx}
	prev := -1
	for i := range t.len() {
		o := t.offset(i)
		if o <= prev || o >= len(text) {
			return table{}, fmt.Errorf("%w: %s: index entry %d (%d) out of order or past the end", ErrData, name, i, o)
		}
		prev = o
	}
	return t, nil
}

// newTable opens the text of the data file name, finding its lines: leading '#' lines are
// comments; every other line must be "key<TAB>value" with both parts
// non-empty, and the keys must be strictly increasing. Errors wrap ErrData.
// A table may be empty.
func newTable(name, text string) (table, error) {
	text, first := skipComments(text)
	return newTableAt(name, text, first)
}

// skipComments returns text without its leading '#' lines, and the line
// number of the first line left.
func skipComments(text string) (string, int) {
	n := 1
	for strings.HasPrefix(text, "#") {
		_, text, _ = strings.Cut(text, "\n")
		n++
	}
	return text, n
}

// newTableAt opens text, whose first line is line first of the data file
// name. A table may be empty.
func newTableAt(name, text string, first int) (table, error) {
	if len(text) >= 1<<32 {
		return table{}, fmt.Errorf("%w: %s: too large", ErrData, name)
	}
	var off []byte
	prev := ""
	for i, n := 0, first; i < len(text); n++ {
		line := text[i:]
		next := len(text)
		if nl := strings.IndexByte(line, '\n'); nl >= 0 {
			line, next = line[:nl], i+nl+1
		}
		key, val, ok := strings.Cut(line, "\t")
		if !ok || key == "" || val == "" {
			return table{}, fmt.Errorf("%w: %s line %d: want \"key<TAB>value\"", ErrData, name, n)
		}
		if len(off) > 0 && key <= prev {
			return table{}, fmt.Errorf("%w: %s line %d: %q is out of order (after %q)", ErrData, name, n, key, prev)
		}
		off = append(off, byte(i), byte(i>>8), byte(i>>16), byte(i>>24))
		prev, i = key, next
	}
	return table{text: text, off: string(off)}, nil
}

// len is the number of entries.
func (t *table) len() int { return len(t.off) / 4 }

// line returns the key and value of entry i.
func (t *table) line(i int) (key, val string) {
	s := t.text[t.offset(i):]
	if nl := strings.IndexByte(s, '\n'); nl >= 0 {
		s = s[:nl]
	}
	key, val, _ = strings.Cut(s, "\t")
	return key, val
}

// key returns the key of entry i.
func (t *table) key(i int) string {
	s := t.text[t.offset(i):]
	if tab := strings.IndexByte(s, '\t'); tab >= 0 {
		return s[:tab]
	}
	return s // a bad index: never equal to a key
}

// get returns the value of key ("", false when it has none).
func (t *table) get(key string) (string, bool) {
	lo, hi := 0, t.len()
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch k := t.key(m); {
		case k < key:
			lo = m + 1
		case k > key:
			hi = m
		default:
			_, val := t.line(m)
			return val, true
		}
	}
	return "", false
}

// has reports whether key has an entry.
func (t *table) has(key string) bool {
	_, ok := t.get(key)
	return ok
}

// all yields every entry in key order.
func (t *table) all() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for i := range t.len() {
			if !yield(t.line(i)) {
				return
			}
		}
	}
}

// words yields the '|'-separated words of a value.
func words(joined string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for joined != "" {
			w, rest, _ := strings.Cut(joined, "|")
			joined = rest
			if !yield(w) {
				return
			}
		}
	}
}
