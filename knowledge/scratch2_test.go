package knowledge

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"
)

func TestScratchBig(t *testing.T) {
	dir := os.Getenv("BIGKB")
	if dir == "" {
		t.Skip()
	}
	start := time.Now()
	docs, err := ReadDocuments(context.Background(), os.DirFS(dir), Options{})
	if err != nil {
		t.Log(err)
	}
	t.Log("read", time.Since(start), len(docs))
	start = time.Now()
	b, err := Build(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("build", time.Since(start), b.PassageCount(), len(b.df))
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	t.Log("heap MB", m.HeapAlloc>>20)
	start = time.Now()
	for i := 0; i < 1000; i++ {
		b.Search(context.Background(), "comment changer le propriétaire d'un fichier", 5)
	}
	t.Log("search", time.Since(start)/1000)
}
