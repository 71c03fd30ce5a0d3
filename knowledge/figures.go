package knowledge

import (
	"strings"
	"sync"

	"github.com/articlebot/articlebot/knowledge/numbers"
)

// Figure is one key figure of a document: a figure of one of its passages'
// sentences (see [numbers.Figures]) with the passage it comes from.
type Figure struct {
	numbers.Figure        // Start and End are byte offsets in the passage's Text
	Doc            string // document id
	Passage        int    // passage number §n
}

// ExtractFigures returns the figures of a document's passages (the title
// is not read), in document order: every count, percentage, amount,
// measure, duration, date, period, year, ordinal and time of day that
// [numbers.Read] finds, with what it is about.
func ExtractFigures(doc Document) []Figure {
	var out []Figure
	for _, p := range doc.Passages {
		out = appendFigures(out, doc.ID, p)
	}
	return out
}

// PassageFigures returns the figures of passage p, in order: those of
// ExtractFigures that come from it, read from it alone.
func PassageFigures(p Passage) []Figure { return appendFigures(nil, p.Doc, p) }

func appendFigures(out []Figure, doc string, p Passage) []Figure {
	offset := 0
	for _, s := range p.Sentences {
		base := strings.Index(p.Text[offset:], s)
		if base < 0 {
			base = 0
		} else {
			base += offset
			offset = base + len(s)
		}
		for _, f := range numbers.Figures(s) {
			f.Start += base
			f.End += base
			out = append(out, Figure{Figure: f, Doc: doc, Passage: p.N})
		}
	}
	return out
}

// docFigures are the figures of one document, read on first use.
type docFigures struct {
	once sync.Once
	figs []Figure
}

// Figures returns the figures of every document of the base, document by
// document. The passages are not read on every call: the list is gathered
// on the first call from each document's figures (read once, see
// DocumentFigures) and kept with the base, and later calls return it.
// Callers must not modify the slice.
func (b *Base) Figures() []Figure {
	b.allFigs.once.Do(func() {
		for _, d := range b.docs {
			b.allFigs.all = append(b.allFigs.all, b.DocumentFigures(d.ID)...)
		}
	})
	return b.allFigs.all
}

// DocumentFigures returns the figures of document id (nil when it has none
// or does not exist), read the first time they are asked for. Callers must
// not modify the slice.
func (b *Base) DocumentFigures(id string) []Figure {
	i, ok := b.byID[id]
	if !ok {
		return nil
	}
	f := b.entries[i].figures
	f.once.Do(func() { f.figs = ExtractFigures(b.docs[i]) })
	return f.figs
}
