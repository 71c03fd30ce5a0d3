package knowledge

import "strconv"

// Document is one file of the knowledge base after cleaning.
type Document struct {
	ID      string   // file name without extension
	Path    string   // path relative to the knowledge directory
	Title   string   // from front matter, else the first heading or line
	Source  string   // URL from front matter, if any
	Date    string   // from front matter, as written
	Lang    string   // "fr" unless front matter says otherwise
	Author  string   // from front matter, if any
	Tags    []string // from front matter
	Related []string // titles of linked articles found in boilerplate ("Lire aussi", "Article suivant")
	// Passages are the quotable paragraphs, in document order.
	Passages []Passage
}

// Passage is one paragraph of a document, the unit retrieval returns and
// answers quote.
type Passage struct {
	Doc       string   // document id
	N         int      // paragraph number, 1-based (shown as §n)
	Text      string   // exact, normalised text to quote
	Sentences []string // Text split into sentences, in order; joined they give Text
}

// ID is the stable identifier of the passage: "doc§n".
func (p Passage) ID() string { return p.Doc + "§" + strconv.Itoa(p.N) }

// Hit is one search result.
type Hit struct {
	Passage Passage
	Title   string  // title of the passage's document
	Score   float64 // BM25 score, higher is better
}
