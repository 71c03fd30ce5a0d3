//go:build unix

// Package hostilekb builds, at run time, knowledge directories holding the
// files an attacker or an unlucky operator would put there: links inside
// and outside the directory, a link to an endless file (/dev/zero), a FIFO,
// a device, a huge file, names that are not UTF-8 or hold terminal control
// sequences. Such files cannot usefully be committed, so tests create them
// in t.TempDir().
//
//	kb := hostilekb.Dir(t)
//	for _, c := range hostilekb.Cases() {
//		err := c.Create(kb) // errors.Is(err, errors.ErrUnsupported): skip
//		...
//	}
//
// Every case names the file it creates and the knowledge sentinel error its
// refusal must wrap. Beside each directory lies a secrets file (Secret):
// nothing of it may ever appear in an output.
package hostilekb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/articlebot/articlebot/knowledge"
)

// RefuseWithin is how long refusing a hostile file may take, through any
// entry point. Refusing is a few system calls; the bound is there so that
// a read that blocks (a FIFO) or never ends (/dev/zero) fails the test
// instead of hanging it.
const RefuseWithin = time.Second

// Secret is the content of the .env file beside every directory Dir makes
// (the README's layout); a link in the knowledge base points at it.
const Secret = "DISCORD_TOKEN=hostile-kb-secret-7f3a9c"

// GoodDocument is the one valid document of every directory, file
// GoodFile.
const (
	GoodFile     = "good.md"
	GoodDocument = "---\ntitle: Le port\n---\n\nLe port de Tanger traite des conteneurs.\n"
)

// HugeSize is the apparent size of the huge file (sparse: it takes no
// room), far above knowledge.DefaultMaxFileSize.
const HugeSize = 1 << 30

// Case is one hostile file.
type Case struct {
	Name   string // subtest name
	File   string // path created in the knowledge directory (maybe not printable)
	Reason error  // knowledge sentinel the refusal wraps
	create func(dir string) error
}

// Create makes the case's file in the knowledge directory dir (made by
// Dir). It returns an error wrapping errors.ErrUnsupported when the system
// does not allow it (a device node without the privilege to make one).
func (c Case) Create(dir string) error {
	if err := c.create(dir); err != nil {
		return fmt.Errorf("hostilekb: %s: %w", c.Name, err)
	}
	return nil
}

// Dir creates a knowledge directory holding GoodFile, beside a ".env"
// holding Secret, and returns its path.
func Dir(t testing.TB) string {
	t.Helper()
	parent := t.TempDir()
	kb := filepath.Join(parent, "kb")
	if err := os.Mkdir(kb, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{filepath.Join(parent, ".env"): Secret + "\n", filepath.Join(kb, GoodFile): GoodDocument} {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { releaseFIFOs(kb) })
	return kb
}

// releaseFIFOs opens and closes every FIFO of dir for writing: a reader
// stuck opening or reading one (code under test that hangs, whose test
// has already failed) gets end of file and returns.
func releaseFIFOs(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type()&os.ModeNamedPipe == 0 {
			continue
		}
		// O_RDWR never blocks on a FIFO (Linux); O_NONBLOCK for the others.
		if f, err := os.OpenFile(filepath.Join(dir, e.Name()), os.O_RDWR|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}
}

// Cases returns every hostile file, in a fixed order. Their names differ:
// they can all be created in one directory.
func Cases() []Case {
	return []Case{
		{"symlink outside", "notes.txt", knowledge.ErrSymlink, symlink("../.env", "notes.txt")},
		{"symlink inside", "copy.md", knowledge.ErrSymlink, symlink(GoodFile, "copy.md")},
		{"symlink to an absolute path", "passwd.md", knowledge.ErrSymlink, symlink("/etc/passwd", "passwd.md")},
		{"symlink to dev-zero", "zero.md", knowledge.ErrSymlink, symlink("/dev/zero", "zero.md")},
		{"symlinked directory", "docs", knowledge.ErrSymlink, symlink("..", "docs")},
		{"fifo", "x.md", knowledge.ErrNotRegular, func(dir string) error {
			return syscall.Mkfifo(filepath.Join(dir, "x.md"), 0o644)
		}},
		{"device", "dev.md", knowledge.ErrNotRegular, func(dir string) error {
			// The same device as /dev/zero: endless if it were read.
			err := syscall.Mknod(filepath.Join(dir, "dev.md"), syscall.S_IFCHR|0o644, 1<<8|5)
			if errors.Is(err, syscall.EPERM) {
				return fmt.Errorf("%w: %w", errors.ErrUnsupported, err)
			}
			return err
		}},
		{"huge file", "huge.md", knowledge.ErrTooLarge, func(dir string) error {
			// Made beside the directory, then moved in: a watcher never
			// sees it empty.
			tmp, err := os.CreateTemp(filepath.Dir(dir), ".huge-*")
			if err != nil {
				return err
			}
			if err := tmp.Truncate(HugeSize); err != nil {
				tmp.Close()
				return err
			}
			if err := tmp.Close(); err != nil {
				return err
			}
			return os.Rename(tmp.Name(), filepath.Join(dir, "huge.md"))
		}},
		{"name not UTF-8", "\xff\xfebad.md", knowledge.ErrBadName, writeDoc("\xff\xfebad.md")},
		{"directory name not UTF-8", "d\xe9j\xe0", knowledge.ErrBadName, func(dir string) error {
			if err := os.Mkdir(filepath.Join(dir, "d\xe9j\xe0"), 0o755); err != nil {
				return err
			}
			return writeDoc(filepath.Join("d\xe9j\xe0", "inner.md"))(dir)
		}},
		{"control characters in a name", "evil\x1b[2J\x1b[31m.md", knowledge.ErrBadName, writeDoc("evil\x1b[2J\x1b[31m.md")},
		{"newline in a name", "two\nlines.md", knowledge.ErrBadName, writeDoc("two\nlines.md")},
	}
}

func symlink(target, name string) func(string) error {
	return func(dir string) error { return os.Symlink(target, filepath.Join(dir, name)) }
}

func writeDoc(name string) func(string) error {
	return func(dir string) error {
		return os.WriteFile(filepath.Join(dir, name), []byte("Un document au nom hostile.\n"), 0o644)
	}
}
