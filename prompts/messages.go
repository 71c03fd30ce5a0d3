package prompts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/template"

	"go.yaml.in/yaml/v3"
)

// ErrUnknownMessage is returned when rendering a message the catalogue does
// not hold, in the language asked nor in French.
var ErrUnknownMessage = errors.New("unknown message")

// messages is the catalogue of the bot's short messages: for each language,
// its messages by key. Each comes from a file messages.<lang>.yaml, a map
// from key to a text/template.
type messages map[string]map[string]*template.Template

// loadMessages parses the embedded catalogues (files messages.*.yaml
// matching each pattern's directory), then those of dir, whose keys replace
// the embedded ones of their language.
func loadMessages(dir string, patterns ...string) (messages, error) {
	msgs := messages{}
	for _, pattern := range patterns {
		names, err := fs.Glob(embedded, path.Join(path.Dir(pattern), "messages.*.yaml"))
		if err != nil {
			return nil, fmt.Errorf("embedded messages: %w", err)
		}
		for _, n := range names {
			b, err := fs.ReadFile(embedded, n)
			if err != nil {
				return nil, fmt.Errorf("embedded messages %s: %w", n, err)
			}
			if err := msgs.add(path.Base(n), b); err != nil {
				return nil, fmt.Errorf("embedded messages %s: %w", n, err)
			}
		}
	}
	if dir == "" {
		return msgs, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "messages.*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("prompts directory %s: %w", dir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("messages: %w", err)
		}
		if err := msgs.add(filepath.Base(f), b); err != nil {
			return nil, fmt.Errorf("messages %s: %w", f, err)
		}
	}
	return msgs, nil
}

// add parses the catalogue file name (messages.<lang>.yaml) holding data.
func (m messages) add(name string, data []byte) error {
	lang := strings.TrimSuffix(strings.TrimPrefix(name, "messages."), ".yaml")
	if lang == "" || strings.ContainsAny(lang, ". ") {
		return fmt.Errorf("file name: want messages.<language>.yaml")
	}
	var texts map[string]string
	if err := yaml.Unmarshal(data, &texts); err != nil {
		return fmt.Errorf("every value must be a text: %w", err)
	}
	if m[lang] == nil {
		m[lang] = map[string]*template.Template{}
	}
	for key, text := range texts {
		t, err := template.New(key).Funcs(funcs).Option("missingkey=error").Parse(text)
		if err != nil {
			return err
		}
		m[lang][key] = t
	}
	return nil
}

// Message renders the message key of the catalogue in lang with data (the
// values its {{.Name}} fields take), falling back to French when lang has
// no such message. The result is trimmed.
func (s *Set) Message(lang, key string, data any) (string, error) {
	msgs, err := s.msgs()
	if err != nil {
		return "", err
	}
	t := msgs[lang][key]
	if t == nil {
		t = msgs["fr"][key]
	}
	if t == nil {
		return "", fmt.Errorf("%w %q", ErrUnknownMessage, key)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("message %s (%s): %w", key, lang, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// MessageKeys lists the keys of the catalogue in lang, sorted (none when
// the catalogue does not parse: Message reports why).
func (s *Set) MessageKeys(lang string) []string {
	msgs, _ := s.msgs()
	keys := make([]string, 0, len(msgs[lang]))
	for k := range msgs[lang] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
