package knowledge

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// lyingFS is a file system whose directory listing says every file is a
// small regular one, whatever Open then finds: it stands for a file
// replaced between the listing and the open.
type lyingFS struct {
	mode fs.FileMode // of the file opened
	size int64       // reported by its Stat
}

func (l lyingFS) Open(name string) (fs.File, error) {
	if name == "." {
		return fstest.MapFS{"a.md": {Data: []byte("Un texte.\n")}}.Open(".")
	}
	return &endless{mode: l.mode, size: l.size}, nil
}

// endless is a file that never ends (/dev/zero), counting what is read.
type endless struct {
	mode fs.FileMode
	size int64
	read int64
}

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.read += int64(len(p))
	return len(p), nil
}
func (e *endless) Close() error { return nil }
func (e *endless) Stat() (fs.FileInfo, error) {
	return fstest.MapFS{"a.md": {Mode: e.mode, Data: make([]byte, e.size)}}.Stat("a.md")
}

// TestReadChecksTheFileOpened reads through file systems that lie: the
// file opened is checked (fstat), and never more than the size limit plus
// one byte is read from it.
func TestReadChecksTheFileOpened(t *testing.T) {
	tests := []struct {
		name string
		fsys fs.FS
		want error
	}{
		{"device behind a regular entry", lyingFS{mode: fs.ModeDevice | fs.ModeCharDevice, size: 0}, ErrNotRegular},
		{"fifo behind a regular entry", lyingFS{mode: fs.ModeNamedPipe}, ErrNotRegular},
		{"endless file that says it is small", lyingFS{size: 10}, ErrTooLarge},
		{"fifo in the listing", fstest.MapFS{"p.md": {Mode: fs.ModeNamedPipe}}, ErrNotRegular},
		{"link in the listing", fstest.MapFS{"l.md": {Mode: fs.ModeSymlink, Data: []byte("../.env")}}, ErrSymlink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := endsWithin(t, func() error {
				_, err := ReadDocuments(context.Background(), tt.fsys, Options{MaxFileSize: 1 << 10})
				return err
			})
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestReadLimit reads an endless file directly: at most the limit plus one
// byte.
func TestReadLimit(t *testing.T) {
	f := &endless{size: 1}
	fsys := fileFS{f}
	d := fs.FileInfoToDirEntry(mustStat(t, f))
	_, err := readDocument(fsys, "a.md", d, ".md", Options{MaxFileSize: 100}, docReader{parse: func(p, ext string, _ fs.FileInfo, raw []byte) (Document, error) { return parseFile(p, ext, raw) }})
	if !errors.Is(err, ErrTooLarge) || f.read > 101 {
		t.Errorf("err = %v after reading %d bytes", err, f.read)
	}
}

type fileFS struct{ f fs.File }

func (s fileFS) Open(string) (fs.File, error) { return s.f, nil }

func mustStat(t *testing.T, f fs.File) fs.FileInfo {
	t.Helper()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestOpenRegularSwapped opens a document that was replaced after it was
// listed (its lstat is another file's): by a link to /dev/zero, by another
// file, by a FIFO. Each is refused without blocking.
func TestOpenRegularSwapped(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev/zero")
	}
	dir := t.TempDir()
	writeFile(t, dir, "a.md", "Un texte.\n")
	writeFile(t, dir, "other.md", "Un autre.\n")
	want, err := os.Lstat(filepath.Join(dir, "a.md"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := openDirFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	f, _, err := d.openRegular("a.md", want)
	if err != nil {
		t.Fatalf("the file listed: %v", err)
	}
	f.Close()

	tests := []struct {
		name string
		swap func(p string) error
		want error
	}{
		{"link to /dev/zero", func(p string) error { return os.Symlink("/dev/zero", p) }, ErrUnreadableFile},
		{"other file", func(p string) error { return os.Rename(filepath.Join(dir, "other.md"), p) }, ErrUnreadableFile},
		{"fifo", func(p string) error { return mkfifo(p) }, ErrNotRegular},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, "a.md")
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			if err := tt.swap(p); errors.Is(err, errors.ErrUnsupported) {
				t.Skip(err)
			} else if err != nil {
				t.Fatal(err)
			}
			err := endsWithin(t, func() error {
				f, _, err := d.openRegular("a.md", want)
				if err == nil {
					f.Close()
				}
				return err
			})
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDisplayPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"article.md", "article.md"},
		{"sous-dossier/été 2020.md", "sous-dossier/été 2020.md"},
		{"evil\x1b[2J.md", `"evil\x1b[2J.md"`},
		{"two\nlines.md", `"two\nlines.md"`},
		{"\xff\xfebad.md", `"\xff\xfebad.md"`},
		{"rtl\u202etxt.md", `"rtl\u202etxt.md"`},
		{"replacement\ufffd.md", "replacement\ufffd.md"},
	}
	for _, tt := range tests {
		if got := DisplayPath(tt.in); got != tt.want {
			t.Errorf("DisplayPath(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if strings.ContainsFunc(DisplayPath(tt.in), func(r rune) bool { return r < ' ' }) {
			t.Errorf("DisplayPath(%q) holds control characters", tt.in)
		}
	}
}

// endsWithin runs f and fails the test when it has not returned after a
// generous bound: a read that blocks or never ends.
func endsWithin(t *testing.T, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("still running after 10s: a read blocks or never ends")
		return nil
	}
}
