package knowledge

import (
	"context"
	"runtime"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
)

// BenchmarkLoadParts measures the parts of a load of the benchmark
// corpus (500 documents, 2.5 MB) that are ours, each on its own: the
// parse of the files (ReadDocuments), the analysis of every passage and
// title for the index with each document's words (analyseDocs, on
// GOMAXPROCS workers), the vocabulary built from those words, and the
// places of every document (readPlaces). What the index does with the
// analysed fields (bleve's batch, zapx's segment) is left out.
func BenchmarkLoadParts(b *testing.B) {
	ctx := context.Background()
	fsys := manpagesFS(b)
	docs, err := ReadDocuments(ctx, fsys, Options{})
	if err != nil {
		b.Fatal(err)
	}
	an := newMapping().AnalyzerNamed(fr.AnalyzerName)
	added := make([]int, len(docs))
	for i := range added {
		added[i] = i
	}
	size := 0
	for _, d := range docs {
		for _, p := range d.Passages {
			size += len(p.Text)
		}
	}
	analyse := func() ([]analysedDoc, []*termCache) {
		caches := make([]*termCache, runtime.GOMAXPROCS(0))
		for w := range caches {
			c, err := newTermCache(an)
			if err != nil {
				b.Fatal(err)
			}
			c.reserve(size / len(caches))
			caches[w] = c
		}
		texts, err := analyseDocs(ctx, caches, docs, added, nil) // no entries: no places
		if err != nil {
			b.Fatal(err)
		}
		return texts, caches
	}
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU(b)
		for b.Loop() {
			if _, err := ReadDocuments(ctx, fsys, Options{}); err != nil {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	})
	b.Run("analyse", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU(b)
		for b.Loop() {
			analyse()
		}
		cpu.report(b)
	})
	b.Run("vocabulary", func(b *testing.B) {
		texts, caches := analyse()
		words := make([][]string, len(texts))
		for i, a := range texts {
			words[i] = a.words
		}
		b.ReportAllocs()
		cpu := startCPU(b)
		for b.Loop() {
			vc, err := newTermCache(an, caches...)
			if err != nil {
				b.Fatal(err)
			}
			var v vocabulary
			v.update(nil, nil, words, vc.termsOf)
		}
		cpu.report(b)
	})
	b.Run("places", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU(b)
		for b.Loop() {
			for _, d := range docs {
				readPlaces(d)
			}
		}
		cpu.report(b)
	})
}
