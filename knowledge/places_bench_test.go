package knowledge

import (
	"context"
	"testing"
)

// BenchmarkReadPlaces measures what reading the places adds to a load of
// the benchmark corpus (500 documents, 2.5 MB): every document's names
// and adjectives of places (readPlaces), then the base's main place
// (mainPlace), which a reload also redoes.
func BenchmarkReadPlaces(b *testing.B) {
	docs, err := ReadDocuments(context.Background(), manpagesFS(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	entries := make([]*docEntry, len(docs))
	for i := range entries {
		entries[i] = &docEntry{}
	}
	b.Run("documents", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i, d := range docs {
				entries[i].places = readPlaces(d)
			}
		}
	})
	b.Run("base", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := mainPlace(docs, entries); !ok {
				b.Fatal("no place")
			}
		}
	})
}
