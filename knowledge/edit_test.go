package knowledge_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/knowledge"
)

const (
	docA = "---\ntitle: Le port\n---\n\nLe port a traité 7 millions de conteneurs en 2021.\n"
	docB = "---\ntitle: Les agrumes\n---\n\nLa récolte a atteint 2,9 millions de tonnes.\n"
)

// editDir is a knowledge directory with files, a store loaded from it and
// an editor of it.
func editDir(t *testing.T, files map[string]string) (string, *knowledge.Store, *knowledge.Editor) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := knowledge.Options{MaxFileSize: 1 << 10}
	store := knowledge.NewStore(knowledge.DirSource(dir), opts)
	if _, err := store.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if b := store.Base(); b != nil {
			b.Close()
		}
	})
	return dir, store, knowledge.NewEditor(dir, store, opts)
}

// listDir names every entry below dir, hidden ones included.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// nameReasons are the reasons a name is refused, each also ErrBadName.
var nameReasons = []error{knowledge.ErrEmptyName, knowledge.ErrNameSpaces, knowledge.ErrNameTooLong, knowledge.ErrNameHasPath,
	knowledge.ErrHiddenName, knowledge.ErrUnprintableName, knowledge.ErrNotDocumentName}

func TestEditorAdd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		files    map[string]string
		add      string
		content  string
		replace  bool
		want     error  // nil: added
		inErr    string // in the error
		added    []string
		changed  []string
		unchange string            // refused: this file keeps its content (name=content)
		later    map[string]string // files written once the base is loaded
	}{
		{name: "new document", files: map[string]string{"a.md": docA}, add: "b.md", content: docB, added: []string{"b"}},
		{name: "new text file", files: map[string]string{"a.md": docA}, add: "notes.txt", content: "Des notes\n\nLe secteur compte 80.000 salariés.\n", added: []string{"notes"}},
		{name: "not UTF-8", files: map[string]string{"a.md": docA}, add: "b.txt", content: "Caf\xe9\n", want: knowledge.ErrNotUTF8, inErr: "b.txt"},
		{name: "empty", files: map[string]string{"a.md": docA}, add: "b.md", content: "---\ntitle: x\n---\n\n# Titre\n", want: knowledge.ErrEmptyDocument},
		{name: "bad front matter", files: map[string]string{"a.md": docA}, add: "b.md", content: "---\ntitle: [x\n---\n\nTexte.\n", want: knowledge.ErrFrontMatter},
		{name: "too large", files: map[string]string{"a.md": docA}, add: "b.md", content: strings.Repeat("Un mot. ", 200), want: knowledge.ErrTooLarge},
		{name: "same id as another file", files: map[string]string{"sub/b.md": docA}, add: "b.md", content: docB, want: knowledge.ErrDuplicateID, unchange: "sub/b.md"},
		{name: "exists", files: map[string]string{"a.md": docA}, add: "a.md", content: docB, want: knowledge.ErrFileExists, unchange: "a.md"},
		{name: "replaced", files: map[string]string{"a.md": docA, "c.md": docB}, add: "a.md", content: docB, replace: true, changed: []string{"a"}},
		{name: "replace with a bad one", files: map[string]string{"a.md": docA, "c.md": docB}, add: "a.md", content: "", replace: true, want: knowledge.ErrEmptyDocument, unchange: "a.md"},
		{name: "a broken directory", files: map[string]string{"a.md": docA}, later: map[string]string{"latin1.txt": "Caf\xe9"}, add: "b.md", content: docB, want: knowledge.ErrNotUTF8, inErr: "latin1.txt"},
		{name: "path", files: map[string]string{"a.md": docA}, add: "../b.md", content: docB, want: knowledge.ErrNameHasPath, inErr: "../b.md"},
		{name: "subdirectory", files: map[string]string{"a.md": docA}, add: "sub/b.md", content: docB, want: knowledge.ErrNameHasPath},
		{name: "backslash", files: map[string]string{"a.md": docA}, add: `..\b.md`, content: docB, want: knowledge.ErrNameHasPath},
		{name: "pdf", files: map[string]string{"a.md": docA}, add: "b.pdf", content: docB, want: knowledge.ErrNotDocumentName, inErr: "b.pdf"},
		{name: "hidden", files: map[string]string{"a.md": docA}, add: ".b.md", content: docB, want: knowledge.ErrHiddenName, inErr: ".b.md"},
		{name: "backup", files: map[string]string{"a.md": docA}, add: "b.md~", content: docB, want: knowledge.ErrHiddenName},
		{name: "extension only", files: map[string]string{"a.md": docA}, add: ".md", content: docB, want: knowledge.ErrHiddenName},
		{name: "spaces only before the extension", files: map[string]string{"a.md": docA}, add: "  .md", content: docB, want: knowledge.ErrNameSpaces},
		{name: "empty name", files: map[string]string{"a.md": docA}, add: "", content: docB, want: knowledge.ErrEmptyName},
		{name: "name too long", files: map[string]string{"a.md": docA}, add: strings.Repeat("a", knowledge.MaxNameLength) + ".md", content: docB, want: knowledge.ErrNameTooLong, inErr: "aaaa.md"},
		{name: "control character", files: map[string]string{"a.md": docA}, add: "\x1b[2Jb.md", content: docB, want: knowledge.ErrUnprintableName, inErr: `"\x1b[2Jb.md"`},
		{name: "name not UTF-8", files: map[string]string{"a.md": docA}, add: "b\xff.md", content: docB, want: knowledge.ErrUnprintableName},
		{name: "bidi override", files: map[string]string{"a.md": docA}, add: "b\u202etxt.md", content: docB, want: knowledge.ErrUnprintableName},
		{name: "leading space", files: map[string]string{"a.md": docA}, add: " b.md", content: docB, want: knowledge.ErrNameSpaces},
		{name: "trailing space", files: map[string]string{"a.md": docA}, add: "b.md ", content: docB, want: knowledge.ErrNameSpaces},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, store, ed := editDir(t, tt.files)
			for name, content := range tt.later {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := listDir(t, dir)
			d, err := ed.Add(context.Background(), tt.add, []byte(tt.content), tt.replace)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("Add = %v, want %v", err, tt.want)
				}
				if slices.Contains(nameReasons, tt.want) && !errors.Is(err, knowledge.ErrBadName) {
					t.Errorf("Add = %v, want it to be ErrBadName too", err)
				}
				if !strings.Contains(err.Error(), tt.inErr) {
					t.Errorf("error %q does not name %q", err, tt.inErr)
				}
				if after := listDir(t, dir); !slices.Equal(after, before) {
					t.Errorf("refused, yet the directory changed: %v -> %v", before, after)
				}
				if tt.unchange != "" {
					if got, _ := os.ReadFile(filepath.Join(dir, tt.unchange)); string(got) != tt.files[tt.unchange] {
						t.Errorf("%s changed: %q", tt.unchange, got)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Add: %v", err)
			}
			if !slices.Equal(d.DocsAdded, tt.added) || !slices.Equal(d.DocsChanged, tt.changed) {
				t.Errorf("diff added %v changed %v, want %v %v", d.DocsAdded, d.DocsChanged, tt.added, tt.changed)
			}
			got, err := os.ReadFile(filepath.Join(dir, tt.add))
			if err != nil || string(got) != tt.content {
				t.Errorf("file %s = %q, %v", tt.add, got, err)
			}
			for _, name := range listDir(t, dir) {
				if strings.HasPrefix(filepath.Base(name), ".") {
					t.Errorf("temporary file left: %s", name)
				}
			}
			id := strings.TrimSuffix(tt.add, filepath.Ext(tt.add))
			if _, ok := store.Base().Document(id); !ok {
				t.Errorf("document %s not loaded", id)
			}
		})
	}
}

// TestEditorAddSymlink: a link named like the document is never written
// through, even to replace it.
func TestEditorAddSymlink(t *testing.T) {
	t.Parallel()
	dir, _, ed := editDir(t, map[string]string{"a.md": docA})
	outside := filepath.Join(t.TempDir(), "target.md")
	if err := os.WriteFile(outside, []byte(docB), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.md")); err != nil {
		t.Skip(err)
	}
	for _, replace := range []bool{false, true} {
		if _, err := ed.Add(context.Background(), "link.md", []byte(docA), replace); !errors.Is(err, knowledge.ErrSymlink) {
			t.Errorf("replace=%v: Add = %v, want ErrSymlink", replace, err)
		}
	}
	if got, _ := os.ReadFile(outside); string(got) != docB {
		t.Errorf("the link's target changed: %q", got)
	}
}

// failingReloader fails every reload, as when the directory changed
// between the check and the reload.
type failingReloader struct{}

var errReload = errors.New("reload refused")

func (failingReloader) Reload(context.Context) (knowledge.Diff, error) {
	return knowledge.Diff{}, errReload
}

func TestEditorUndo(t *testing.T) {
	t.Parallel()
	files := map[string]string{"a.md": docA, "b.md": docB}
	tests := []struct {
		name string
		do   func(*knowledge.Editor) error
	}{
		{"add", func(e *knowledge.Editor) error {
			_, err := e.Add(context.Background(), "c.md", []byte(docB), false)
			return err
		}},
		{"replace", func(e *knowledge.Editor) error {
			_, err := e.Add(context.Background(), "a.md", []byte(docB), true)
			return err
		}},
		{"remove", func(e *knowledge.Editor) error {
			_, err := e.Remove(context.Background(), "a")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, _, _ := editDir(t, files)
			ed := knowledge.NewEditor(dir, failingReloader{}, knowledge.Options{})
			if err := tt.do(ed); !errors.Is(err, errReload) {
				t.Fatalf("got %v, want the reload's error", err)
			}
			if got := listDir(t, dir); !slices.Equal(got, []string{"a.md", "b.md"}) {
				t.Errorf("directory after the undo: %v", got)
			}
			for name, want := range files {
				if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != want {
					t.Errorf("%s = %q after the undo", name, got)
				}
			}
		})
	}
}

func TestEditorRemove(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		files   map[string]string
		id      string
		want    error
		removed string // file gone
	}{
		{name: "removed", files: map[string]string{"a.md": docA, "b.md": docB}, id: "a", removed: "a.md"},
		{name: "in a subdirectory", files: map[string]string{"a.md": docA, "sub/b.md": docB}, id: "b", removed: "sub/b.md"},
		{name: "unknown", files: map[string]string{"a.md": docA, "b.md": docB}, id: "c", want: knowledge.ErrNoSuchDocument},
		{name: "by path", files: map[string]string{"a.md": docA, "b.md": docB}, id: "a.md", want: knowledge.ErrNoSuchDocument},
		{name: "the last one", files: map[string]string{"a.md": docA}, id: "a", want: knowledge.ErrNoDocuments},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, store, ed := editDir(t, tt.files)
			before := listDir(t, dir)
			d, err := ed.Remove(context.Background(), tt.id)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("Remove = %v, want %v", err, tt.want)
				}
				if after := listDir(t, dir); !slices.Equal(after, before) {
					t.Errorf("refused, yet the directory changed: %v -> %v", before, after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.DocsRemoved, []string{tt.id}) {
				t.Errorf("diff removed %v", d.DocsRemoved)
			}
			for _, name := range listDir(t, dir) {
				if name == tt.removed || strings.HasPrefix(filepath.Base(name), ".") {
					t.Errorf("%s left in the directory", name)
				}
			}
			if _, ok := store.Base().Document(tt.id); ok {
				t.Errorf("%s still loaded", tt.id)
			}
		})
	}
}

// TestEditorRefusalDetails: the refusals that carry details a caller
// shows (the size limit, the other file of an id) are typed errors, still
// matched by their sentinel, and name the file.
func TestEditorRefusalDetails(t *testing.T) {
	t.Parallel()
	_, _, ed := editDir(t, map[string]string{"sub/b.md": docA})
	_, err := ed.Add(context.Background(), "big.md", []byte(strings.Repeat("Un mot. ", 200)), false)
	var se *knowledge.SizeError
	if !errors.As(err, &se) || !errors.Is(err, knowledge.ErrTooLarge) || se.Limit != 1<<10 || se.Size != 1600 || !strings.Contains(err.Error(), "big.md") {
		t.Errorf("too large: %v (%+v), want a *SizeError of 1600 bytes, limit 1024, naming big.md", err, se)
	}
	_, err = ed.Add(context.Background(), "b.txt", []byte(docB), false)
	var de *knowledge.DuplicateIDError
	if !errors.As(err, &de) || !errors.Is(err, knowledge.ErrDuplicateID) || de.ID != "b" || de.Other != "b.txt" && de.Other != "sub/b.md" {
		t.Errorf("duplicate: %v (%+v), want a *DuplicateIDError of id b", err, de)
	}
	var fe *knowledge.FileError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), fe.Path) {
		t.Errorf("duplicate: %v, want a *FileError naming the file", err)
	}
}
