package article

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"
)

// ErrNoArticle is returned for a page in which no article text is found.
var ErrNoArticle = errors.New("no article text found on the page")

// Bounds of an extraction.
const (
	// MinTextLength is the least text, in characters, a page must hold
	// once cleaned: a home page or a paywall yields less.
	MinTextLength = 200
	// maxElements bounds the HTML elements parsed (CPU).
	maxElements = 100_000
	maxTitle    = 300
	maxAuthor   = 120
	maxSlug     = 60
)

// Block is one paragraph or heading of an article.
type Block struct {
	Heading bool
	Text    string
}

// Article is the main content of a web page.
type Article struct {
	Title  string
	Author string // "" when unknown
	Date   string // publication date, YYYY-MM-DD; "" when unknown
	Lang   string // primary language subtag ("fr", "en"); "" when unknown
	Source string // the page's URL
	Blocks []Block
}

// Extract finds the article in an HTML page fetched from page, decoded
// with the charset contentType (the Content-Type header) or the page
// declares.
func Extract(body []byte, contentType string, page *url.URL) (Article, error) {
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return Article{}, fmt.Errorf("%w: unknown character encoding", ErrNoArticle)
	}
	doc, err := html.Parse(r)
	if err != nil {
		return Article{}, fmt.Errorf("%w: %w", ErrNoArticle, err)
	}
	p := readability.NewParser()
	p.MaxElemsToParse = maxElements
	ra, err := p.ParseAndMutate(doc, page)
	if err != nil {
		return Article{}, fmt.Errorf("%w: %w", ErrNoArticle, err)
	}
	if ra.Node == nil {
		return Article{}, ErrNoArticle
	}
	a := Article{
		Title:  cut(clean(ra.Title()), maxTitle),
		Author: cut(byline(clean(ra.Byline())), maxAuthor),
		Lang:   language(ra.Language()),
		Blocks: blocks(ra.Node),
	}
	if page != nil {
		src := *page
		src.User, src.Fragment, src.RawFragment = nil, "", ""
		a.Source = src.String()
	}
	if t, err := ra.PublishedTime(); err == nil && t.Year() > 1800 {
		a.Date = t.Format("2006-01-02")
	}
	n := 0
	for _, b := range a.Blocks {
		if !b.Heading {
			n += utf8.RuneCountInString(b.Text)
		}
	}
	if n < MinTextLength {
		return Article{}, fmt.Errorf("%w: %d characters of text, at least %d needed", ErrNoArticle, n, MinTextLength)
	}
	if a.Title == "" && page != nil {
		a.Title = page.Hostname() + page.EscapedPath()
	}
	return a, nil
}

// frontMatter is what knowledge.ParseDocument reads.
type frontMatter struct {
	Title  string `yaml:"title"`
	Source string `yaml:"source,omitempty"`
	Date   string `yaml:"date,omitempty"`
	Lang   string `yaml:"lang,omitempty"`
	Author string `yaml:"author,omitempty"`
}

// Markdown writes the article as a knowledge document: YAML front matter,
// then one block per paragraph, headings as "## ".
func (a Article) Markdown() []byte {
	var b bytes.Buffer
	fm, err := yaml.Marshal(frontMatter{Title: a.Title, Source: a.Source, Date: a.Date, Lang: a.Lang, Author: a.Author})
	if err != nil { // strings always encode
		panic(fmt.Sprintf("article: front matter: %v", err))
	}
	b.WriteString("---\n")
	b.Write(fm)
	b.WriteString("---\n")
	for _, blk := range a.Blocks {
		text := blk.Text
		if blk.Heading {
			text = "## " + text
		} else {
			// A paragraph must stay one: not a heading or a quote.
			text = strings.TrimLeft(text, "#> ")
			if text == "" {
				continue
			}
		}
		b.WriteString("\n" + text + "\n")
	}
	return b.Bytes()
}

// FileName is the name of the article's document: its title as a slug.
func (a Article) FileName() string { return Slug(a.Title) + ".md" }

// Slug writes s in lower-case ASCII letters and digits separated by
// hyphens, accents removed, at most 60 characters cut at a hyphen;
// "article" when nothing is left.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case unicode.Is(unicode.Mn, r):
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > maxSlug {
		out = out[:maxSlug]
		if i := strings.LastIndexByte(out, '-'); i > maxSlug/2 {
			out = out[:i]
		}
		out = strings.Trim(out, "-")
	}
	if out == "" {
		return "article"
	}
	return out
}

// clean makes s one line of visible text: control characters and
// invisible format characters (bidi overrides, zero-width) are dropped,
// runs of spaces become one.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

var bylinePrefix = regexp.MustCompile(`(?i)^(par|by|de)\s+`)

// byline drops "Par" / "By" before an author's name.
func byline(s string) string { return bylinePrefix.ReplaceAllString(s, "") }

var langTag = regexp.MustCompile(`^[a-z]{2,3}$`)

// language is the primary subtag of a language tag ("fr-FR" → "fr").
func language(tag string) string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	primary, _, _ = strings.Cut(primary, "_")
	if !langTag.MatchString(primary) {
		return ""
	}
	return primary
}

// blocks lays out the article's content: each heading and each paragraph
// (a block element holding no other, or a run of text between blocks) is
// one Block.
func blocks(root *html.Node) []Block {
	var out []Block
	var run []string
	add := func(heading bool, text string) {
		if t := clean(text); t != "" {
			out = append(out, Block{Heading: heading, Text: t})
		}
	}
	flush := func() {
		add(false, strings.Join(run, " "))
		run = nil
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				run = append(run, c.Data)
			case c.Type != html.ElementNode || skipped(c.DataAtom):
			case isHeading(c.DataAtom):
				flush()
				add(true, render.InnerText(c))
			case isBlock(c.DataAtom) && !hasBlock(c):
				flush()
				add(false, render.InnerText(c))
			case isBlock(c.DataAtom):
				flush()
				walk(c)
				flush()
			default: // inline
				run = append(run, render.InnerText(c))
			}
		}
	}
	walk(root)
	flush()
	return out
}

func skipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Svg, atom.Math, atom.Form,
		atom.Button, atom.Input, atom.Select, atom.Textarea, atom.Object, atom.Embed, atom.Video, atom.Audio, atom.Canvas:
		return true
	}
	return false
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer, atom.Aside, atom.Nav,
		atom.Blockquote, atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd, atom.Table, atom.Thead, atom.Tbody,
		atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption, atom.Figure, atom.Figcaption, atom.Pre, atom.Hr,
		atom.Details, atom.Summary, atom.Address:
		return true
	}
	return isHeading(a)
}

// hasBlock reports whether n holds a block element.
func hasBlock(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (isBlock(c.DataAtom) || hasBlock(c)) {
			return true
		}
	}
	return false
}
