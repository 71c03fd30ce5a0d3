package benchcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	fsys, err := Read("../../knowledge/testdata/bench/manpages-fr.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	if len(fsys) < 400 {
		t.Errorf("%d documents, want the corpus's 500", len(fsys))
	}
	for name, f := range fsys {
		if len(f.Data) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.tar.gz")
	if err := os.WriteFile(bad, []byte("not gzip"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(bad); err == nil {
		t.Error("a file that is not gzip was read")
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing.tar.gz")); err == nil {
		t.Error("a missing file was read")
	}
}
