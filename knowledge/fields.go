package knowledge

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// passageOptions index a field's terms and their frequencies, nothing
// else: no stored value, no term vectors, no doc values, none of which a
// search of ours reads.
const passageOptions = index.IndexField

// textField is a text field built without the index mapping (no
// reflection, no "_all" field): analysed by the index's workers with the
// French analyser, or given already analysed (a document's title, analysed
// once for all its passages).
type textField struct {
	name     string
	value    []byte
	analyzer analysis.Analyzer // nil: length and freqs are given
	length   int
	freqs    index.TokenFrequencies
}

var _ document.Field = (*textField)(nil)

func (f *textField) Name() string                                     { return f.name }
func (f *textField) ArrayPositions() []uint64                         { return nil }
func (f *textField) Options() index.FieldIndexingOptions              { return passageOptions }
func (f *textField) Value() []byte                                    { return f.value }
func (f *textField) NumPlainTextBytes() uint64                        { return uint64(len(f.value)) }
func (f *textField) Size() int                                        { return len(f.value) }
func (f *textField) EncodedFieldType() byte                           { return 't' }
func (f *textField) AnalyzedLength() int                              { return f.length }
func (f *textField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// Analyze analyses the value, unless it was given analysed.
func (f *textField) Analyze() {
	if f.analyzer == nil {
		return
	}
	tokens := f.analyzer.Analyze(f.value)
	f.length = len(tokens)
	f.freqs = analysis.TokenFrequency(tokens, nil, passageOptions)
}

// analyzedField returns the field name holding text, analysed now by an.
// Its frequencies are only read by the index: one field may serve many
// documents.
func analyzedField(name, text string, an analysis.Analyzer) *textField {
	tokens := an.Analyze([]byte(text))
	return &textField{name: name, value: []byte(text), length: len(tokens),
		freqs: analysis.TokenFrequency(tokens, nil, passageOptions)}
}

// passageDocument is the index document of one passage: its text, to be
// analysed by the index's workers, and its document's title, analysed
// already.
func passageDocument(id string, text, title *textField) *document.Document {
	d := document.NewDocument(id)
	d.AddField(text)
	d.AddField(title)
	return d
}
