package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Sentinel errors describing why a document was refused. They are wrapped
// in a *FileError that names the file.
var (
	ErrNotUTF8        = errors.New("not valid UTF-8")
	ErrFrontMatter    = errors.New("malformed front matter")
	ErrEmptyDocument  = errors.New("empty document: no passage left after cleaning")
	ErrTooLarge       = errors.New("file too large")
	ErrNoDocuments    = errors.New("no .md or .txt document")
	ErrDuplicateID    = errors.New("duplicate document id")
	ErrUnreadableFile = errors.New("cannot read file")
	// ErrSymlink refuses a symbolic link: only regular files inside the
	// knowledge directory are documents, and a link may lead out of it.
	ErrSymlink = errors.New("symbolic link refused: only regular files inside the knowledge directory are read")
	// ErrNotRegular refuses a FIFO, a device, a socket…: never opened for
	// reading, since reading one may block or never end.
	ErrNotRegular = errors.New("not a regular file")
	// ErrBadName refuses a name that is not valid UTF-8 or holds control
	// characters.
	ErrBadName = errors.New("unusable file name")
)

// frontMatter is the optional YAML header of a document.
type frontMatter struct {
	Title  string   `yaml:"title"`
	Source string   `yaml:"source"`
	Date   string   `yaml:"date"`
	Lang   string   `yaml:"lang"`
	Author string   `yaml:"author"`
	Tags   []string `yaml:"tags"`
}

// ParseDocument turns the raw bytes of one file into a Document. id is the
// document id (file name without extension); ext is ".md" or ".txt".
func ParseDocument(id, ext string, raw []byte) (Document, error) {
	if !utf8.Valid(raw) {
		return Document{}, ErrNotUTF8
	}
	text := Normalize(string(bytes.TrimPrefix(raw, []byte("\ufeff"))))
	fm, body, err := splitFrontMatter(text)
	if err != nil {
		return Document{}, err
	}
	doc := Document{ID: id, Title: strings.TrimSpace(fm.Title), Source: strings.TrimSpace(fm.Source),
		Date: strings.TrimSpace(fm.Date), Lang: strings.TrimSpace(fm.Lang), Author: strings.TrimSpace(fm.Author), Tags: fm.Tags}
	if doc.Lang == "" {
		doc.Lang = "fr"
	}
	blocks := splitBlocks(body)
	if doc.Title == "" {
		blocks = takeTitle(&doc, ext, blocks)
	}
	n := 0
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		if rel, skip, ok := boilerplate(blocks, i); ok {
			doc.Related = append(doc.Related, rel...)
			i += skip
			continue
		}
		if strings.HasPrefix(b, "#") { // a Markdown heading is structure, not a passage
			continue
		}
		text := markdownText(b)
		if !hasLetterOrDigit(text) {
			continue
		}
		n++
		doc.Passages = append(doc.Passages, Passage{Doc: id, N: n, Text: text, Sentences: SplitSentences(text)})
	}
	if doc.Title == "" {
		doc.Title = id
	}
	if len(doc.Passages) == 0 {
		return Document{}, ErrEmptyDocument
	}
	return doc, nil
}

func splitFrontMatter(text string) (frontMatter, string, error) {
	var fm frontMatter
	if !strings.HasPrefix(text, "---\n") {
		return fm, text, nil
	}
	rest := text[len("---\n"):]
	end := strings.Index(rest, "\n---")
	if end < 0 {
		return fm, "", fmt.Errorf("%w: no closing ---", ErrFrontMatter)
	}
	header := rest[:end]
	body := rest[end+len("\n---"):]
	if nl := strings.IndexByte(body, '\n'); nl >= 0 {
		if strings.TrimSpace(body[:nl]) != "" {
			return fm, "", fmt.Errorf("%w: unexpected text after closing ---", ErrFrontMatter)
		}
		body = body[nl+1:]
	} else {
		body = ""
	}
	dec := yaml.NewDecoder(strings.NewReader(header))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil && !errors.Is(err, io.EOF) { // io.EOF: empty header
		return fm, "", fmt.Errorf("%w: %v", ErrFrontMatter, err)
	}
	return fm, body, nil
}

// splitBlocks cuts text into blocks separated by blank lines, each with its
// lines joined by single spaces (Markdown soft breaks), trimmed.
func splitBlocks(text string) []string {
	var blocks []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			flush()
			continue
		}
		if strings.HasPrefix(line, "#") { // headings stand alone
			flush()
			blocks = append(blocks, line)
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return blocks
}

// takeTitle picks the title of a document that has none in front matter:
// a leading Markdown heading, or for plain text the first line. A short
// first line followed by a longer one (a news "kicker" such as
// "Offshoring") becomes a tag and the next line the title.
func takeTitle(doc *Document, ext string, blocks []string) []string {
	if len(blocks) == 0 {
		return blocks
	}
	first := blocks[0]
	if strings.HasPrefix(first, "# ") {
		doc.Title = strings.TrimSpace(strings.TrimLeft(first, "#"))
		return blocks[1:]
	}
	if ext != ".txt" || len(blocks) < 2 {
		return blocks
	}
	if len(strings.Fields(first)) <= 3 && !endsSentence(first) && len(blocks) > 2 &&
		len(strings.Fields(blocks[1])) > 3 && !endsSentence(blocks[1]) {
		doc.Tags = append(doc.Tags, first)
		doc.Title = blocks[1]
		return blocks[2:]
	}
	if !endsSentence(first) && len(strings.Fields(first)) <= 25 {
		doc.Title = first
		return blocks[1:]
	}
	return blocks
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " »\"')")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…")
}

var (
	readAlso     = regexp.MustCompile(`(?i)^(lire aussi|à lire aussi|a lire aussi|voir aussi|lire également|à lire également|read also|see also)\s*:?\s*`)
	prevNextLine = regexp.MustCompile(`(?i)^(article précédent|article precedent|article suivant|previous article|next article)\s*:?\s*`)
)

// boilerplate reports whether block i is web boilerplate that links to
// other articles: "Lire aussi: <titre>" or "Article précédent" / "Article
// suivant" followed by a title. It returns the linked titles and how many
// following blocks it consumed.
func boilerplate(blocks []string, i int) (related []string, skip int, ok bool) {
	b := blocks[i]
	if !mayOpenBoilerplate(b) {
		return nil, 0, false // most blocks: the regular expressions need not run
	}
	if m := readAlso.FindStringIndex(b); m != nil {
		if t := strings.TrimSpace(b[m[1]:]); t != "" {
			related = append(related, t)
		}
		return related, 0, true
	}
	if m := prevNextLine.FindStringIndex(b); m != nil {
		if t := strings.TrimSpace(b[m[1]:]); t != "" {
			return []string{t}, 0, true
		}
		// The title is the next block, unless that is itself a marker.
		if i+1 < len(blocks) && prevNextLine.FindStringIndex(blocks[i+1]) == nil {
			return []string{blocks[i+1]}, 1, true
		}
		return nil, 0, true
	}
	return nil, 0, false
}

// boilerplateOpenings are the first two letters of the phrases readAlso
// and prevNextLine match, lower case.
var boilerplateOpenings = [][2]rune{{'l', 'i'}, {'à', ' '}, {'a', ' '}, {'v', 'o'}, {'r', 'e'}, {'s', 'e'}, {'a', 'r'}, {'p', 'r'}, {'n', 'e'}}

// mayOpenBoilerplate reports whether b begins with the first two letters
// of a phrase readAlso or prevNextLine match, in any case (the letters
// that case-insensitive matching equates: unicode.SimpleFold).
func mayOpenBoilerplate(b string) bool {
	r1, n := utf8.DecodeRuneInString(b)
	r2, _ := utf8.DecodeRuneInString(b[n:])
	for _, o := range boilerplateOpenings {
		if sameFold(r1, o[0]) && sameFold(r2, o[1]) {
			return true
		}
	}
	return false
}

// sameFold reports whether r and s are the same letter in some case.
func sameFold(r, s rune) bool {
	for f := r; ; {
		if f == s {
			return true
		}
		if f = unicode.SimpleFold(f); f == r {
			return false
		}
	}
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
