package knowledge

import (
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// passageOptions index a field's terms and their frequencies, nothing
// else: no stored value, no term vectors, no doc values, none of which a
// search of ours reads.
const passageOptions = index.IndexField

// textField is a text field built without the index mapping (no
// reflection, no "_all" field) and given to the index already analysed
// (termCache.field): the load analyses each distinct token once, for the
// index and the vocabulary, instead of leaving the analysis to the index's
// workers. Its text is not kept: nothing is stored.
type textField struct {
	name   string
	plain  int // the bytes of text analysed
	length int
	freqs  index.TokenFrequencies
}

var _ document.Field = (*textField)(nil)

func (f *textField) Name() string                                     { return f.name }
func (f *textField) ArrayPositions() []uint64                         { return nil }
func (f *textField) Options() index.FieldIndexingOptions              { return passageOptions }
func (f *textField) Value() []byte                                    { return nil }
func (f *textField) NumPlainTextBytes() uint64                        { return uint64(f.plain) }
func (f *textField) Size() int                                        { return f.plain }
func (f *textField) EncodedFieldType() byte                           { return 't' }
func (f *textField) AnalyzedLength() int                              { return f.length }
func (f *textField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// Analyze does nothing: the field was given analysed.
func (f *textField) Analyze() {}

// passageDocument is the index document of one passage: its text and its
// document's title, analysed already.
func passageDocument(id string, text, title *textField) *document.Document {
	d := document.NewDocument(id)
	d.AddField(text)
	d.AddField(title)
	return d
}
