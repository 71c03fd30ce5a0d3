package shared

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// ModuleRoot walks up from dir to the first directory holding go.mod.
func ModuleRoot(dir string) (string, error) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod found above " + dir)
		}
		dir = parent
	}
}

// Path returns ../shared/<elem...> beside the module root above dir, or an
// error saying why it cannot be found.
func Path(dir string, elem ...string) (string, error) {
	root, err := ModuleRoot(dir)
	if err != nil {
		return "", err
	}
	p := filepath.Join(append([]string{filepath.Dir(root), "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s not found: ../shared beside the repository is only present in the development workplace", p)
	}
	return p, nil
}

// TestPath is Path from the test's working directory; it skips the test
// with the reason when the file is absent.
func TestPath(tb testing.TB, elem ...string) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	p, err := Path(wd, elem...)
	if err != nil {
		tb.Skipf("skipping: %v", err)
	}
	return p
}
