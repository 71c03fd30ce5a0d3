package lexicon

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"sync"
)

//go:generate go run ../tools/genlexicon -derive data

// The data files are embedded as strings and searched in place (see
// table): nothing is decompressed, copied or parsed into maps at start.
var (
	//go:embed data/thesaurus-fr.txt
	thesaurusText string
	//go:embed data/thesaurus-fold.txt
	thesFoldText string
	//go:embed data/en-fr.txt
	enFrText string
	//go:embed data/verbs-fr.txt
	verbsText string
	//go:embed data/verbs-fold.txt
	verbsFoldText string

	// The offsets of the lines of each table (go generate).
	//go:embed data/thesaurus-fr.idx
	thesaurusIdx string
	//go:embed data/thesaurus-fold.idx
	thesFoldIdx string
	//go:embed data/en-fr.idx
	enFrIdx string
	//go:embed data/verbs-fr.idx
	verbsIdx string
	//go:embed data/verbs-fold.idx
	verbsFoldIdx string
)

const (
	thesaurusFile = "data/thesaurus-fr.txt"
	thesFoldFile  = "data/thesaurus-fold.txt" // derived by go generate
	enFrFile      = "data/en-fr.txt"
	verbsFile     = "data/verbs-fr.txt"
	verbsFoldFile = "data/verbs-fold.txt" // derived by go generate
)

// ErrData reports that an embedded data file could not be read or parsed.
var ErrData = errors.New("lexicon: invalid embedded data")

// Lexicon answers synonym, translation and French conjugation look-ups
// from the embedded data.
// The zero value is not usable; build one with [New] or [Lazy]. A Lexicon is
// safe for concurrent use.
type Lexicon struct {
	once sync.Once
	err  error
	src  source
	// gen is the generated form of the verbs file of src (the embedded
	// data's: genVerbs), nil when it must be parsed.
	gen *verbData

	// thes maps a French headword to its synonyms joined by '|'.
	thes table
	// thesFold maps the accent-folded form of a headword that has accents
	// (or œ/æ) to the headwords that fold to it, joined by '|'.
	thesFold table
	// enFr maps an English headword to its French translations joined by '|'.
	enFr table
	// verbs holds the French conjugation templates and verbs.
	verbs *verbData
}

// source returns the text of a data file and the generated index of its
// lines ("" when there is none: the lines are then found by a scan);
// errors wrap ErrData.
type source func(name string) (text, idx string, err error)

// embedded is the source of the data built into the binary.
func embedded(name string) (string, string, error) {
	switch name {
	case thesaurusFile:
		return thesaurusText, thesaurusIdx, nil
	case thesFoldFile:
		return thesFoldText, thesFoldIdx, nil
	case enFrFile:
		return enFrText, enFrIdx, nil
	case verbsFile:
		return verbsText, verbsIdx, nil
	case verbsFoldFile:
		return verbsFoldText, verbsFoldIdx, nil
	}
	return "", "", fmt.Errorf("%w: %s: no such data file", ErrData, name)
}

// fsSource reads the data files from fsys, without indexes (tests
// substitute data).
func fsSource(fsys fs.FS) source {
	return func(name string) (string, string, error) {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", "", fmt.Errorf("%w: %s: %w", ErrData, name, err)
		}
		return string(b), "", nil
	}
}

// New returns a Lexicon with its data already opened, or an error wrapping
// [ErrData] when the embedded data is unreadable.
func New() (*Lexicon, error) {
	l := Lazy()
	if err := l.Load(); err != nil {
		return nil, err
	}
	return l, nil
}

// Lazy returns a Lexicon that opens its data on first use. Look-ups on a
// Lexicon whose data failed to open find nothing; call [Lexicon.Load] to
// see the error.
func Lazy() *Lexicon {
	return &Lexicon{src: embedded, gen: &genVerbs}
}

// Load opens the data if it has not been opened yet and returns the error,
// if any. It is safe to call many times and concurrently.
func (l *Lexicon) Load() error {
	l.once.Do(func() { l.err = l.parse() })
	return l.err
}

// ready opens the data on first use and reports whether it is usable.
func (l *Lexicon) ready() bool {
	return l != nil && l.src != nil && l.Load() == nil
}

// parse opens the data files: the tables stay where they are, searched
// through their generated line indexes; the conjugation templates and the
// ending indexes of the embedded data are generated Go tables
// (verbs_gen.go), other data's are parsed, and its verb lines checked
// against them.
func (l *Lexicon) parse() error {
	open := func(name string, required bool) (table, error) {
		text, idx, err := l.src(name)
		if err != nil {
			return table{}, err
		}
		var t table
		if idx != "" {
			t, err = openIndexed(name, text, idx)
		} else {
			t, err = newTable(name, text)
		}
		if err == nil && required && t.len() == 0 {
			err = fmt.Errorf("%w: %s: no entries", ErrData, name)
		}
		return t, err
	}
	thes, err := open(thesaurusFile, true)
	if err != nil {
		return err
	}
	fold, err := open(thesFoldFile, false)
	if err != nil {
		return err
	}
	enFr, err := open(enFrFile, true)
	if err != nil {
		return err
	}
	verbsText, verbsIdx, err := l.src(verbsFile)
	if err != nil {
		return err
	}
	verbsFold, err := open(verbsFoldFile, false)
	if err != nil {
		return err
	}
	var verbs *verbData
	if l.gen != nil {
		verbs, err = openGenerated(verbsText, verbsIdx, verbsFold, l.gen)
	} else {
		verbs, err = parseVerbs(verbsText, verbsIdx, verbsFold)
	}
	if err != nil {
		return err
	}
	l.thes, l.thesFold, l.enFr, l.verbs = thes, fold, enFr, verbs
	return nil
}

// collector accumulates unique words in insertion order.
type collector struct {
	seen  map[string]bool
	words []string
}

func newCollector(exclude ...string) *collector {
	c := &collector{seen: make(map[string]bool, 32)}
	for _, w := range exclude {
		c.seen[w] = true
	}
	return c
}

// addJoined adds the '|'-separated words of joined.
func (c *collector) addJoined(joined string) {
	for w := range words(joined) {
		c.add(w)
	}
}

func (c *collector) add(w string) {
	if w == "" || c.seen[w] {
		return
	}
	c.seen[w] = true
	c.words = append(c.words, w)
}

// result returns the words, or nil when there are none.
func (c *collector) result() []string {
	if len(c.words) == 0 {
		return nil
	}
	return c.words
}
