package fakeopenai

import (
	"errors"
	"fmt"
	"github.com/articlebot/articlebot/internal/shared"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi-validator/config"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	yaml "go.yaml.in/yaml/v3"
)

// How the spec is used, and why (measured on a 2-core machine):
//   - validator.NewValidator on the whole 3 MB document takes about 10 s to
//     build (it pre-compiles the schema of every operation), and then every
//     request body fails with a schema compilation error, because this
//     OpenAPI 3.1 document still uses the 3.0 `nullable` keyword in places;
//   - parsing the whole document and building its libopenapi model takes
//     about 0.25 s, but about 4.5 s under -race.
// So, once per process, we parse the YAML, keep only the operations the fake
// serves (their request body and 200 answer) and the components they
// reference (about 125 kB), and build the libopenapi model of that document:
// about 0.2 s in all, about 1.1 s under -race, almost all of it YAML parsing.
// Each body is then validated against the request schema of its operation
// with libopenapi-validator's schema validator, which compiles it on first
// use (about 20 ms, 200 ms under -race) and caches it, in plain JSON Schema
// mode (OpenAPI keyword checks off, so `nullable` is ignored).

// operations the fake serves, keyed by the fake's path (with /v1), valued by
// the spec's path (without it, the spec's server URL ends in /v1).
var specOperations = map[string]string{
	pathChat:       "/chat/completions",
	pathEmbeddings: "/embeddings",
	pathModels:     "/models",
}

// spec holds the schemas extracted from the official document. Immutable
// after loading, except for the validator's compiled-schema cache, guarded
// by mu.
type spec struct {
	file     string
	loadTime time.Duration
	version  float32
	requests map[string]*base.Schema // fake path -> request body schema (POST only)
	response map[string]*base.Schema // fake path -> 200 application/json schema

	mu        sync.Mutex
	validator schema_validation.SchemaValidator
}

// specResult is the outcome of the one load per test process.
type specResult struct {
	spec    *spec
	skipped string // non-empty when the spec file is absent
	err     error  // the file exists but could not be used
}

// loadSpecOnce loads the spec at most once per process: it is large, and its
// content does not change while tests run. This is the package's only
// package-level state, and it is never modified after loading.
var loadSpecOnce = sync.OnceValue(func() specResult {
	wd, err := os.Getwd()
	if err != nil {
		return specResult{err: err}
	}
	file, err := findSpec(wd)
	if err != nil {
		return specResult{skipped: skipMessage(err)}
	}
	s, err := loadSpec(file)
	return specResult{spec: s, err: err}
})

func skipMessage(err error) string {
	return fmt.Sprintf("fakeopenai: request bodies are NOT validated against OpenAI's spec: %v "+
		"(../shared beside the repository root is only present in the development workplace)", err)
}

// findSpec returns ../shared/openai-openapi/openapi.yaml beside the module
// root above dir.
func findSpec(dir string) (string, error) {
	return shared.Path(dir, "openai-openapi", "openapi.yaml")
}

func loadSpec(file string) (*spec, error) {
	start := time.Now()
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	data, err = pruneSpec(data)
	if err != nil {
		return nil, fmt.Errorf("fakeopenai: extracting operations from %s: %w", file, err)
	}
	doc, err := libopenapi.NewDocument(data)
	if err != nil {
		return nil, fmt.Errorf("fakeopenai: parsing %s: %w", file, err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		return nil, fmt.Errorf("fakeopenai: building model of %s: %w", file, err)
	}
	s := &spec{
		file:      file,
		version:   helpers.VersionToFloat(model.Model.Version),
		requests:  make(map[string]*base.Schema),
		response:  make(map[string]*base.Schema),
		validator: schema_validation.NewSchemaValidator(config.WithoutOpenAPIMode()),
	}
	if model.Model.Paths == nil || model.Model.Paths.PathItems == nil {
		return nil, fmt.Errorf("fakeopenai: %s has no paths", file)
	}
	for fakePath, specPath := range specOperations {
		item := model.Model.Paths.PathItems.GetOrZero(specPath)
		if item == nil {
			return nil, fmt.Errorf("fakeopenai: %s has no path %s", file, specPath)
		}
		op := item.Post
		if fakePath == pathModels {
			op = item.Get
		}
		if op == nil {
			return nil, fmt.Errorf("fakeopenai: %s has no operation for %s", file, specPath)
		}
		if fakePath != pathModels {
			if op.RequestBody == nil || op.RequestBody.Content == nil {
				return nil, fmt.Errorf("fakeopenai: %s: POST %s has no request body", file, specPath)
			}
			mt := op.RequestBody.Content.GetOrZero("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Schema() == nil {
				return nil, fmt.Errorf("fakeopenai: %s: POST %s has no application/json request schema", file, specPath)
			}
			s.requests[fakePath] = mt.Schema.Schema()
		}
		if op.Responses != nil && op.Responses.Codes != nil {
			if r := op.Responses.Codes.GetOrZero("200"); r != nil && r.Content != nil {
				if mt := r.Content.GetOrZero("application/json"); mt != nil && mt.Schema != nil {
					s.response[fakePath] = mt.Schema.Schema()
				}
			}
		}
	}
	s.loadTime = time.Since(start)
	return s, nil
}

// pruneSpec returns a copy of the OpenAPI document reduced to the operations
// in specOperations (their request body and 200 response only) and the
// components these reference, directly or not.
func pruneSpec(data []byte) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("not a YAML mapping document")
	}
	doc := root.Content[0]
	paths := mapGet(doc, "paths")
	components := mapGet(doc, "components")
	if paths == nil || components == nil {
		return nil, errors.New("no paths or no components")
	}

	newPaths := &yaml.Node{Kind: yaml.MappingNode}
	specPaths := make([]string, 0, len(specOperations))
	for _, specPath := range specOperations {
		specPaths = append(specPaths, specPath)
	}
	sort.Strings(specPaths)
	for _, specPath := range specPaths {
		item := mapGet(paths, specPath)
		if item == nil {
			return nil, fmt.Errorf("no path %s", specPath)
		}
		method := "post"
		if specPath == specOperations[pathModels] {
			method = "get"
		}
		op := mapGet(item, method)
		if op == nil {
			return nil, fmt.Errorf("no %s %s", method, specPath)
		}
		newOp := &yaml.Node{Kind: yaml.MappingNode}
		for _, key := range []string{"operationId", "requestBody"} {
			if v := mapGet(op, key); v != nil {
				mapSet(newOp, key, v)
			}
		}
		newResponses := &yaml.Node{Kind: yaml.MappingNode}
		if ok := mapGet(mapGet(op, "responses"), "200"); ok != nil {
			mapSet(newResponses, "200", ok)
		}
		mapSet(newOp, "responses", newResponses)
		newItem := &yaml.Node{Kind: yaml.MappingNode}
		mapSet(newItem, method, newOp)
		mapSet(newPaths, specPath, newItem)
	}

	// Copy the referenced components, transitively.
	newComponents := &yaml.Node{Kind: yaml.MappingNode}
	seen := make(map[string]bool)
	queue := collectRefs(newPaths, nil)
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		if seen[ref] {
			continue
		}
		seen[ref] = true
		parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
		if !strings.HasPrefix(ref, "#/components/") || len(parts) != 2 {
			return nil, fmt.Errorf("unsupported $ref %q", ref)
		}
		node := mapGet(mapGet(components, parts[0]), parts[1])
		if node == nil {
			return nil, fmt.Errorf("dangling $ref %q", ref)
		}
		section := mapGet(newComponents, parts[0])
		if section == nil {
			section = &yaml.Node{Kind: yaml.MappingNode}
			mapSet(newComponents, parts[0], section)
		}
		mapSet(section, parts[1], node)
		queue = collectRefs(node, queue)
	}

	newDoc := &yaml.Node{Kind: yaml.MappingNode}
	for _, key := range []string{"openapi", "info", "servers"} {
		if v := mapGet(doc, key); v != nil {
			mapSet(newDoc, key, v)
		}
	}
	mapSet(newDoc, "paths", newPaths)
	mapSet(newDoc, "components", newComponents)
	return yaml.Marshal(newDoc)
}

// mapGet returns the value of key in a YAML mapping, nil if absent.
func mapGet(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func mapSet(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// collectRefs appends the targets of the $ref keys found under n.
func collectRefs(n *yaml.Node, refs []string) []string {
	if n == nil {
		return refs
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "$ref" && n.Content[i+1].Kind == yaml.ScalarNode {
				refs = append(refs, n.Content[i+1].Value)
			}
		}
	}
	for _, c := range n.Content {
		refs = collectRefs(c, refs)
	}
	return refs
}

// validateRequest checks a request body against the request schema of the
// operation served at fakePath. It returns one message per violation.
func (s *spec) validateRequest(fakePath string, body []byte) []string {
	sch := s.requests[fakePath]
	if sch == nil {
		return nil
	}
	return s.validate(sch, "POST "+fakePath+" request", body)
}

// validateResponse checks a 200 JSON response body produced by the fake
// against the spec (used by the fake's own tests).
func (s *spec) validateResponse(fakePath string, body []byte) []string {
	sch := s.response[fakePath]
	if sch == nil {
		return []string{"no response schema for " + fakePath}
	}
	return s.validate(sch, fakePath+" response", body)
}

func (s *spec) validate(sch *base.Schema, what string, body []byte) []string {
	s.mu.Lock()
	ok, verrs := s.validator.ValidateSchemaBytesWithVersion(sch, body, s.version)
	s.mu.Unlock()
	if ok {
		return nil
	}
	return formatValidationErrors(what, verrs)
}

func formatValidationErrors(what string, verrs []*liberrors.ValidationError) []string {
	var out []string
	for _, ve := range verrs {
		if len(ve.SchemaValidationErrors) == 0 {
			out = append(out, fmt.Sprintf("%s: %s: %s", what, ve.Message, ve.Reason))
			continue
		}
		for _, f := range ve.SchemaValidationErrors {
			loc := f.FieldPath
			if loc == "" {
				loc = "$"
			}
			out = append(out, fmt.Sprintf("%s: %s: %s", what, loc, f.Reason))
		}
	}
	if len(out) == 0 {
		out = append(out, what+": invalid (no details)")
	}
	sort.Strings(out)
	return dedupe(out)
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}
