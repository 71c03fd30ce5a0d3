package bot

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Discord's message limits, in the units Discord counts (UTF-16 code units,
// see [Length]).
const (
	MaxContent          = 2000 // message content
	MaxEmbedDescription = 4096 // embed description
	MaxEmbedTitle       = 256  // embed title
	MaxEmbedFooter      = 2048 // embed footer text
	MaxEmbedTotal       = 6000 // all embed text of one message
	MaxEmbeds           = 10   // embeds in one message
)

// MinSplitLimit is the smallest limit Split honours; smaller ones are
// raised to it, so that a reopened code fence always leaves room for text.
const MinSplitLimit = 32

// maxFenceLang is the longest code-block language carried over when a code
// block has to be cut and reopened.
const maxFenceLang = 16

// Length is the length of s as Discord counts it: UTF-16 code units (an
// emoji outside the Basic Multilingual Plane counts two). It is never less
// than the number of runes.
func Length(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

func runeUnits(r rune) int {
	if r >= 0x10000 && r <= unicode.MaxRune {
		return 2
	}
	return 1
}

// Break levels, best first. A chunk ends at the best level available in its
// window, as far as possible. Breaks inside a code block or a quote line
// come only after every ordinary break.
const (
	lvlParagraph     = iota // blank line
	lvlLine                 // line break
	lvlSentence             // space after the end of a sentence
	lvlWord                 // other space
	lvlCodeLine             // line break inside a code block (the fence is closed and reopened)
	lvlQuoteSentence        // sentence end inside a quote line (the next chunk repeats "> ")
	lvlQuoteWord            // space inside a quote line
	lvlCodeWord             // space inside a code line
	numLevels
)

// Split cuts text into chunks of at most limit (in [Length] units) for
// Discord: on paragraph boundaries first, then line, sentence and word
// boundaries, and only as a last resort anywhere (between runes). A code
// block (``` fence) is never cut while another break exists; when it alone
// is too long it is closed at the end of one chunk and reopened, with its
// language, at the start of the next. A quote line ("> …") is kept whole
// when possible; when it is cut, the continuation starts with "> " again.
//
// Nothing is lost: the chunks hold every non-space character of text, in
// order; only the white space at each cut is dropped, and the only text
// added is the fence or quote marker that keeps the formatting. Leading and
// trailing white space of text is dropped; white space alone gives no chunk.
// A limit below MinSplitLimit is raised to it.
func Split(text string, limit int) []string {
	spans := splitSpans(text, limit)
	if len(spans) == 0 {
		return nil
	}
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = sp.prefix + text[sp.start:sp.end] + sp.suffix
	}
	return out
}

// span is one chunk of Split: text[start:end] with markers around it.
type span struct {
	prefix     string // "", "> " or "```lang\n"
	start, end int    // byte offsets into the text
	suffix     string // "" or "\n```"
}

type boundary struct {
	from, to int // the chunk ends at from, the next starts at to
	level    int
}

// splitter holds what Split precomputes about a text.
type splitter struct {
	text   string
	units  []int // units[i]: UTF-16 units in text[:i], for every byte offset i
	fences []int // byte offsets of every "```", scanning left to right
	lines  []int // byte offsets where lines start
	bounds []boundary
}

func splitSpans(text string, limit int) []span {
	limit = max(limit, MinSplitLimit)
	end := len(strings.TrimRightFunc(text, unicode.IsSpace))
	start := len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace))
	if start >= end {
		return nil
	}
	if (start == 0 || text[start-1] == '\n') && Length(text[start:end]) <= limit {
		// It fits, and starts a line outside any code block or quote
		// continuation: one chunk, without the splitter's tables (what
		// cutSpans finds, for most replies).
		return []span{{start: start, end: end}}
	}
	return cutSpans(text, start, end, limit)
}

// cutSpans is splitSpans of text[start:end] with the splitter.
func cutSpans(text string, start, end, limit int) []span {
	sp := newSplitter(text[:end])
	var out []span
	for start < end {
		prefix := sp.prefix(start)
		budget := limit - Length(prefix)
		if sp.width(start, end) <= budget {
			out = append(out, span{prefix: prefix, start: start, end: end})
			break
		}
		b := sp.best(start, budget)
		out = append(out, span{prefix: prefix, start: start, end: b.from, suffix: sp.suffix(b.from)})
		start = b.to
	}
	return out
}

func newSplitter(text string) *splitter {
	sp := &splitter{text: text, units: make([]int, len(text)+1)}
	for i, r := range text {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, size = utf8.DecodeRuneInString(text[i:])
		}
		for k := 1; k < size; k++ {
			sp.units[i+k] = sp.units[i]
		}
		sp.units[i+size] = sp.units[i] + runeUnits(r)
	}
	sp.lines = append(sp.lines, 0)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			sp.lines = append(sp.lines, i+1)
		}
	}
	for i := 0; ; {
		j := strings.Index(text[i:], "```")
		if j < 0 {
			break
		}
		sp.fences = append(sp.fences, i+j)
		i += j + 3
	}
	sp.findBounds()
	return sp
}

// width is the length of text[from:to] in Discord units.
func (sp *splitter) width(from, to int) int { return sp.units[to] - sp.units[from] }

// fencesBefore counts the fences that end at or before pos.
func (sp *splitter) fencesBefore(pos int) int {
	return sort.SearchInts(sp.fences, pos-2)
}

// inCode reports whether pos lies inside a fenced code block.
func (sp *splitter) inCode(pos int) bool { return sp.fencesBefore(pos)%2 == 1 }

// inFence reports whether pos falls strictly inside a "```" marker.
func (sp *splitter) inFence(pos int) bool {
	n := sp.fencesBefore(pos)
	return n < len(sp.fences) && sp.fences[n] < pos
}

// lang is the language of the code block open at pos ("" if none or odd).
func (sp *splitter) lang(pos int) string {
	n := sp.fencesBefore(pos)
	if n == 0 {
		return ""
	}
	rest := sp.text[sp.fences[n-1]+3:]
	rest = rest[:min(len(rest), maxFenceLang+1)]
	nl := strings.IndexByte(rest, '\n')
	if nl <= 0 || nl > maxFenceLang {
		return ""
	}
	for _, r := range rest[:nl] {
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_+#.-", r))) {
			return ""
		}
	}
	return rest[:nl]
}

// quoteLine reports whether the line holding pos is a quote ("> …").
func (sp *splitter) quoteLine(pos int) bool {
	ls := sp.lines[sort.SearchInts(sp.lines, pos+1)-1]
	return strings.HasPrefix(strings.TrimLeft(sp.text[ls:], " "), ">")
}

// prefix is the marker a chunk starting at pos needs.
func (sp *splitter) prefix(pos int) string {
	switch {
	case sp.inCode(pos):
		return "```" + sp.lang(pos) + "\n"
	case pos > 0 && sp.text[pos-1] != '\n' && sp.quoteLine(pos):
		return "> "
	}
	return ""
}

// suffix is the marker a chunk ending at pos needs.
func (sp *splitter) suffix(pos int) string {
	if sp.inCode(pos) {
		return "\n```"
	}
	return ""
}

// findBounds lists every possible break except the last-resort ones.
func (sp *splitter) findBounds() {
	t := sp.text
	quote := sp.quoteLine(0) // whether the current line is a quote
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		if !unicode.IsSpace(r) {
			i += size
			continue
		}
		a := i
		for i < len(t) {
			r, size := utf8.DecodeRuneInString(t[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += size
		}
		b := i
		lineQuote := quote // the line the run starts on
		if nl := strings.LastIndexByte(t[a:b], '\n'); nl >= 0 {
			quote = sp.quoteLine(a + nl + 1)
		}
		if a == 0 || b == len(t) {
			continue
		}
		if sp.inCode(a) {
			nl := false
			for k := a; k < b; k++ {
				if t[k] == '\n' {
					sp.bounds = append(sp.bounds, boundary{from: k, to: k + 1, level: lvlCodeLine})
					nl = true
				}
			}
			if !nl {
				sp.bounds = append(sp.bounds, boundary{from: a, to: b, level: lvlCodeWord})
			}
			continue
		}
		switch nl := strings.Count(t[a:b], "\n"); {
		case nl >= 2:
			sp.bounds = append(sp.bounds, boundary{from: a, to: b, level: lvlParagraph})
		case nl == 1:
			sp.bounds = append(sp.bounds, boundary{from: a, to: b, level: lvlLine})
		case gluedToNext(t[b:]):
			// French spacing before » ? ! : ; — never a break.
		default:
			sentence := endsSentence(t[:a])
			lvl := lvlWord
			switch {
			case lineQuote && sentence:
				lvl = lvlQuoteSentence
			case lineQuote:
				lvl = lvlQuoteWord
			case sentence:
				lvl = lvlSentence
			}
			sp.bounds = append(sp.bounds, boundary{from: a, to: b, level: lvl})
		}
	}
}

// endsSentence reports whether s ends with sentence punctuation, possibly
// followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, "»”\"')]’")
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// gluedToNext reports whether the text after a space is punctuation that
// French typography keeps on the same line as the word before.
func gluedToNext(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("»?!:;", r)
}

// best picks where the chunk starting at start ends, given budget units
// for its text and suffix.
func (sp *splitter) best(start, budget int) boundary {
	var found [numLevels]*boundary
	i := sort.Search(len(sp.bounds), func(i int) bool { return sp.bounds[i].from > start })
	for ; i < len(sp.bounds); i++ {
		b := &sp.bounds[i]
		w := sp.width(start, b.from)
		if w > budget {
			break
		}
		if w+Length(sp.suffix(b.from)) <= budget {
			found[b.level] = b
		}
	}
	for _, b := range found {
		if b != nil {
			return *b
		}
	}
	p := sp.hardBreak(start, budget)
	return boundary{from: p, to: p}
}

// hardBreak is the farthest rune boundary after start that fits budget,
// avoiding the inside of a fence marker and the place before a combining
// mark; at least one rune is always taken.
func (sp *splitter) hardBreak(start, budget int) int {
	t := sp.text
	_, first := utf8.DecodeRuneInString(t[start:])
	best := start + first
	for p := best; p < len(t); {
		if sp.width(start, p)+Length(sp.suffix(p)) > budget {
			break
		}
		r, size := utf8.DecodeRuneInString(t[p:])
		if !sp.inFence(p) && !unicode.Is(unicode.Mn, r) && !(r == '\n' && p > 0 && t[p-1] == '\r') {
			best = p
		}
		p += size
	}
	return best
}
