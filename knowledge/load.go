package knowledge

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

// DefaultMaxFileSize is the largest document file accepted unless Options
// says otherwise.
const DefaultMaxFileSize = 5 << 20

// Options tune loading.
type Options struct {
	// MaxFileSize is the largest file accepted, in bytes (0: DefaultMaxFileSize).
	MaxFileSize int64
}

func (o Options) maxFileSize() int64 {
	if o.MaxFileSize <= 0 {
		return DefaultMaxFileSize
	}
	return o.MaxFileSize
}

// FileError says which file was refused and why.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// LoadError lists every file that was refused. A knowledge base with any
// problem is not loaded: a reload keeps the previous one.
type LoadError struct {
	Problems []*FileError
}

func (e *LoadError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "knowledge base refused (%d problem", len(e.Problems))
	if len(e.Problems) > 1 {
		b.WriteString("s")
	}
	b.WriteString("): ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As see each problem.
func (e *LoadError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// LoadDir loads and indexes every .md and .txt document below dir.
func LoadDir(ctx context.Context, dir string, opts Options) (*Base, error) {
	fsys, err := DirSource(dir)()
	if err != nil {
		return nil, err
	}
	return Load(ctx, fsys, opts)
}

// DirSource reads the directory dir on every load; it fails when dir is
// missing or not a directory.
func DirSource(dir string) Source {
	return func() (fs.FS, error) {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("knowledge directory: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("knowledge directory %s: not a directory", dir)
		}
		return os.DirFS(dir), nil
	}
}

// ReadDocuments reads and parses every .md and .txt document of fsys, in
// path order. Hidden files and directories are skipped, and so are files of
// other types. It returns every document it could read together with a
// *LoadError listing the others, or ErrNoDocuments.
func ReadDocuments(ctx context.Context, fsys fs.FS, opts Options) ([]Document, error) {
	var docs []Document
	var problems []*FileError
	seen := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			problems = append(problems, &FileError{Path: p, Err: fmt.Errorf("%w: %v", ErrUnreadableFile, err)})
			if d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		name := d.Name()
		if p != "." && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(path.Ext(name))
		if d.IsDir() || (ext != ".md" && ext != ".txt") {
			return nil
		}
		doc, err := readDocument(fsys, p, d, ext, opts)
		if err != nil {
			problems = append(problems, &FileError{Path: p, Err: err})
			return nil
		}
		if other, dup := seen[doc.ID]; dup {
			problems = append(problems, &FileError{Path: p, Err: fmt.Errorf("%w %q (also %s)", ErrDuplicateID, doc.ID, other)})
			return nil
		}
		seen[doc.ID] = p
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Path < problems[j].Path })
	if len(problems) > 0 {
		return docs, &LoadError{Problems: problems}
	}
	if len(docs) == 0 {
		return nil, ErrNoDocuments
	}
	return docs, nil
}

func readDocument(fsys fs.FS, p string, d fs.DirEntry, ext string, opts Options) (Document, error) {
	info, err := d.Info()
	if err != nil {
		return Document{}, fmt.Errorf("%w: %v", ErrUnreadableFile, err)
	}
	if info.Size() > opts.maxFileSize() {
		return Document{}, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, info.Size(), opts.maxFileSize())
	}
	raw, err := fs.ReadFile(fsys, p)
	if err != nil {
		return Document{}, fmt.Errorf("%w: %v", ErrUnreadableFile, err)
	}
	if int64(len(raw)) > opts.maxFileSize() {
		return Document{}, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(raw), opts.maxFileSize())
	}
	id := strings.TrimSuffix(path.Base(p), path.Ext(p))
	doc, err := ParseDocument(id, ext, raw)
	if err != nil {
		return Document{}, err
	}
	doc.Path = p
	return doc, nil
}

// Load reads every document of fsys and builds a searchable Base. Any
// refused file fails the whole load with a *LoadError naming each file and
// reason; an empty tree fails with ErrNoDocuments.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Base, error) {
	docs, err := ReadDocuments(ctx, fsys, opts)
	if err != nil {
		return nil, err
	}
	return Build(ctx, docs)
}
