package benchcorpus

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"testing/fstest"
)

// Read reads the regular files of the tar.gz archive at path.
func Read(path string) (fstest.MapFS, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	tr := tar.NewReader(zr)
	fsys := fstest.MapFS{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return fsys, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, h.Name, err)
		}
		fsys[h.Name] = &fstest.MapFile{Data: data}
	}
}
