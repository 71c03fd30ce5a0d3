package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"github.com/subosito/gotenv"
	"go.yaml.in/yaml/v3"
)

// File names looked up in LoadOptions.WorkDir.
const (
	DefaultConfigFile = "articlebot.yaml"
	DotEnvFile        = ".env"
)

// LoadOptions tells [Load] where to look. The zero value reads the process
// working directory and environment and binds no flags.
type LoadOptions struct {
	// WorkDir is where articlebot.yaml and .env are looked up and relative
	// ConfigFile paths are resolved. Default: os.Getwd().
	WorkDir string
	// ConfigFile is an explicit YAML file (the --config flag). When set it
	// must exist, and articlebot.yaml in WorkDir is not read.
	ConfigFile string
	// LookupEnv reads one environment variable. Default: os.LookupEnv.
	LookupEnv func(name string) (string, bool)
	// Environ lists the environment ("NAME=value") and is only used to warn
	// about ARTICLEBOT_* variables that match no key. Default: os.Environ
	// when LookupEnv is nil too, otherwise no check.
	Environ func() []string
	// Flags holds the command-line flags; only flags that were set on the
	// command line (Changed) override other sources. May be nil.
	Flags *pflag.FlagSet
	// FlagKeys maps flag names to keys, e.g. {"kb": "knowledge.dir",
	// "mode": "answer.mode"}. Flags not in the map (or absent from Flags) are
	// ignored; a map entry naming an unknown key is a programming error.
	FlagKeys map[string]string
}

// Load builds the configuration from, lowest precedence first:
//
//  1. built-in defaults ([Default]);
//  2. a YAML file: opts.ConfigFile (must exist) or articlebot.yaml in
//     opts.WorkDir (optional); unknown keys are errors;
//  3. a .env file in opts.WorkDir (optional);
//  4. environment variables ARTICLEBOT_SECTION_KEY, plus DISCORD_TOKEN,
//     OPENAI_API_KEY and OPENAI_BASE_URL (the ARTICLEBOT_ name wins);
//  5. flags from opts.Flags that were set, mapped through opts.FlagKeys.
//
// Empty values in .env and the environment count as unset. Lists accept a
// YAML list or a comma-separated string. Load validates the result: errors
// caused by the configuration wrap [ErrInvalid] (usually a
// *[ValidationError] naming every bad key). Secrets never appear in errors.
func Load(opts LoadOptions) (*Config, error) {
	workDir := opts.WorkDir
	if workDir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("config: working directory: %w", err)
		}
		workDir = wd
	}
	lookup, environ := opts.LookupEnv, opts.Environ
	if lookup == nil {
		lookup = os.LookupEnv
		if environ == nil {
			environ = os.Environ
		}
	}

	keys := Keys()
	known := make(map[string]bool, len(keys))
	for _, k := range keys {
		known[k.Name] = true
	}
	for _, name := range sortedKeys(opts.FlagKeys) {
		if key := opts.FlagKeys[name]; !known[key] {
			return nil, fmt.Errorf("config: flag --%s is mapped to unknown key %q", name, key)
		}
	}

	v := viper.New()
	sources := make(map[string]string, len(keys))
	def := Default()
	for _, k := range keys {
		v.SetDefault(k.Name, defaultRaw(k.field(def)))
		sources[k.Name] = "default"
	}
	ps := &problems{sources: sources}

	// 2. YAML file.
	yamlLayer, err := readYAMLLayer(workDir, opts.ConfigFile, keys, ps)
	if err != nil {
		return nil, err
	}
	merge(v, yamlLayer, sources)

	// 3. .env file.
	dotenv, err := readDotEnv(filepath.Join(workDir, DotEnvFile))
	if err != nil {
		return nil, err
	}
	envNames := make(map[string]bool, len(keys))
	for _, k := range keys {
		envNames[k.Env] = true
	}
	for _, name := range sortedKeys(dotenv) {
		if strings.HasPrefix(name, EnvPrefix) && !envNames[name] {
			ps.list = append(ps.list, Problem{Key: name, Message: "unknown variable" + suggest(name, keys, true), Source: DotEnvFile})
		}
	}
	merge(v, envLayer(keys, func(n string) (string, bool) {
		val, ok := dotenv[n]
		return val, ok
	}, func(n string) string { return DotEnvFile + " (" + n + ")" }), sources)

	// 4. Environment.
	merge(v, envLayer(keys, lookup, func(n string) string { return "env " + n }), sources)
	var warnings []string
	if environ != nil {
		for _, kv := range environ() {
			name, _, _ := strings.Cut(kv, "=")
			if strings.HasPrefix(name, EnvPrefix) && !envNames[name] {
				warnings = append(warnings, fmt.Sprintf("environment variable %s matches no setting and is ignored%s", name, suggest(name, keys, true)))
			}
		}
		slices.Sort(warnings)
	}

	// 5. Flags set on the command line.
	if opts.Flags != nil {
		for _, name := range sortedKeys(opts.FlagKeys) {
			f := opts.Flags.Lookup(name)
			if f == nil || !f.Changed {
				continue
			}
			key := opts.FlagKeys[name]
			if err := v.BindPFlag(key, f); err != nil {
				return nil, fmt.Errorf("config: bind flag --%s: %w", name, err)
			}
			sources[key] = "flag --" + name
		}
	}

	// Decode every key, then validate.
	cfg := &Config{sources: sources, warnings: warnings}
	failed := make(map[string]bool)
	for _, k := range keys {
		raw := v.Get(k.Name)
		if s, ok := raw.(string); ok && isEnumKey(k.Name) {
			raw = strings.ToLower(strings.TrimSpace(s))
		}
		if msg := assign(k.field(cfg), raw); msg != "" {
			ps.add(k.Name, "%s", msg)
			failed[k.Name] = true
		}
	}
	vs := &problems{sources: sources}
	cfg.validate(vs)
	for _, p := range vs.list {
		if !failed[p.Key] {
			ps.list = append(ps.list, p)
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// layer is one source's values for known keys, with the source of each.
type layer struct {
	values  map[string]any
	sources map[string]string
}

// merge adds a layer on top of viper's config layer (flags stay above it).
func merge(v *viper.Viper, l layer, sources map[string]string) {
	if len(l.values) == 0 {
		return
	}
	nested := make(map[string]any)
	for key, val := range l.values {
		path := strings.Split(key, ".")
		m := nested
		for _, seg := range path[:len(path)-1] {
			sub, _ := m[seg].(map[string]any)
			if sub == nil {
				sub = make(map[string]any)
				m[seg] = sub
			}
			m = sub
		}
		m[path[len(path)-1]] = val
		sources[key] = l.sources[key]
	}
	// MergeConfigMap cannot fail; it returns an error for API symmetry.
	_ = v.MergeConfigMap(nested)
}

// defaultRaw converts a typed default into a plain viper value.
func defaultRaw(ptr any) any {
	switch p := ptr.(type) {
	case *Secret:
		return string(*p)
	case *string:
		return *p
	case *bool:
		return *p
	case *int:
		return *p
	case *float64:
		return *p
	case *time.Duration:
		return *p
	case *int64:
		return *p
	case *[]string:
		return slices.Clone(*p)
	default:
		panic(fmt.Sprintf("config: unsupported field type %T", ptr))
	}
}

// envLayer reads each key's variable, then its aliases; empty values count
// as unset.
func envLayer(keys []Key, get func(string) (string, bool), source func(string) string) layer {
	l := layer{values: map[string]any{}, sources: map[string]string{}}
	for _, k := range keys {
		for _, name := range append([]string{k.Env}, k.Aliases...) {
			if val, ok := get(name); ok && val != "" {
				l.values[k.Name] = val
				l.sources[k.Name] = source(name)
				break
			}
		}
	}
	return l
}

// readYAMLLayer reads the explicit config file (must exist) or the default
// one (optional). Unknown keys are recorded in ps; unreadable or malformed
// files are returned as errors wrapping ErrInvalid.
func readYAMLLayer(workDir, explicit string, keys []Key, ps *problems) (layer, error) {
	l := layer{values: map[string]any{}, sources: map[string]string{}}
	display, path := DefaultConfigFile, filepath.Join(workDir, DefaultConfigFile)
	if explicit != "" {
		display, path = explicit, explicit
		if !filepath.IsAbs(path) {
			path = filepath.Join(workDir, path)
		}
	}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist) && explicit == "":
		return l, nil
	case errors.Is(err, fs.ErrNotExist):
		return l, fmt.Errorf("%w: config file %s does not exist (%w)", ErrInvalid, display, fs.ErrNotExist)
	default:
		return l, fmt.Errorf("%w: read config file %s: %w", ErrInvalid, display, err)
	}
	root, err := parseYAML(data)
	if err != nil {
		return l, fmt.Errorf("%w: %s: %w", ErrInvalid, display, err)
	}
	known, sections := make(map[string]bool), make(map[string]bool)
	for _, k := range keys {
		known[k.Name] = true
		for i, c := range k.Name { // every mapping the key is in: "knowledge", "knowledge.fetch"
			if c == '.' {
				sections[k.Name[:i]] = true
			}
		}
	}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for _, k := range sortedKeys(m) {
			val := m[k]
			name := strings.ToLower(k)
			if prefix != "" {
				name = prefix + "." + name
			}
			switch {
			case known[name]:
				if val != nil { // "key:" with no value keeps the default
					l.values[name] = val
					l.sources[name] = display
				}
			case sections[name]:
				switch sub := val.(type) {
				case nil:
				case map[string]any:
					walk(name, sub)
				default:
					ps.list = append(ps.list, Problem{Key: name, Message: "must be a mapping of settings, got " + kindOf(val), Source: display})
				}
			default:
				ps.list = append(ps.list, Problem{Key: name, Message: "unknown key" + suggest(name, keys, false), Source: display})
			}
		}
	}
	walk("", root)
	return l, nil
}

// parseYAML decodes a YAML mapping. Errors carry line numbers but never
// the values of the document.
func parseYAML(data []byte) (map[string]any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil // empty document
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: the top level must be a mapping of sections (discord:, answer:, llm:, ...)", root.Line)
	}
	var m any
	if err := root.Decode(&m); err != nil {
		return nil, fmt.Errorf("line %d: cannot decode the document: %w", root.Line, err)
	}
	out, _ := stringKeys(m).(map[string]any)
	return out, nil
}

// stringKeys turns map[any]any (non-string YAML keys) into map[string]any.
func stringKeys(v any) any {
	switch m := v.(type) {
	case map[string]any:
		for k, val := range m {
			m[k] = stringKeys(val)
		}
		return m
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, val := range m {
			out[fmt.Sprint(k)] = stringKeys(val)
		}
		return out
	default:
		return v
	}
}

// readDotEnv parses path if it exists. Parse errors name the line but not
// its content, which may hold a secret.
func readDotEnv(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: read %s: %w", ErrInvalid, DotEnvFile, err)
	}
	env, err := gotenv.StrictParse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrInvalid, DotEnvFile, dotEnvErrorLine(data))
	}
	return env, nil
}

// dotEnvErrorLine finds the first line gotenv rejects on its own.
func dotEnvErrorLine(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		if _, err := gotenv.StrictParse(strings.NewReader(sc.Text())); err != nil {
			return fmt.Sprintf("line %d is not NAME=value (content not shown)", n)
		}
	}
	return "malformed file (content not shown)"
}

// suggest returns ` (did you mean "x"?)` for the closest key (or its
// variable when env is set) within a small edit distance, or "".
func suggest(name string, keys []Key, env bool) string {
	best, bestDist := "", 3
	for _, k := range keys {
		cand := k.Name
		if env {
			cand = envName(k.Name)
		}
		if d := editDistance(name, cand); d < bestDist {
			best, bestDist = cand, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
