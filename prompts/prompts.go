package prompts

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"text/template"
)

//go:embed templates/*.tmpl templates/terminal/*.tmpl templates/messages.*.yaml
var embedded embed.FS

// ErrUnknownTemplate is returned when rendering a template that does not exist.
var ErrUnknownTemplate = errors.New("unknown template")

// Set is a parsed, immutable set of templates and of short messages (see
// Message).
type Set struct {
	t *template.Template
	// msgs returns the message catalogue. The embedded one alone is
	// parsed on first use (`articlebot ask` renders none of its messages;
	// the tests parse it); with a directory, it is parsed by Load, so that
	// an operator's bad file is refused at once.
	msgs func() (messages, error)
}

var funcs = template.FuncMap{
	"add":   func(a, b int) int { return a + b },
	"join":  strings.Join,
	"trim":  strings.TrimSpace,
	"lower": strings.ToLower,
	"quote": func(s string) string { return "« " + strings.TrimSpace(s) + " »" },
}

// Default returns the embedded templates.
func Default() *Set {
	s, err := Load("")
	if err != nil { // the embedded templates are tested; this cannot happen
		panic(err)
	}
	return s
}

// Load parses the embedded templates, then every *.tmpl file of dir (when dir
// is not empty), which replaces the embedded template of the same name. A
// template that does not parse is refused with its file name. The message
// catalogues (messages.<lang>.yaml) are read the same way: a file of dir
// replaces the messages of its language that it holds.
func Load(dir string) (*Set, error) {
	return load(dir, "templates/*.tmpl")
}

// LoadTerminal is Load for replies shown in a terminal (articlebot ask):
// the embedded templates of templates/terminal replace those of the same
// name (a not-found reply points to "articlebot figures", not to the
// /chiffres command), and dir still replaces both.
func LoadTerminal(dir string) (*Set, error) {
	return load(dir, "templates/*.tmpl", "templates/terminal/*.tmpl")
}

// load parses the embedded templates matching each pattern in turn, a
// later one replacing an earlier one of the same name, then those of dir.
func load(dir string, patterns ...string) (*Set, error) {
	root := template.New("prompts").Funcs(funcs).Option("missingkey=error")
	for _, pattern := range patterns {
		names, err := fs.Glob(embedded, pattern)
		if err != nil {
			return nil, fmt.Errorf("embedded templates %s: %w", pattern, err)
		}
		for _, n := range names {
			b, err := fs.ReadFile(embedded, n)
			if err != nil {
				return nil, fmt.Errorf("embedded template %s: %w", n, err)
			}
			if _, err := root.New(path.Base(n)).Parse(string(b)); err != nil {
				return nil, fmt.Errorf("embedded template %s: %w", n, err)
			}
		}
	}
	if dir != "" {
		files, err := filepath.Glob(filepath.Join(dir, "*.tmpl"))
		if err != nil {
			return nil, fmt.Errorf("prompts directory %s: %w", dir, err)
		}
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("prompts directory: %w", err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("prompt template: %w", err)
			}
			if _, err := root.New(filepath.Base(f)).Parse(string(b)); err != nil {
				return nil, fmt.Errorf("prompt template %s: %w", f, err)
			}
		}
	}
	if dir == "" {
		return &Set{t: root, msgs: sync.OnceValues(func() (messages, error) { return loadMessages("", patterns...) })}, nil
	}
	msgs, err := loadMessages(dir, patterns...)
	if err != nil {
		return nil, err
	}
	return &Set{t: root, msgs: func() (messages, error) { return msgs, nil }}, nil
}

// Has reports whether the set holds a template called name.
func (s *Set) Has(name string) bool { return s.t.Lookup(name) != nil }

// Render executes template name with data. The result is trimmed.
func (s *Set) Render(name string, data any) (string, error) {
	t := s.t.Lookup(name)
	if t == nil {
		return "", fmt.Errorf("%w %q", ErrUnknownTemplate, name)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// RenderLang renders base + "." + lang + ".tmpl", falling back to French
// when the language has no template of its own.
func (s *Set) RenderLang(base, lang string, data any) (string, error) {
	name := base + "." + lang + ".tmpl"
	if !s.Has(name) {
		name = base + ".fr.tmpl"
	}
	return s.Render(name, data)
}
