package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/articlebot/articlebot/internal/french"
	"github.com/articlebot/articlebot/internal/lexicon"
)

// writeDerived writes, beside the data files of dir, the tables
// internal/lexicon reads instead of computing them at start:
// thesaurus-fold.txt (the accent-folded form of every headword that has
// accents, œ or æ, with the headwords that fold to it), verbs-fold.txt
// (the same for the infinitives), and the line index (.idx) of every table.
// It is what `go generate` runs in internal/lexicon.
func writeDerived(dir string) error {
	for _, d := range []struct{ from, to, what string }{
		{"thesaurus-fr.txt", "thesaurus-fold.txt", "headword"},
		{"verbs-fr.txt", "verbs-fold.txt", "infinitive"},
	} {
		raw, err := os.ReadFile(filepath.Join(dir, d.from))
		if err != nil {
			return fmt.Errorf("derive: %w", err)
		}
		entries := foldEntries(string(raw))
		header := []string{
			fmt.Sprintf("Derived from %s by internal/tools/genlexicon -derive (go generate in internal/lexicon): do not edit.", d.from),
			fmt.Sprintf("Format: folded<TAB>%s|%s…: the %ss that fold to it (accents removed, œ/æ expanded), in order.", d.what, d.what, d.what),
		}
		if err := writeText(filepath.Join(dir, d.to), header, entries); err != nil {
			return err
		}
	}
	// The line indexes of every table.
	for _, name := range []string{"thesaurus-fr.txt", "thesaurus-fold.txt", "en-fr.txt", "verbs-fr.txt", "verbs-fold.txt"} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("index: %w", err)
		}
		idx, err := lineIndex(raw, name == "verbs-fr.txt")
		if err != nil {
			return fmt.Errorf("index %s: %w", name, err)
		}
		out := filepath.Join(dir, strings.TrimSuffix(name, ".txt")+".idx")
		if err := os.WriteFile(out, idx, 0o644); err != nil {
			return fmt.Errorf("index: %w", err)
		}
	}
	// The conjugation templates and ending indexes as Go tables, beside
	// dir (internal/lexicon/verbs_gen.go).
	pkg := filepath.Dir(filepath.Clean(dir))
	src, err := lexicon.VerbTablesSource(os.DirFS(pkg))
	if err != nil {
		return fmt.Errorf("verb tables: %w", err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "verbs_gen.go"), src, 0o644); err != nil {
		return fmt.Errorf("verb tables: %w", err)
	}
	return nil
}

// lineIndex returns the offsets in text of its "key<TAB>value" lines
// (comments skipped, and with skipTemplates the leading template lines of
// the verbs file, whose key holds ':'), as little-endian uint32s: what
// internal/lexicon searches the table through.
func lineIndex(text []byte, skipTemplates bool) ([]byte, error) {
	if len(text) >= 1<<32 {
		return nil, fmt.Errorf("%d bytes: too large", len(text))
	}
	var idx []byte
	for i := 0; i < len(text); {
		end := bytes.IndexByte(text[i:], '\n')
		next := len(text)
		if end >= 0 {
			next = i + end + 1
		} else {
			end = len(text) - i
		}
		line := text[i : i+end]
		key, _, ok := bytes.Cut(line, []byte("\t"))
		switch {
		case len(line) > 0 && line[0] == '#':
		case !ok:
			return nil, fmt.Errorf("offset %d: no tab", i)
		case skipTemplates && bytes.IndexByte(key, ':') >= 0:
		default:
			skipTemplates = false // the verb lines have begun
			idx = binary.LittleEndian.AppendUint32(idx, uint32(i))
		}
		i = next
	}
	return idx, nil
}

// foldEntries reads the keys of a data file's "key<TAB>value" lines
// (comments and template lines, whose key holds ':', are skipped) and
// groups those that change when folded under their folded form; the keys
// keep the file's order (sorted).
func foldEntries(text string) []entry {
	m := map[string][]string{}
	for line := range strings.SplitSeq(text, "\n") {
		key, _, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") || strings.Contains(key, ":") {
			continue
		}
		if f := french.FoldAccents(key); f != key {
			m[f] = append(m[f], key)
		}
	}
	out := make([]entry, 0, len(m))
	for f, keys := range m {
		out = append(out, entry{head: f, words: keys})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].head < out[j].head })
	return out
}
