package knowledge

import (
	"context"
	"fmt"
	"io"
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
	// Skipped, when not nil, is called with the path of every file that is
	// not read because it is not a document (not .md or .txt: a PDF, say),
	// so that it can be listed rather than silently ignored. Hidden files
	// and editor backups are not reported.
	Skipped func(path string)
}

func (o Options) maxFileSize() int64 {
	if o.MaxFileSize <= 0 {
		return DefaultMaxFileSize
	}
	return o.MaxFileSize
}

// FileError says which file was refused and why.
type FileError struct {
	Path string // relative to the knowledge directory, as found (it may not be printable: see DisplayPath)
	Err  error
}

// Error names the file escaped for a terminal or a log (see DisplayPath).
func (e *FileError) Error() string { return DisplayPath(e.Path) + ": " + e.Err.Error() }
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
	return DirSource(dir).Load(ctx, opts)
}

// DirSource reads the directory dir on every load; it fails when dir is
// missing or not a directory. dir itself may be a symbolic link, but no
// file is read outside it: links below it are refused (ErrSymlink), and
// files are opened through an *os.Root.
func DirSource(dir string) Source {
	return func() (fs.FS, error) {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("knowledge directory %s: %w", DisplayPath(dir), pathErr(err))
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("knowledge directory %s: not a directory", DisplayPath(dir))
		}
		return openDirFS(dir)
	}
}

// ReadDocuments reads a fresh tree from src with the package-level
// ReadDocuments, then releases it.
func (src Source) ReadDocuments(ctx context.Context, opts Options) ([]Document, error) {
	fsys, err := src()
	if err != nil {
		return nil, err
	}
	defer release(fsys)
	return ReadDocuments(ctx, fsys, opts)
}

// Load loads a fresh tree from src with the package-level Load, then
// releases it.
func (src Source) Load(ctx context.Context, opts Options) (*Base, error) {
	fsys, err := src()
	if err != nil {
		return nil, err
	}
	defer release(fsys)
	return Load(ctx, fsys, opts)
}

// release closes a tree opened by DirSource; other trees belong to whoever
// made them.
func release(fsys fs.FS) {
	if d, ok := fsys.(*dirFS); ok {
		_ = d.Close()
	}
}

// isDocument reports whether a file name has a document extension.
func isDocument(name string) (ext string, ok bool) {
	ext = strings.ToLower(path.Ext(name))
	return ext, ext == ".md" || ext == ".txt"
}

// ReadDocuments reads and parses every .md and .txt document of fsys, in
// path order. Hidden files and directories are skipped, and so are files of
// other types (told to opts.Skipped). Only regular files are documents: a symbolic link (whatever
// its name: it is never followed) and a FIFO, device or socket named like a
// document are refused without being opened, and so is a name that is not
// valid UTF-8 or holds control characters. It returns every document it
// could read together with a *LoadError listing the others, or
// ErrNoDocuments.
func ReadDocuments(ctx context.Context, fsys fs.FS, opts Options) ([]Document, error) {
	return readDocuments(ctx, fsys, opts, docReader{parse: func(p, ext string, _ fs.FileInfo, raw []byte) (Document, error) {
		return parseFile(p, ext, raw)
	}})
}

// docReader turns the files of a tree into documents.
type docReader struct {
	// unchanged, when not nil, returns the document of file p when it can
	// tell from its lstat that it did not change since it was last read:
	// the file is then not opened.
	unchanged func(p string, info fs.FileInfo) (Document, bool)
	// parse parses the bytes of file p, whose stat (once opened) is info.
	parse func(p, ext string, info fs.FileInfo, raw []byte) (Document, error)
}

// parseFile parses the bytes of the document file p.
func parseFile(p, ext string, raw []byte) (Document, error) {
	id := strings.TrimSuffix(path.Base(p), path.Ext(p))
	doc, err := ParseDocument(id, ext, raw)
	if err != nil {
		return Document{}, err
	}
	doc.Path = p
	return doc, nil
}

// readDocuments is ReadDocuments with the reading of each file given: a
// reload reuses the documents of the files that did not change.
func readDocuments(ctx context.Context, fsys fs.FS, opts Options, r docReader) ([]Document, error) {
	var docs []Document
	var problems []*FileError
	seen := map[string]string{}
	refuse := func(p string, d fs.DirEntry, err error) error {
		problems = append(problems, &FileError{Path: p, Err: err})
		if d != nil && d.IsDir() && p != "." {
			return fs.SkipDir
		}
		return nil
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return refuse(p, d, unreadable(err))
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if p == "." {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		ext, isDoc := isDocument(name)
		symlink := d.Type()&fs.ModeSymlink != 0
		if !d.IsDir() && !isDoc && !symlink {
			if opts.Skipped != nil {
				opts.Skipped(p) // not a document: not read, whatever its name
			}
			return nil
		}
		if err := checkName(name); err != nil {
			return refuse(p, d, err)
		}
		if d.IsDir() {
			return nil
		}
		if err := regularFile(d.Type()); err != nil {
			return refuse(p, d, err)
		}
		doc, err := readDocument(fsys, p, d, ext, opts, r)
		if err != nil {
			return refuse(p, d, err)
		}
		if other, dup := seen[doc.ID]; dup {
			return refuse(p, d, &DuplicateIDError{ID: doc.ID, Other: other})
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

// regularOpener is a file system that opens a regular file confined to
// its directory and without blocking, checking it is the very file its
// lstat (want) described (dirFS).
type regularOpener interface {
	openRegular(name string, want fs.FileInfo) (fs.File, fs.FileInfo, error)
}

// openRegular opens p if it is a regular file: with fsys's own safe open
// when it has one, else with Open, then checks the file opened.
func openRegular(fsys fs.FS, p string, want fs.FileInfo) (fs.File, fs.FileInfo, error) {
	if ro, ok := fsys.(regularOpener); ok {
		return ro.openRegular(p, want)
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, nil, unreadable(err)
	}
	st, err := f.Stat()
	if err != nil {
		err = unreadable(err)
	} else {
		err = regularFile(st.Mode())
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// readDocument reads the regular file p, never more than the size limit
// plus one byte (a file that grows, or lies about its size, cannot exhaust
// memory), and parses it with r (or has r recognise it unchanged).
func readDocument(fsys fs.FS, p string, d fs.DirEntry, ext string, opts Options, r docReader) (Document, error) {
	limit := opts.maxFileSize()
	info, err := d.Info()
	if err != nil {
		return Document{}, unreadable(err)
	}
	if err := regularFile(info.Mode()); err != nil {
		return Document{}, err
	}
	if info.Size() > limit {
		return Document{}, &SizeError{Size: info.Size(), Limit: limit}
	}
	if r.unchanged != nil {
		if doc, ok := r.unchanged(p, info); ok {
			return doc, nil
		}
	}
	f, st, err := openRegular(fsys, p, info)
	if err != nil {
		return Document{}, err
	}
	defer f.Close()
	if st.Size() > limit {
		return Document{}, &SizeError{Size: st.Size(), Limit: limit}
	}
	raw, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return Document{}, unreadable(err)
	}
	if int64(len(raw)) > limit {
		return Document{}, &SizeError{Limit: limit}
	}
	return r.parse(p, ext, st, raw)
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
