package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// question is asked of every manual-page base: it needs the index, the
// vocabulary and the figures as any other question does.
const question = "Comment afficher la taille des fichiers d'un répertoire ?"

// articleQuestion is asked of the embedded article.
const articleQuestion = "Combien de salariés emploie le secteur ?"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "fts5" {
		if err := runFTS5(os.Args[2:]); err != nil {
			log.Fatalf("loadbench fts5: %v", err)
		}
		return
	}
	corpus := flag.String("corpus", "", "benchmark corpus (default: knowledge/testdata/bench/manpages-fr.tar.gz of this repository)")
	size := flag.Int("size", 2_800_000, "size of the ×1 base in bytes")
	scales := flag.String("scales", "1,4,16", "comma-separated multiples of the ×1 base to measure")
	runs := flag.Int("runs", 3, "runs of each process per base (the median is printed)")
	bin := flag.String("articlebot", "", "articlebot binary (default: built from this repository)")
	work := flag.String("work", "", "directory for the bases and binaries (default: a temporary one, removed at the end)")
	keep := flag.Bool("keep", false, "keep the work directory")
	flag.Parse()
	if err := run(*corpus, *size, *scales, *runs, *bin, *work, *keep); err != nil {
		log.Fatalf("loadbench: %v", err)
	}
}

func run(corpus string, size int, scales string, runs int, bin, work string, keep bool) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if corpus == "" {
		corpus = filepath.Join(root, "knowledge", "testdata", "bench", "manpages-fr.tar.gz")
	}
	var ns []int
	for f := range strings.SplitSeq(scales, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("-scales: %q is not a positive multiple", f)
		}
		ns = append(ns, n)
	}
	if runs < 1 {
		return fmt.Errorf("-runs: %d, want 1 or more", runs)
	}
	if work == "" {
		if work, err = os.MkdirTemp("", "loadbench-"); err != nil {
			return fmt.Errorf("work directory: %w", err)
		}
		if !keep {
			defer os.RemoveAll(work)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return fmt.Errorf("work directory: %w", err)
	}
	if bin == "" {
		bin = filepath.Join(work, "articlebot")
		if err := goBuild(filepath.Join(root, "cmd", "articlebot"), root, bin); err != nil {
			return err
		}
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own binary: %w", err)
	}
	docs, err := readCorpus(corpus)
	if err != nil {
		return err
	}
	base1 := topUp(docs, size)
	ctx := context.Background()

	fmt.Printf("corpus %s: %d documents; ×1 base: %d documents, %d bytes\n", filepath.Base(corpus), len(docs), len(base1), totalSize(base1))
	fmt.Printf("articlebot: %s; FTS5: modernc.org/sqlite, unicode61 remove_diacritics 2, in memory; median of %d runs, alternated\n\n", bin, runs)
	fmt.Printf("| base | documents | MB | passages | articlebot time | articlebot peak RSS | FTS5 time | FTS5 peak RSS | time ratio | RSS ratio |\n")
	fmt.Printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")

	// The embedded article.
	{
		passages := filepath.Join(work, "article.passages")
		n, err := writePassages(ctx, "", passages)
		if err != nil {
			return err
		}
		ab := []string{bin, "ask", articleQuestion}
		ft := []string{self, "fts5", passages, articleQuestion}
		a, f, err := measurePair(work, ab, ft, runs)
		if err != nil {
			return err
		}
		printRow("article (embedded)", 1, 0, n, a, f)
	}
	for _, k := range ns {
		dir := filepath.Join(work, fmt.Sprintf("base-x%d", k))
		files := scale(base1, k)
		if err := writeBase(dir, files); err != nil {
			return err
		}
		passages := dir + ".passages"
		n, err := writePassages(ctx, dir, passages)
		if err != nil {
			return err
		}
		ab := []string{bin, "ask", "--kb", dir, question}
		ft := []string{self, "fts5", passages, question}
		a, f, err := measurePair(work, ab, ft, runs)
		if err != nil {
			return err
		}
		printRow(fmt.Sprintf("×%d", k), len(files), totalSize(files), n, a, f)
	}
	return nil
}

// measure is the outcome of running one process several times.
type measure struct {
	wall   time.Duration // median
	maxRSS int64         // median peak resident set size, bytes
}

// measurePair runs a and b alternately runs times each, after one warm-up
// run of each (which also checks they succeed).
func measurePair(dir string, a, b []string, runs int) (measure, measure, error) {
	var wa, wb []time.Duration
	var ra, rb []int64
	for i := -1; i < runs; i++ {
		d, rss, err := runOnce(dir, a)
		if err != nil {
			return measure{}, measure{}, err
		}
		if i >= 0 {
			wa, ra = append(wa, d), append(ra, rss)
		}
		d, rss, err = runOnce(dir, b)
		if err != nil {
			return measure{}, measure{}, err
		}
		if i >= 0 {
			wb, rb = append(wb, d), append(rb, rss)
		}
	}
	return measure{median(wa), median(ra)}, measure{median(wb), median(rb)}, nil
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// runOnce runs args in dir (so that no articlebot.yaml of the caller is
// read) and returns its wall time and peak RSS.
func runOnce(dir string, args []string) (time.Duration, int64, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, errors.New("no resource usage on this system")
	}
	return wall, ru.Maxrss * 1024, nil // Linux counts Maxrss in KiB
}

func printRow(name string, docs, bytes, passages int, a, f measure) {
	mb := "-"
	if bytes > 0 {
		mb = fmt.Sprintf("%.1f", float64(bytes)/1e6)
	}
	fmt.Printf("| %s | %d | %s | %d | %s | %.1f MiB | %s | %.1f MiB | %.1f× | %.1f× |\n", name, docs, mb, passages,
		ms(a.wall), mib(a.maxRSS), ms(f.wall), mib(f.maxRSS),
		float64(a.wall)/float64(f.wall), float64(a.maxRSS)/float64(f.maxRSS))
}

func ms(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// repoRoot is the articlebot repository this tool belongs to: the first
// directory above the working directory holding cmd/articlebot.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if st, err := os.Stat(filepath.Join(d, "cmd", "articlebot")); err == nil && st.IsDir() {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no articlebot repository above %s: run from it", dir)
		}
		d = parent
	}
}

func goBuild(pkg, dir, out string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build %s: %w", pkg, err)
	}
	return nil
}
