package unanswered

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// DefaultMax is the number of distinct questions kept when New is given a
// non-positive max.
const DefaultMax = 500

// MaxRunes is the longest question kept, in runes; longer ones are cut.
const MaxRunes = 500

// fileVersion is the version of the file format written by Flush.
const fileVersion = 1

// ErrCorrupt is wrapped by New's error when the file cannot be parsed.
var ErrCorrupt = errors.New("corrupt unanswered questions file")

// Entry is one group of declined questions.
type Entry struct {
	Question string    // the first form seen (cleaned and cut to MaxRunes)
	Count    int       // how many times it was declined
	Last     time.Time // when it was last declined
}

// Store counts declined questions. The zero value is not usable: call New.
type Store struct {
	max  int
	file string

	flushMu sync.Mutex // serialises Flush so an older snapshot never lands last

	mu      sync.Mutex
	entries map[string]*Entry // by normalised key
	dirty   bool              // changed since the last Flush
}

// New returns a store keeping at most max distinct questions (DefaultMax if
// max <= 0). If file is not empty the store is loaded from it when it exists
// and Flush writes it there.
//
// A file that cannot be read or parsed does not prevent starting: New then
// returns a usable empty store together with an error naming the file. A
// corrupt file (the error wraps ErrCorrupt) is first renamed to file +
// ".corrupt" so the next Flush does not destroy what an admin might want to
// repair.
func New(max int, file string) (*Store, error) {
	if max <= 0 {
		max = DefaultMax
	}
	s := &Store{max: max, file: file, entries: make(map[string]*Entry)}
	if file == "" {
		return s, nil
	}
	if err := s.load(); err != nil {
		s.entries = make(map[string]*Entry)
		return s, err
	}
	return s, nil
}

// Add records that question was declined at at (time.Now() if zero). An
// empty or blank question is ignored.
func (s *Store) Add(question string, at time.Time) {
	q := Clean(question)
	if q == "" {
		return
	}
	if at.IsZero() {
		at = time.Now()
	}
	k := Key(q)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dirty = true
	if e, ok := s.entries[k]; ok {
		e.Count++
		if at.After(e.Last) {
			e.Last = at
		}
		return
	}
	if len(s.entries) >= s.max {
		s.evictLocked()
	}
	s.entries[k] = &Entry{Question: q, Count: 1, Last: at}
}

// evictLocked removes the least frequent entry, the oldest among equals.
func (s *Store) evictLocked() {
	var victim string
	var ve *Entry
	for k, e := range s.entries {
		if ve == nil || e.Count < ve.Count ||
			(e.Count == ve.Count && (e.Last.Before(ve.Last) || (e.Last.Equal(ve.Last) && k < victim))) {
			victim, ve = k, e
		}
	}
	delete(s.entries, victim)
}

// Top returns the n most frequent questions, the most recent first among
// equals (all of them if n <= 0).
func (s *Store) Top(n int) []Entry {
	s.mu.Lock()
	out := make([]Entry, 0, len(s.entries))
	for _, e := range s.entries {
		out = append(out, *e)
	}
	s.mu.Unlock()
	sortEntries(out)
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Len returns the number of distinct questions kept.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

func sortEntries(es []Entry) {
	slices.SortFunc(es, func(a, b Entry) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := b.Last.Compare(a.Last); c != 0 {
			return c
		}
		return strings.Compare(a.Question, b.Question)
	})
}

// fileData is the JSON document stored in the file.
type fileData struct {
	Version   int         `json:"version"`
	Questions []fileEntry `json:"questions"`
}

type fileEntry struct {
	Question string    `json:"question"`
	Count    int       `json:"count"`
	Last     time.Time `json:"last"`
}

func (s *Store) load() error {
	data, err := os.ReadFile(s.file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("unanswered questions: %w", err)
	}
	var fd fileData
	if err := json.Unmarshal(data, &fd); err != nil {
		return s.corrupt(err)
	}
	if fd.Version != fileVersion {
		return s.corrupt(fmt.Errorf("unknown version %d", fd.Version))
	}
	for _, fe := range fd.Questions {
		q := Clean(fe.Question)
		if q == "" || fe.Count <= 0 {
			continue
		}
		k := Key(q)
		if e, ok := s.entries[k]; ok { // normalisation may have changed
			e.Count += fe.Count
			if fe.Last.After(e.Last) {
				e.Last = fe.Last
			}
			continue
		}
		s.entries[k] = &Entry{Question: q, Count: fe.Count, Last: fe.Last}
	}
	for len(s.entries) > s.max {
		s.evictLocked()
	}
	return nil
}

// corrupt moves the unreadable file aside and describes the problem.
func (s *Store) corrupt(cause error) error {
	aside := s.file + ".corrupt"
	if err := os.Rename(s.file, aside); err != nil {
		return fmt.Errorf("%w %s (could not move it aside: %v): %v", ErrCorrupt, s.file, err, cause)
	}
	return fmt.Errorf("%w %s (moved to %s, starting empty): %v", ErrCorrupt, s.file, aside, cause)
}

// Flush writes the store to its file if it changed since the last Flush.
// The file is replaced atomically (temporary file, sync, rename) and is
// readable by its owner only. Without a file Flush does nothing.
func (s *Store) Flush() error {
	if s.file == "" {
		return nil
	}
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	fd := fileData{Version: fileVersion, Questions: make([]fileEntry, 0, len(s.entries))}
	es := make([]Entry, 0, len(s.entries))
	for _, e := range s.entries {
		es = append(es, *e)
	}
	s.dirty = false
	s.mu.Unlock()

	sortEntries(es)
	for _, e := range es {
		fd.Questions = append(fd.Questions, fileEntry(e))
	}
	if err := writeAtomic(s.file, fd); err != nil {
		s.mu.Lock()
		s.dirty = true // try again next time
		s.mu.Unlock()
		return fmt.Errorf("unanswered questions: %w", err)
	}
	return nil
}

// Run flushes the store every interval until ctx is done, then flushes a
// last time. Errors are passed to onErr (which may be nil) and do not stop
// it. It returns the error of the last flush.
func (s *Store) Run(ctx context.Context, every time.Duration, onErr func(error)) error {
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return s.Flush()
		case <-t.C:
			if err := s.Flush(); err != nil && onErr != nil {
				onErr(err)
			}
		}
	}
}

func writeAtomic(file string, v any) (err error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

// Clean returns question as it is kept: invalid UTF-8, control and
// invisible format characters (zero-width spaces, bidi marks) removed,
// spacing trimmed and collapsed, cut to MaxRunes runes.
func Clean(question string) string {
	question = strings.ToValidUTF8(question, "")
	var b strings.Builder
	b.Grow(len(question))
	space := false
	n := 0
	for _, r := range question {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			continue
		}
		if space {
			if n+1 >= MaxRunes {
				break
			}
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
		if n >= MaxRunes {
			break
		}
	}
	return b.String()
}

// Key returns the grouping key of a cleaned question: case folded, accents
// removed, punctuation turned into spaces and spacing collapsed, so that
// "Quel est le prix ?" and "quel   est le PRIX?" are grouped. A question
// made only of punctuation is its own key.
func Key(cleaned string) string {
	folded := cases.Fold().String(norm.NFD.String(cleaned))
	var b strings.Builder
	b.Grow(len(folded))
	for _, r := range folded {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsPunct(r) || unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	key := strings.Join(strings.Fields(b.String()), " ")
	if key == "" {
		return norm.NFC.String(folded)
	}
	return norm.NFC.String(key)
}
