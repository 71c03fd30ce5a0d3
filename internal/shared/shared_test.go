package shared

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPathFinding(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	sub := filepath.Join(repo, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Path(sub, "x.txt"); err == nil {
		t.Fatal("found a file without go.mod")
	}
	if err := os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Path(sub, "x.txt"); err == nil {
		t.Fatal("found a file that does not exist")
	}
	if err := os.MkdirAll(filepath.Join(root, "shared"), 0o755); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, "shared", "x.txt")
	if err := os.WriteFile(want, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Path(sub, "x.txt"); err != nil || got != want {
		t.Fatalf("Path = %q, %v; want %q", got, err, want)
	}
}
