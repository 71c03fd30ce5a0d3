package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// fixedModules are the dependencies the brief fixed (Discord, the LLM
// client, configuration, command line, metrics): a bot written to the
// brief links them whatever else it does.
var fixedModules = []string{
	"github.com/bwmarrin/discordgo",
	"github.com/sashabaranov/go-openai",
	"github.com/spf13/viper",
	"github.com/spf13/cobra",
	"github.com/prometheus/client_golang",
}

// probe is a binary whose main is empty and which only imports packages:
// what starting a process that links them costs before main runs.
type probe struct {
	name    string
	imports []string
}

// runFloor implements `loadbench floor`: the start-up floor of articlebot's
// dependencies next to articlebot's own start-up. It reads the packages
// articlebot's code imports from `go list -deps ./cmd/articlebot`, builds
// empty-main binaries that import them (all of them, those of each module,
// the brief's fixed choices, bleve and scorch alone) in a module that
// requires exactly the versions of the repository's go.mod and go.sum, then
// runs each of them and articlebot's `--help` and `ask QUESTION` in turn,
// -runs rounds after a warm-up round, and prints the median CPU time
// (user + system) and wall time of each.
func runFloor(args []string) error {
	fl := flag.NewFlagSet("floor", flag.ContinueOnError)
	runs := fl.Int("runs", 40, "rounds (each binary runs once a round)")
	bin := fl.String("articlebot", "", "articlebot binary (default: built from this repository)")
	baseline := fl.String("baseline", "", "a second articlebot binary (main's, say) measured in the same rounds")
	q := fl.String("question", articleQuestion, "the question `ask` answers")
	work := fl.String("work", "", "directory for the probes and binaries (default: a temporary one, removed at the end)")
	perModule := fl.Bool("modules", true, "also one probe per module articlebot imports from")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *runs < 1 {
		return fmt.Errorf("-runs: %d, want 1 or more", *runs)
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if *work == "" {
		if *work, err = os.MkdirTemp("", "loadbench-floor-"); err != nil {
			return fmt.Errorf("work directory: %w", err)
		}
		defer os.RemoveAll(*work)
	} else if err := os.MkdirAll(*work, 0o755); err != nil {
		return fmt.Errorf("work directory: %w", err)
	}
	if *bin == "" {
		*bin = filepath.Join(*work, "articlebot")
		if err := goBuild("./cmd/articlebot", root, *bin); err != nil {
			return err
		}
	}
	imports, err := thirdPartyImports(root)
	if err != nil {
		return err
	}
	probes := floorProbes(imports, *perModule)
	if err := writeProbeModule(root, *work, probes); err != nil {
		return err
	}
	type target struct {
		name string
		args []string
		size int64
	}
	var targets []target
	for _, p := range probes {
		out := filepath.Join(*work, "bin", p.name)
		if err := goBuild("./"+filepath.Join("probes", p.name), filepath.Join(*work, "mod"), out); err != nil {
			return err
		}
		targets = append(targets, target{name: fmt.Sprintf("%s (%d packages)", p.name, len(p.imports)), args: []string{out}})
	}
	bins := []struct{ label, path string }{{"articlebot", *bin}}
	if *baseline != "" {
		bins = append(bins, struct{ label, path string }{"baseline", *baseline})
	}
	for _, b := range bins {
		targets = append(targets,
			target{name: b.label + " --help", args: []string{b.path, "--help"}},
			target{name: b.label + " ask", args: []string{b.path, "ask", *q}})
	}
	for i := range targets {
		if st, err := os.Stat(targets[i].args[0]); err == nil {
			targets[i].size = st.Size()
		}
	}
	cmds := make([][]string, len(targets))
	for i, t := range targets {
		cmds[i] = t.args
	}
	ms, err := measureAllQuartiles(*work, *runs, cmds...)
	if err != nil {
		return err
	}
	fmt.Printf("start-up floor: %d rounds after a warm-up round, every binary once a round; CPU = user + system (getrusage), ms: median [first quartile – third quartile]\n", *runs)
	fmt.Printf("articlebot: %s", *bin)
	if *baseline != "" {
		fmt.Printf("; baseline: %s", *baseline)
	}
	fmt.Printf("; ask: %q\n\n", *q)
	fmt.Println("| binary | size MB | CPU ms | wall ms |")
	fmt.Println("| --- | ---: | ---: | ---: |")
	for i, t := range targets {
		fmt.Printf("| %s | %.1f | %s | %s |\n", t.name, float64(t.size)/1e6, ms[i].cpu, ms[i].wall)
	}
	fmt.Println()
	for _, p := range probes {
		fmt.Printf("%s: %s\n", p.name, strings.Join(p.imports, " "))
	}
	return nil
}

// floorProbes returns the probes for the third-party imports of articlebot
// (import path → module path).
func floorProbes(imports map[string]string, perModule bool) []probe {
	all := make([]string, 0, len(imports))
	byModule := map[string][]string{}
	for pkg, mod := range imports {
		all = append(all, pkg)
		byModule[mod] = append(byModule[mod], pkg)
	}
	slices.Sort(all)
	probes := []probe{{name: "empty"}}
	var fixed []string
	for _, m := range fixedModules {
		fixed = append(fixed, byModule[m]...)
	}
	if len(fixed) > 0 {
		slices.Sort(fixed)
		probes = append(probes, probe{name: "fixed-choices", imports: fixed})
	}
	for _, pkg := range all {
		switch {
		case strings.HasSuffix(pkg, "/index/scorch"):
			probes = append(probes, probe{name: "scorch", imports: []string{pkg}})
		case pkg == imports[pkg] && strings.HasPrefix(pkg, "github.com/blevesearch/bleve/"):
			probes = append(probes, probe{name: "bleve-top", imports: []string{pkg}})
		}
	}
	if perModule {
		mods := make([]string, 0, len(byModule))
		for m := range byModule {
			mods = append(mods, m)
		}
		slices.Sort(mods)
		for _, m := range mods {
			pkgs := byModule[m]
			slices.Sort(pkgs)
			probes = append(probes, probe{name: "mod-" + strings.NewReplacer("/", "_", ".", "_").Replace(m), imports: pkgs})
		}
	}
	return append(probes, probe{name: "all-third-party", imports: all})
}

// listedPackage is what `go list -json` says of a package.
type listedPackage struct {
	ImportPath string
	Standard   bool
	Imports    []string
	Module     *struct{ Path string }
}

// thirdPartyImports returns the packages outside the standard library and
// outside articlebot's module that articlebot's own packages import, each
// with its module path, from `go list -deps ./cmd/articlebot`.
func thirdPartyImports(root string) (map[string]string, error) {
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Standard,Imports,Module", "./cmd/articlebot")
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	modCmd := exec.Command("go", "list", "-m")
	modCmd.Dir = root
	self, err := modCmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m: %w", err)
	}
	mainModule := strings.TrimSpace(string(self))
	pkgs := map[string]listedPackage{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list output: %w", err)
		}
		pkgs[p.ImportPath] = p
	}
	imports := map[string]string{}
	for _, p := range pkgs {
		if p.Module == nil || p.Module.Path != mainModule {
			continue
		}
		for _, imp := range p.Imports {
			d, ok := pkgs[imp]
			if !ok || d.Standard || d.Module == nil || d.Module.Path == mainModule {
				continue
			}
			imports[imp] = d.Module.Path
		}
	}
	if len(imports) == 0 {
		return nil, errors.New("go list: articlebot imports no third-party package")
	}
	return imports, nil
}

// writeProbeModule writes the module of the probes in work/mod: the
// repository's go.mod and go.sum under another module name, so that each
// probe links exactly the versions articlebot links, and one main package
// a probe under probes/.
func writeProbeModule(root, work string, probes []probe) error {
	dir := filepath.Join(work, "mod")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("probe module: %w", err)
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return fmt.Errorf("probe module: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			return fmt.Errorf("probe module: %w", err)
		}
	}
	cmd := exec.Command("go", "mod", "edit", "-module", "articlebot.invalid/floorprobe")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("probe module: go mod edit: %w\n%s", err, out)
	}
	for _, p := range probes {
		var b strings.Builder
		b.WriteString("// Command " + p.name + " only imports packages: its main is empty.\npackage main\n\n")
		for _, imp := range p.imports {
			fmt.Fprintf(&b, "import _ %q\n", imp)
		}
		b.WriteString("\nfunc main() {}\n")
		pd := filepath.Join(dir, "probes", p.name)
		if err := os.MkdirAll(pd, 0o755); err != nil {
			return fmt.Errorf("probe %s: %w", p.name, err)
		}
		if err := os.WriteFile(filepath.Join(pd, "main.go"), []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("probe %s: %w", p.name, err)
		}
	}
	return nil
}

// quartiles is a median and its first and third quartiles.
type quartiles struct{ q1, med, q3 time.Duration }

func (q quartiles) String() string {
	f := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return fmt.Sprintf("%.1f [%.1f – %.1f]", f(q.med), f(q.q1), f(q.q3))
}

func quartilesOf(xs []time.Duration) quartiles {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	return quartiles{s[n/4], s[n/2], s[(3*n)/4]}
}

// measureAllQuartiles runs each command runs times, in turn (see
// runRounds), and returns the quartiles of its CPU and wall times.
func measureAllQuartiles(dir string, runs int, cmds ...[]string) ([]struct{ cpu, wall quartiles }, error) {
	samples, err := runRounds(dir, runs, cmds...)
	if err != nil {
		return nil, err
	}
	out := make([]struct{ cpu, wall quartiles }, len(cmds))
	for j, ms := range samples {
		var walls, cpus []time.Duration
		for _, m := range ms {
			walls, cpus = append(walls, m.wall), append(cpus, m.cpu)
		}
		out[j].cpu, out[j].wall = quartilesOf(cpus), quartilesOf(walls)
	}
	return out, nil
}
