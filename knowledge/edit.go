package knowledge

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Errors of an Editor; a refused load is a *LoadError (or ErrNoDocuments),
// as for a reload.
var (
	// ErrFileExists refuses to add a document over an existing file
	// without replace.
	ErrFileExists = errors.New("a file of that name already exists")
	// ErrNoSuchDocument: no loaded document has that id.
	ErrNoSuchDocument = errors.New("no such document")
)

// Reloader reloads the live knowledge base (a *Store, or what wraps it).
type Reloader interface {
	Reload(ctx context.Context) (Diff, error)
}

var _ Reloader = (*Store)(nil)

// Editor adds documents to a knowledge directory and removes them, for
// admins who have no shell on the machine. Each change is checked first by
// loading the directory as it would be after it — the very Load a reload
// runs, with the same Options — and only then made, atomically, and the
// knowledge base reloaded; if that reload fails (the directory changed
// meanwhile), the change is undone, so the directory keeps a base that
// loads. Files are reached through an *os.Root: never through a symbolic
// link, never outside the directory. Changes are made one at a time.
type Editor struct {
	dir    string
	opts   Options
	reload Reloader
	mu     sync.Mutex
}

// NewEditor returns an Editor of the directory dir, whose changes are
// loaded with opts (those of the Store) and reloaded through r.
func NewEditor(dir string, r Reloader, opts Options) *Editor {
	opts.Skipped = nil
	return &Editor{dir: dir, opts: opts, reload: r}
}

// Add writes raw as the document file name (a plain file name, ".md" or
// ".txt", at the top of the directory) and reloads. An existing file of
// that name is refused (ErrFileExists) unless replace is set. A document
// that does not load — or that makes the directory not load: another
// document with the same id, say — is refused and nothing is written.
func (e *Editor) Add(ctx context.Context, name string, raw []byte, replace bool) (Diff, error) {
	if err := checkNewName(name); err != nil {
		return Diff{}, &FileError{Path: name, Err: err}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	root, fsys, err := e.open()
	if err != nil {
		return Diff{}, err
	}
	defer root.Close()
	old, exists, err := readExisting(root, name)
	if err != nil {
		return Diff{}, err
	}
	if exists && !replace {
		return Diff{}, fmt.Errorf("%w: %s", ErrFileExists, DisplayPath(name))
	}
	if err := e.check(ctx, &overlay{base: fsys, path: name, data: raw, mod: time.Now()}); err != nil {
		return Diff{}, err
	}
	if err := writeAtomic(root, name, raw, exists); err != nil {
		return Diff{}, err
	}
	d, err := e.reload.Reload(ctx)
	if err != nil {
		var undo error
		if exists {
			undo = writeAtomic(root, name, old, true)
		} else {
			undo = root.Remove(name)
		}
		if undo != nil {
			return Diff{}, errors.Join(err, fmt.Errorf("undo the change to %s: %w", DisplayPath(name), undo))
		}
		return Diff{}, err
	}
	return d, nil
}

// Remove removes the file of the loaded document id and reloads. The
// directory without it must load (removing the last document is refused
// with ErrNoDocuments). The file is first renamed to a hidden name, which
// no load reads, and deleted only once the reload succeeded; otherwise it
// is put back.
func (e *Editor) Remove(ctx context.Context, id string) (Diff, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	root, fsys, err := e.open()
	if err != nil {
		return Diff{}, err
	}
	defer root.Close()
	docs, _ := ReadDocuments(ctx, fsys, e.opts) // its problems show in the check below
	if err := ctx.Err(); err != nil {
		return Diff{}, err
	}
	i := slices.IndexFunc(docs, func(d Document) bool { return d.ID == id })
	if i < 0 {
		return Diff{}, fmt.Errorf("%w: %q", ErrNoSuchDocument, id)
	}
	p := docs[i].Path
	if err := e.check(ctx, &overlay{base: fsys, path: p}); err != nil {
		return Diff{}, err
	}
	hidden := path.Join(path.Dir(p), ".articlebot-removed-"+randomHex()+"-"+path.Base(p))
	if err := root.Rename(p, hidden); err != nil {
		return Diff{}, fmt.Errorf("remove %s: %w", DisplayPath(p), pathErr(err))
	}
	syncDir(root, path.Dir(p))
	d, err := e.reload.Reload(ctx)
	if err != nil {
		if undo := root.Rename(hidden, p); undo != nil {
			return Diff{}, errors.Join(err, fmt.Errorf("put %s back: %w", DisplayPath(p), pathErr(undo)))
		}
		syncDir(root, path.Dir(p))
		return Diff{}, err
	}
	_ = root.Remove(hidden) // hidden: a leftover is never loaded
	return d, nil
}

// open opens the directory as a root and as the tree a load reads.
func (e *Editor) open() (*os.Root, *dirFS, error) {
	root, err := os.OpenRoot(e.dir)
	if err != nil {
		return nil, nil, fmt.Errorf("knowledge directory %s: %w", DisplayPath(e.dir), pathErr(err))
	}
	return root, &dirFS{root: root, fsys: root.FS()}, nil
}

// check loads fsys as a reload would, and drops the result.
func (e *Editor) check(ctx context.Context, fsys fs.FS) error {
	b, err := Load(ctx, fsys, e.opts)
	if err != nil {
		return err
	}
	return b.Close()
}

// checkNewName refuses a name an Editor would not write, or that a load
// would not read as a document.
func checkNewName(name string) error {
	switch {
	case name == "":
		return badName(ErrEmptyName, "empty")
	case strings.TrimSpace(name) != name:
		return badName(ErrNameSpaces, "")
	case len(name) > MaxNameLength:
		return badName(ErrNameTooLong, "")
	case strings.ContainsAny(name, `/\`):
		return badName(ErrNameHasPath, "")
	case strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#"):
		return badName(ErrHiddenName, "")
	}
	if err := checkName(name); err != nil {
		return err
	}
	if strings.ContainsFunc(name, func(r rune) bool { return unicode.Is(unicode.Cf, r) || r == utf8.RuneError }) {
		return badName(ErrUnprintableName, "contains invisible characters")
	}
	ext, ok := isDocument(name)
	if !ok {
		return badName(ErrNotDocumentName, "")
	}
	if strings.TrimSpace(strings.TrimSuffix(name, name[len(name)-len(ext):])) == "" {
		return badName(ErrEmptyName, "")
	}
	return nil
}

// readExisting reads the regular file name, if there is one.
func readExisting(root *os.Root, name string) ([]byte, bool, error) {
	st, err := root.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, &FileError{Path: name, Err: unreadable(err)}
	}
	if err := regularFile(st.Mode()); err != nil {
		return nil, false, &FileError{Path: name, Err: err}
	}
	d := &dirFS{root: root, fsys: root.FS()}
	f, _, err := d.openRegular(name, st)
	if err != nil {
		return nil, false, &FileError{Path: name, Err: err}
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	if err != nil {
		return nil, false, &FileError{Path: name, Err: unreadable(err)}
	}
	return raw, true, nil
}

// writeAtomic writes data as name: a hidden temporary file in the same
// directory, synced, then renamed over name when replace is set, else
// linked to it (which fails, rather than overwrite, if name appeared
// meanwhile); the directory is synced last.
func writeAtomic(root *os.Root, name string, data []byte, replace bool) (err error) {
	dir := path.Dir(name)
	tmp := path.Join(dir, ".articlebot-"+randomHex()+".tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", DisplayPath(name), pathErr(err))
	}
	defer func() {
		if err != nil {
			_ = root.Remove(tmp)
		}
	}()
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("write %s: %w", DisplayPath(name), pathErr(err))
	}
	if replace {
		if err := root.Rename(tmp, name); err != nil {
			return fmt.Errorf("write %s: %w", DisplayPath(name), pathErr(err))
		}
	} else {
		if err := commitNew(root, tmp, name); err != nil {
			return err
		}
	}
	syncDir(root, dir)
	return nil
}

// commitNew gives the temporary file tmp the name name, which must not
// exist: a hard link never overwrites; where links are not supported, a
// rename after a check.
func commitNew(root *os.Root, tmp, name string) error {
	err := root.Link(tmp, name)
	switch {
	case err == nil:
		_ = root.Remove(tmp)
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%w: %s", ErrFileExists, DisplayPath(name))
	}
	if _, lerr := root.Lstat(name); !errors.Is(lerr, fs.ErrNotExist) {
		return fmt.Errorf("%w: %s", ErrFileExists, DisplayPath(name))
	}
	if err := root.Rename(tmp, name); err != nil {
		return fmt.Errorf("write %s: %w", DisplayPath(name), pathErr(err))
	}
	return nil
}

// syncDir makes a rename in dir durable, best effort.
func syncDir(root *os.Root, dir string) {
	if d, err := root.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

func randomHex() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // never fails
	return hex.EncodeToString(b)
}

// overlay is a knowledge directory as it would be after a change: path
// replaced by data (or added), or hidden when data is nil.
type overlay struct {
	base fs.FS
	path string
	data []byte
	mod  time.Time
}

func (o *overlay) Open(name string) (fs.File, error) {
	if name == o.path {
		if o.data == nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return o.file(), nil
	}
	return o.base.Open(name)
}

func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.base, name)
	if err != nil || name != path.Dir(o.path) {
		return entries, err
	}
	base := path.Base(o.path)
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return e.Name() == base })
	if o.data != nil {
		entries = append(entries, fs.FileInfoToDirEntry(o.info()))
		slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	}
	return entries, nil
}

// openRegular implements regularOpener: the base's own safe open for the
// files on disk.
func (o *overlay) openRegular(name string, want fs.FileInfo) (fs.File, fs.FileInfo, error) {
	if name == o.path && o.data != nil {
		return o.file(), o.info(), nil
	}
	return openRegular(o.base, name, want)
}

func (o *overlay) info() fs.FileInfo {
	return memInfo{name: path.Base(o.path), size: int64(len(o.data)), mod: o.mod}
}

func (o *overlay) file() fs.File { return &memFile{Reader: bytes.NewReader(o.data), info: o.info()} }

type memInfo struct {
	name string
	size int64
	mod  time.Time
}

func (m memInfo) Name() string       { return m.name }
func (m memInfo) Size() int64        { return m.size }
func (m memInfo) Mode() fs.FileMode  { return 0o644 }
func (m memInfo) ModTime() time.Time { return m.mod }
func (m memInfo) IsDir() bool        { return false }
func (m memInfo) Sys() any           { return nil }

type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }
