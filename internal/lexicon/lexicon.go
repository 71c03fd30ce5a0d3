package lexicon

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

//go:embed data/thesaurus-fr.txt.gz data/en-fr.txt.gz data/verbs-fr.txt.gz
var dataFS embed.FS

const (
	thesaurusFile = "data/thesaurus-fr.txt.gz"
	enFrFile      = "data/en-fr.txt.gz"
	verbsFile     = "data/verbs-fr.txt.gz"
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
	src  fsReader

	// thes maps a French headword to its synonyms joined by '|'.
	thes map[string]string
	// thesFold maps the accent-folded form of a headword that has accents
	// (or œ/æ) to the headwords that fold to it.
	thesFold map[string][]string
	// enFr maps an English headword to its French translations joined by '|'.
	enFr map[string]string
	// verbs holds the French conjugation templates and verbs.
	verbs *verbData
}

// fsReader is the part of embed.FS the parser needs (tests substitute it).
type fsReader interface {
	ReadFile(name string) ([]byte, error)
}

// New returns a Lexicon with its data already parsed, or an error wrapping
// [ErrData] when the embedded data is unreadable.
func New() (*Lexicon, error) {
	l := Lazy()
	if err := l.Load(); err != nil {
		return nil, err
	}
	return l, nil
}

// Lazy returns a Lexicon that parses its data on first use. Look-ups on a
// Lexicon whose data failed to parse find nothing; call [Lexicon.Load] to
// see the error.
func Lazy() *Lexicon {
	return &Lexicon{src: dataFS}
}

// Load parses the data if it has not been parsed yet and returns the parse
// error, if any. It is safe to call many times and concurrently.
func (l *Lexicon) Load() error {
	l.once.Do(func() { l.err = l.parse() })
	return l.err
}

// ready parses on first use and reports whether the data is usable.
func (l *Lexicon) ready() bool {
	return l != nil && l.src != nil && l.Load() == nil
}

// parse reads the three data files. The thesaurus, by far the largest,
// is parsed while another goroutine parses the other two.
func (l *Lexicon) parse() error {
	var (
		wg       sync.WaitGroup
		enFr     map[string]string
		verbs    *verbData
		errOther error
	)
	wg.Go(func() {
		enFr, errOther = readTable(l.src, enFrFile)
		if errOther != nil {
			return
		}
		var text string
		if text, errOther = readGz(l.src, verbsFile); errOther == nil {
			verbs, errOther = parseVerbs(text)
		}
	})
	thes, err := readTable(l.src, thesaurusFile)
	var fold map[string][]string
	if err == nil {
		fold = make(map[string][]string, len(thes)/3)
		for h := range thes {
			if f := foldAccents(h); f != h {
				fold[f] = append(fold[f], h)
			}
		}
		for _, hs := range fold {
			slices.Sort(hs) // deterministic order regardless of map iteration
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	if errOther != nil {
		return errOther
	}
	l.thes, l.thesFold, l.enFr, l.verbs = thes, fold, enFr, verbs
	return nil
}

// readGz reads and gunzips name.
func readGz(src fsReader, name string) (string, error) {
	gz, err := src.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrData, name, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrData, name, err)
	}
	// The gzip trailer ends with the uncompressed size (mod 2^32): a hint
	// that spares growing the buffer, capped in case the data lies.
	size := 4 * len(gz)
	if n := len(gz); n >= 4 {
		size = int(binary.LittleEndian.Uint32(gz[n-4:]))
	}
	var text strings.Builder
	text.Grow(min(size, 16<<20))
	if _, err := io.Copy(&text, zr); err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrData, name, err)
	}
	return text.String(), nil
}

// readTable gunzips name and parses its `head<TAB>w1|w2` lines ('#' lines
// are comments). Keys and values are substrings of one string holding the
// whole decompressed file.
func readTable(src fsReader, name string) (map[string]string, error) {
	text, err := readGz(src, name)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, strings.Count(text, "\n"))
	err = eachEntry(text, name, func(_ int, head, words string) error {
		m[head] = words
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("%w: %s: no entries", ErrData, name)
	}
	return m, nil
}

// eachEntry calls fn with the line number, key and value of every
// "key<TAB>value" line of text (the file name), skipping empty lines and
// '#' comments; a line without both parts is an error wrapping ErrData.
func eachEntry(text, name string, fn func(n int, head, val string) error) error {
	for n := 1; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if line == "" || line[0] == '#' {
			continue
		}
		head, val, ok := strings.Cut(line, "\t")
		if !ok || head == "" || val == "" {
			return fmt.Errorf("%w: %s line %d: want \"key<TAB>value\"", ErrData, name, n)
		}
		if err := fn(n, head, val); err != nil {
			return err
		}
	}
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
	for joined != "" {
		w, rest, _ := strings.Cut(joined, "|")
		joined = rest
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
