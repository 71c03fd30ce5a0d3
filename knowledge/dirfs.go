package knowledge

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// dirFS is a knowledge directory opened as an *os.Root: no open can leave
// the directory, whatever links it holds. ReadDocuments refuses every
// symbolic link anyway; the root is the second line of defence, and it
// lets documents be opened without blocking (see openRegular).
type dirFS struct {
	root *os.Root
	fsys fs.FS
}

func openDirFS(dir string) (*dirFS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("knowledge directory %s: %w", DisplayPath(dir), pathErr(err))
	}
	return &dirFS{root: root, fsys: root.FS()}, nil
}

// Open implements fs.FS.
func (d *dirFS) Open(name string) (fs.File, error) { return d.fsys.Open(name) }

// ReadDir implements fs.ReadDirFS: its entries come from lstat, so a
// symbolic link is seen as one.
func (d *dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.fsys, name) }

// Close releases the directory.
func (d *dirFS) Close() error { return d.root.Close() }

// openRegular opens name for reading without blocking (a FIFO put in the
// place of a document cannot hang the load) and checks that the file
// actually opened is a regular file, the very one want (its lstat)
// describes: a file swapped for a link, a FIFO or a device between the
// lstat and the open is refused.
func (d *dirFS) openRegular(name string, want fs.FileInfo) (fs.File, fs.FileInfo, error) {
	f, err := d.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, unreadable(err)
	}
	st, err := f.Stat()
	if err == nil {
		err = regularFile(st.Mode())
	}
	if err == nil && !os.SameFile(want, st) {
		err = fmt.Errorf("%w: replaced while it was being opened", ErrUnreadableFile)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// regularFile says why a file of mode m is not a document, or nil when it
// is a regular file.
func regularFile(m fs.FileMode) error {
	t := m.Type()
	switch {
	case t == 0:
		return nil
	case t&fs.ModeSymlink != 0:
		return ErrSymlink
	case t&fs.ModeNamedPipe != 0:
		return fmt.Errorf("%w: named pipe (FIFO)", ErrNotRegular)
	case t&fs.ModeDevice != 0:
		return fmt.Errorf("%w: device", ErrNotRegular)
	case t&fs.ModeSocket != 0:
		return fmt.Errorf("%w: socket", ErrNotRegular)
	case t&fs.ModeDir != 0:
		return fmt.Errorf("%w: directory", ErrNotRegular)
	default:
		return fmt.Errorf("%w: %s", ErrNotRegular, t)
	}
}

// checkName refuses a file or directory name that is not valid UTF-8 or
// holds control characters: it could not be shown, cited or typed.
func checkName(name string) error {
	if !utf8.ValidString(name) {
		return badName(ErrUnprintableName, "not valid UTF-8")
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return badName(ErrUnprintableName, "contains control characters")
		}
	}
	return nil
}

// DisplayPath returns p as it can safely be printed on a terminal or in a
// log: unchanged when it is valid UTF-8 and every character is printable,
// else quoted with Go escapes ("\x1b[2J.md" stays 14 visible characters and
// never clears a screen).
func DisplayPath(p string) string {
	for i, r := range p {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(p[i:]); size <= 1 {
				return strconv.Quote(p)
			}
		}
		if !strconv.IsPrint(r) {
			return strconv.Quote(p)
		}
	}
	return p
}

// unreadable wraps an error from the file system in ErrUnreadableFile,
// without the path an *fs.PathError would repeat (the FileError names the
// file, safely printed).
func unreadable(err error) error {
	return fmt.Errorf("%w: %w", ErrUnreadableFile, pathErr(err))
}

// pathErr drops the path of an *fs.PathError, keeping the operation and
// the cause.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
