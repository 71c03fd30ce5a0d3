package knowledge

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/articlebot/articlebot/internal/benchcorpus"
	"github.com/articlebot/articlebot/internal/cputime"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// benchQueries are varied French questions and keywords.
var benchQueries = []string{
	"Combien de salariés emploie le secteur ?", "chiffre d'affaires à l'export", "qui est le président de l'AMRC",
	"teletravail", "quand a eu lieu la visioconférence", "croissance du PIB 5 %", "80 000", "charte sanitaire mesures",
	"pourquoi le troisième trimestre", "recrutement formation déconfinement", "Quel est le rôle du ministère ?",
	"combien de personnes travaillent", "population de l'Égypte", "où est né Jakob Böhme", "président de l'Ouganda",
}

// benchSearch measures Search on b and reports the median and 99th
// percentile latency of one query.
func benchSearch(b *testing.B, base *Base) {
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := base.Search(ctx, benchQueries[i%len(benchQueries)], 5); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func BenchmarkSearchDefault(b *testing.B) {
	benchSearch(b, loadDefault(b))
}

// piafFS turns the PIAF data set of ../shared into a knowledge tree: one
// document per text, one passage per context.
func piafFS(tb testing.TB) fstest.MapFS {
	raw, err := os.ReadFile(filepath.Join(sharedDir(tb), "datasets", "piaf-small.squad.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var f struct {
		Data []struct {
			Title      string `json:"title"`
			Paragraphs []struct {
				Context string `json:"context"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		tb.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for i, d := range f.Data {
		var sb strings.Builder
		fmt.Fprintf(&sb, "---\ntitle: %q\n---\n\n", d.Title)
		for _, p := range d.Paragraphs {
			sb.WriteString(strings.Join(strings.Fields(p.Context), " ") + "\n\n")
		}
		fsys[fmt.Sprintf("piaf-%d.md", i)] = &fstest.MapFile{Data: []byte(sb.String())}
	}
	return fsys
}

func BenchmarkSearchPIAF(b *testing.B) {
	base, err := Load(context.Background(), piafFS(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchSearch(b, base)
}

// manpagesFS reads the benchmark corpus: 500 French documents, 2.5 MB,
// from Debian's French manual pages (testdata/bench/README.md).
func manpagesFS(tb testing.TB) fstest.MapFS {
	fsys, err := benchcorpus.Read("testdata/bench/manpages-fr.tar.gz")
	if err != nil {
		tb.Fatal(err)
	}
	return fsys
}

func corpusSize(fsys fstest.MapFS) (docs, bytes int) {
	for _, f := range fsys {
		docs++
		bytes += len(f.Data)
	}
	return docs, bytes
}

// cpuClock reports the process's CPU time per iteration of a benchmark
// (all goroutines and the garbage collector): on a shared machine, a
// steadier measure of work than the wall time.
type cpuClock struct {
	start time.Duration
	ok    bool
}

// startCPU starts the clock; call it after the benchmark's set-up.
func startCPU(b *testing.B) cpuClock {
	runtime.GC()
	b.ResetTimer()
	t, ok := cputime.Process()
	return cpuClock{t, ok}
}

// report reports the CPU time per iteration since startCPU, as cpu-ms/op.
func (c cpuClock) report(b *testing.B) {
	if t, ok := cputime.Process(); ok && c.ok {
		b.ReportMetric(float64((t-c.start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkLoadManpages loads and indexes 500 documents / 2.5 MB of French
// text and reports the heap in use afterwards.
func BenchmarkLoadManpages(b *testing.B) {
	fsys := manpagesFS(b)
	docs, size := corpusSize(fsys)
	b.SetBytes(int64(size))
	b.ReportMetric(float64(docs), "docs")
	ctx := context.Background()
	var base *Base
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		if base != nil {
			base.Close()
		}
		var err error
		if base, err = Load(ctx, fsys, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	cpu.report(b)
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "MB-heap-after-load")
	b.ReportMetric(float64(base.PassageCount()), "passages")
}

func BenchmarkSearchManpages(b *testing.B) {
	base, err := Load(context.Background(), manpagesFS(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchSearch(b, base)
}

// TestBenchCorpus keeps the benchmark corpus loadable: 500 documents of
// French text, about 2.5 MB.
func TestBenchCorpus(t *testing.T) {
	fsys := manpagesFS(t)
	docs, size := corpusSize(fsys)
	if docs != 500 || size < 2_400_000 || size > 2_600_000 {
		t.Fatalf("corpus: %d documents, %d bytes", docs, size)
	}
	if _, err := ReadDocuments(context.Background(), fsys, Options{}); err != nil {
		t.Fatal(err)
	}
}

// writeBenchBase writes the ×1 base of internal/tools/loadbench, dated an
// hour ago, into a temporary directory: the 500 manual pages, then copies of the first ones
// under new names up to 2.8 MB (549 documents). It returns the directory
// and the paths of its files, sorted.
func writeBenchBase(b *testing.B) (string, []string) {
	fsys := manpagesFS(b)
	names := make([]string, 0, len(fsys))
	for name := range fsys {
		names = append(names, name)
	}
	sort.Strings(names)
	dir := b.TempDir()
	total := 0
	write := func(name string, data []byte) {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
		// As a base written some time ago: its files are recognised by
		// their size and modification time (see racyWindow).
		old := time.Now().Add(-time.Hour)
		if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
			b.Fatal(err)
		}
		total += len(data)
	}
	files := append([]string(nil), names...)
	for _, name := range names {
		write(name, fsys[name].Data)
	}
	for i := 0; total < 2_800_000; i++ {
		name := strings.TrimSuffix(names[i], ".md") + "-c2.md"
		write(name, fsys[names[i]].Data)
		files = append(files, name)
	}
	sort.Strings(files)
	return dir, files
}

// BenchmarkReload measures a Store's reload of the 2.8 MB base when one
// document changed, was added or was removed (every iteration makes one
// such change, then reloads; one reload in maxBatches also re-indexes the
// documents indexed since the first load), and, for comparison, a full
// load of it (run it with -benchtime Nx: "full" takes a second an
// iteration).
//
//	go test ./knowledge -run '^$' -bench Reload -benchtime 100x
func BenchmarkReload(b *testing.B) {
	ctx := context.Background()
	dir, files := writeBenchBase(b)
	doc := filepath.Join(dir, files[len(files)/2])
	orig, err := os.ReadFile(doc)
	if err != nil {
		b.Fatal(err)
	}
	reload := func(b *testing.B, s *Store, edit func(i int)) {
		lat := make([]time.Duration, 0, b.N)
		var cpu time.Duration // in the reloads
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			edit(i)
			b.StartTimer()
			before, _ := cputime.Process()
			start := time.Now()
			d, err := s.Reload(ctx)
			lat = append(lat, time.Since(start))
			after, _ := cputime.Process()
			cpu += after - before
			if err != nil || d.Empty() {
				b.Fatalf("reload %d: %+v %v", i, d, err)
			}
		}
		b.StopTimer()
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		b.ReportMetric(float64(s.Base().PassageCount()), "passages")
	}
	newStore := func(b *testing.B) *Store {
		b.StopTimer()
		s := NewStore(DirSource(dir), Options{})
		if _, err := s.Reload(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		return s
	}
	edits := 0 // across the runs of the sub-benchmark
	b.Run("change", func(b *testing.B) {
		s := newStore(b)
		reload(b, s, func(int) {
			edits++
			text := append(append([]byte(nil), orig...), fmt.Sprintf("\nModification numéro %d du fichier.\n", edits)...)
			if err := os.WriteFile(doc, text, 0o644); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("add-remove", func(b *testing.B) {
		s := newStore(b)
		extra := filepath.Join(dir, "ajout.md")
		reload(b, s, func(i int) {
			if i%2 == 1 {
				if err := os.Remove(extra); err != nil {
					b.Fatal(err)
				}
				return
			}
			if err := os.WriteFile(extra, orig, 0o644); err != nil {
				b.Fatal(err)
			}
		})
		_ = os.Remove(extra)
	})
	b.Run("full", func(b *testing.B) {
		cpu := startCPU(b)
		for i := 0; i < b.N; i++ {
			base, err := LoadDir(ctx, dir, Options{})
			if err != nil {
				b.Fatal(err)
			}
			base.Close()
		}
		b.StopTimer()
		cpu.report(b)
	})
}

// BenchmarkSearchChunks measures Search on the benchmark corpus (11,024
// passages) indexed in chunks of n passages (one segment each: in-memory
// scorch never merges them), to choose chunkPassages:
//
//	go test ./knowledge -run '^$' -bench SearchChunks -count 3
func BenchmarkSearchChunks(b *testing.B) {
	ctx := context.Background()
	docs, err := ReadDocuments(ctx, manpagesFS(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1 << 30, 8192, 4096, 2048, 1024} {
		name := fmt.Sprint(n)
		if n == 1<<30 {
			name = "all"
		}
		b.Run(name, func(b *testing.B) {
			base := buildChunked(b, docs, n)
			before, ok := cputime.Process()
			benchSearch(b, base)
			if after, ok2 := cputime.Process(); ok && ok2 {
				b.ReportMetric(float64((after-before).Nanoseconds())/1000/float64(b.N), "cpu-µs/op")
			}
			b.ReportMetric(float64(len(base.reader.(*scorch.IndexSnapshot).Segments())), "segments")
		})
	}
}
