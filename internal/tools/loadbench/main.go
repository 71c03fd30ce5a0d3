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

// subcommands are the processes the measures run, and the other
// measures: `loadbench NAME ARGS…`.
var subcommands = map[string]func([]string) error{
	"fts5":      runFTS5,      // plain FTS5 over a passages file
	"fts5terms": runFTS5Terms, // FTS5 fed with our analyser's terms, the whole load
	"recall":    runRecall,    // retrieval quality on a SQuAD set, bleve against FTS5
	"passages":  runPassages,  // writes a base's passages file
	"floor":     runFloor,     // start-up floor of the dependencies next to articlebot's start-up
}

func main() {
	if len(os.Args) > 1 {
		if sub, ok := subcommands[os.Args[1]]; ok {
			if err := sub(os.Args[2:]); err != nil {
				log.Fatalf("loadbench %s: %v", os.Args[1], err)
			}
			return
		}
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
	fmt.Printf("articlebot: %s (bleve/scorch); FTS5+terms: `loadbench fts5terms` (reads and parses the base, our French analyser's terms in modernc.org/sqlite FTS5, the vocabulary beside it); plain FTS5: `loadbench fts5` (the passages file, unicode61 remove_diacritics 2); all in memory; median of %d runs, alternated. Each cell: wall / CPU (user+system) / peak RSS\n\n", bin, runs)
	fmt.Printf("| base | documents | MB | passages | articlebot | FTS5+terms | plain FTS5 | articlebot ÷ FTS5+terms (wall, CPU, RSS) | FTS5+terms ÷ plain FTS5 (wall, CPU, RSS) |\n")
	fmt.Printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")

	// The embedded article.
	{
		passages := filepath.Join(work, "article.passages")
		n, err := writePassages(ctx, "", passages)
		if err != nil {
			return err
		}
		ms, err := measureAll(work, runs,
			[]string{bin, "ask", articleQuestion},
			[]string{self, "fts5terms", "-", articleQuestion},
			[]string{self, "fts5", passages, articleQuestion})
		if err != nil {
			return err
		}
		printRow("article (embedded)", 1, 0, n, ms)
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
		ms, err := measureAll(work, runs,
			[]string{bin, "ask", "--kb", dir, question},
			[]string{self, "fts5terms", dir, question},
			[]string{self, "fts5", passages, question})
		if err != nil {
			return err
		}
		printRow(fmt.Sprintf("×%d", k), len(files), totalSize(files), n, ms)
	}
	return nil
}

// measure is the outcome of running one process several times.
type measure struct {
	wall   time.Duration // median
	cpu    time.Duration // median user + system CPU time
	maxRSS int64         // median peak resident set size, bytes
}

// measureAll runs each command runs times, in turn (see runRounds), and
// returns their medians.
func measureAll(dir string, runs int, cmds ...[]string) ([]measure, error) {
	samples, err := runRounds(dir, runs, cmds...)
	if err != nil {
		return nil, err
	}
	out := make([]measure, len(cmds))
	for j, ms := range samples {
		var walls, cpus []time.Duration
		var rss []int64
		for _, m := range ms {
			walls, cpus, rss = append(walls, m.wall), append(cpus, m.cpu), append(rss, m.maxRSS)
		}
		out[j] = measure{median(walls), median(cpus), median(rss)}
	}
	return out, nil
}

// runRounds runs each command runs times, in turn (one run of each, then
// the next round), after one warm-up round (which also checks that they
// succeed), and returns each command's runs.
func runRounds(dir string, runs int, cmds ...[]string) ([][]measure, error) {
	out := make([][]measure, len(cmds))
	for i := -1; i < runs; i++ {
		for j, c := range cmds {
			r, err := runOnce(dir, c)
			if err != nil {
				return nil, err
			}
			if i >= 0 {
				out[j] = append(out[j], r)
			}
		}
	}
	return out, nil
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// runOnce runs args in dir (so that no articlebot.yaml of the caller is
// read) and returns its wall time, CPU time and peak RSS.
func runOnce(dir string, args []string) (measure, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		return measure{}, fmt.Errorf("%s: %w\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return measure{}, errors.New("no resource usage on this system")
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return measure{wall: wall, cpu: cpu, maxRSS: ru.Maxrss * 1024}, nil // Linux counts Maxrss in KiB
}

// printRow prints a row of the table: ms are articlebot's, FTS5+terms' and
// plain FTS5's measures.
func printRow(name string, docs, bytes, passages int, m []measure) {
	mb := "-"
	if bytes > 0 {
		mb = fmt.Sprintf("%.1f", float64(bytes)/1e6)
	}
	cell := func(x measure) string {
		return fmt.Sprintf("%s / %s / %.1f MiB", ms(x.wall), ms(x.cpu), mib(x.maxRSS))
	}
	ratio := func(a, b measure) string {
		return fmt.Sprintf("%.1f×, %.1f×, %.1f×", float64(a.wall)/float64(b.wall), float64(a.cpu)/float64(b.cpu),
			float64(a.maxRSS)/float64(b.maxRSS))
	}
	fmt.Printf("| %s | %d | %s | %d | %s | %s | %s | %s | %s |\n", name, docs, mb, passages,
		cell(m[0]), cell(m[1]), cell(m[2]), ratio(m[0], m[1]), ratio(m[1], m[2]))
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
