package fakediscord

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/articlebot/articlebot/internal/shared"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/cache"
	"github.com/pb33f/libopenapi-validator/config"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
)

// specRelPath is where the Discord OpenAPI description lives, relative to the
// directory holding the module's go.mod.
const specRelPath = "../shared/discord-api-spec/openapi.json"

// specValidator validates REST requests against Discord's OpenAPI 3.1
// description.
//
// It is loaded at most once per process (see loadSpec). The validator
// compiles a schema the first time a request needs it and keeps it in its
// caches (lazyCache for schemas, a sync.Map for path regexps); after that,
// validation only reads them and runs concurrently.
//
// The first validation of a route (see warmKey) compiles that route's
// schemas. It runs alone, under the write lock of mu: concurrent first
// requests would each compile the same schemas (about half a second of CPU
// for a message), and compiling renders parts of the shared document model.
// Later validations of a route take the read lock and run in parallel.
type specValidator struct {
	path string
	v    validator.Validator
	mu   sync.RWMutex
	warm sync.Map // warmKey → struct{}: routes validated once, their schemas compiled
}

// specLoad is the process-wide, sync.Once-guarded result of loading the spec.
// It is the package's only package-level state; once set it is never
// replaced. Loading the 1.2 MB document takes ~0.1 s (more under -race), so
// sharing it keeps parallel tests fast.
var specLoad struct {
	once    sync.Once
	v       *specValidator
	skipped string
	err     error
}

// loadSpec returns the shared validator, or a non-empty skip message when
// ../shared is absent, or an error when the spec exists but cannot be used.
func loadSpec() (*specValidator, string, error) {
	specLoad.once.Do(func() {
		specLoad.v, specLoad.skipped, specLoad.err = buildSpec()
	})
	return specLoad.v, specLoad.skipped, specLoad.err
}

func buildSpec() (*specValidator, string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, "", fmt.Errorf("fakediscord: locate spec: %w", err)
	}
	return buildSpecFrom(wd)
}

// buildSpecFrom loads the spec relative to the module containing wd.
func buildSpecFrom(wd string) (*specValidator, string, error) {
	root, rootErr := shared.ModuleRoot(wd)
	ok := rootErr == nil
	if !ok {
		return nil, fmt.Sprintf("Discord OpenAPI spec not validated: no go.mod found above %s, so %s cannot be located", wd, specRelPath), nil
	}
	path := filepath.Clean(filepath.Join(root, specRelPath))
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Sprintf("Discord OpenAPI spec not validated: %s is absent (../shared is not checked out beside the repository)", path), nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("fakediscord: read spec: %w", err)
	}
	doc, err := libopenapi.NewDocument(data)
	if err != nil {
		return nil, "", fmt.Errorf("fakediscord: parse spec %s: %w", path, err)
	}
	lc := &lazyCache{}
	v, errs := validator.NewValidator(doc, config.WithSchemaCache(lc), config.WithRegexCache(&sync.Map{}))
	if len(errs) > 0 {
		return nil, "", fmt.Errorf("fakediscord: build validator for %s: %w", path, errors.Join(errs...))
	}
	lc.armed.Store(true)
	return &specValidator{path: path, v: v}, "", nil
}

// validate checks method, path (without the /api/vN prefix), headers and body
// against the spec and returns human-readable problems. route is the fake's
// route key ("" for a route the fake does not implement); it only chooses
// between the exclusive first validation of a route and the shared later
// ones, never what is checked.
func (sv *specValidator) validate(route, method, specPath, rawQuery string, header http.Header, body []byte) []string {
	u := "http://discord.invalid" + specPath
	if rawQuery != "" {
		u += "?" + rawQuery
	}
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return []string{fmt.Sprintf("cannot rebuild request for validation: %v", err)}
	}
	for _, k := range []string{"Content-Type", "Authorization", "X-Audit-Log-Reason"} {
		if v := header.Get(k); v != "" {
			req.Header.Set(k, v)
		}
	}
	if len(body) == 0 {
		req.Body = http.NoBody
		req.ContentLength = 0
	}
	key, known := warmKey(route, req.URL.Query(), req.Header, len(body) > 0)
	var ok bool
	var verrs []*liberrors.ValidationError
	if _, warm := sv.warm.Load(key); known && warm {
		sv.mu.RLock()
		ok, verrs = sv.v.ValidateHttpRequestSync(req)
		sv.mu.RUnlock()
	} else {
		sv.mu.Lock()
		ok, verrs = sv.v.ValidateHttpRequestSync(req)
		sv.mu.Unlock()
		if known {
			sv.warm.Store(key, struct{}{})
		}
	}
	if ok {
		return nil
	}
	var out []string
	for _, ve := range verrs {
		msg := ve.Message
		var details []string
		for _, f := range ve.SchemaValidationErrors {
			d := f.Reason
			if f.FieldPath != "" {
				d += " at " + f.FieldPath
			}
			details = append(details, d)
		}
		sort.Strings(details)
		if len(details) > 0 {
			msg += ": " + strings.Join(details, "; ")
		} else if ve.Reason != "" {
			msg += ": " + ve.Reason
		}
		out = append(out, msg)
	}
	return out
}

// warmKey names what the first validation of a request compiles: the schemas
// of its route's parameters and body. Query and header parameters are
// compiled one by one when present, so their names are part of the key, as
// is whether there is a body. known is false for a route the fake does not
// implement: those are always validated alone.
func warmKey(route string, query url.Values, header http.Header, body bool) (key string, known bool) {
	if route == "" {
		return "", false
	}
	q := slices.Sorted(maps.Keys(query))
	h := slices.Sorted(maps.Keys(header))
	return fmt.Sprintf("%s?%s %s body=%t", route, strings.Join(q, "&"), strings.Join(h, ","), body), true
}

// lazyCache is a compiled-schema cache that makes the validator compile
// schemas on first use instead of eagerly.
//
// validator.NewValidator pre-compiles every schema of the document into a
// non-nil cache ("warming"), which takes several seconds for Discord's spec.
// It skips schemas whose key Load reports as present, so while !armed Load
// answers "present" (with a nil entry, which no reader dereferences: all check
// for nil). Once armed, it is an ordinary concurrent map: request validation
// compiles a schema on a miss and Stores it.
type lazyCache struct {
	armed atomic.Bool
	m     sync.Map
}

func (c *lazyCache) Load(key uint64) (*cache.SchemaCacheEntry, bool) {
	if !c.armed.Load() {
		return nil, true
	}
	v, ok := c.m.Load(key)
	if !ok {
		return nil, false
	}
	return v.(*cache.SchemaCacheEntry), true
}

func (c *lazyCache) Store(key uint64, value *cache.SchemaCacheEntry) {
	if value != nil {
		c.m.Store(key, value)
	}
}

func (c *lazyCache) Range(f func(key uint64, value *cache.SchemaCacheEntry) bool) {
	c.m.Range(func(k, v any) bool { return f(k.(uint64), v.(*cache.SchemaCacheEntry)) })
}
