package main

import (
	"fmt"
	"log"
	"os"

	"github.com/articlebot/articlebot/internal/tools/loadbench/passagefile"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: startbleve PASSAGES QUESTION")
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		log.Fatalf("startbleve: %v", err)
	}
}

// newMapping is knowledge's index mapping: two text fields analysed in
// French, nothing stored, BM25. It is written again here, not imported:
// the probe measures bleve's start-up without linking knowledge.
func newMapping() *mapping.IndexMappingImpl {
	field := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = fr.AnalyzerName
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("text", field())
	doc.AddFieldMappingsAt("title", field())
	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = fr.AnalyzerName
	im.ScoringModel = "bm25"
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

func run(passages, question string) error {
	im := newMapping()
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, map[string]any{"unsafe_batch": true})
	if err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	defer idx.Close()
	batch := idx.NewBatch()
	err = passagefile.Each(passages, func(doc, n, title, text string) error {
		if err := batch.Index(doc+"§"+n, map[string]any{"text": text, "title": title}); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := idx.Batch(batch); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	an := im.AnalyzerNamed(fr.AnalyzerName)
	var clauses []query.Query
	seen := map[string]bool{}
	for _, t := range an.Analyze([]byte(question)) {
		term := string(t.Term)
		if seen[term] {
			continue
		}
		seen[term] = true
		for _, fb := range []struct {
			field string
			boost float64
		}{{"text", 1}, {"title", 0.3}} {
			q := query.NewTermQuery(term)
			q.SetField(fb.field)
			q.SetBoost(fb.boost)
			clauses = append(clauses, q)
		}
	}
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(clauses), 5, 0, false)
	res, err := idx.Search(req)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if len(res.Hits) == 0 {
		fmt.Println("best: none")
		return nil
	}
	fmt.Printf("best: %s (score %.3f)\n", res.Hits[0].ID, res.Hits[0].Score)
	return nil
}
