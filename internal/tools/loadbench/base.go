package main

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/articlebot/articlebot/knowledge"
)

// file is one document of a base: its name and content.
type file struct {
	name string
	data []byte
}

// readCorpus reads the regular files of a .tar.gz, in archive order.
func readCorpus(name string) ([]file, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("corpus %s: %w", name, err)
	}
	tr := tar.NewReader(zr)
	var out []file
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("corpus %s: %w", name, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("corpus %s: %w", name, err)
		}
		out = append(out, file{name: path.Base(h.Name), data: data})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("corpus %s: no document", name)
	}
	return out, nil
}

// topUp returns docs followed by copies of its first documents, under new
// names, until the whole reaches size bytes.
func topUp(docs []file, size int) []file {
	out := append([]file(nil), docs...)
	total := totalSize(out)
	for i := 0; total < size; i++ {
		d := docs[i%len(docs)]
		out = append(out, file{name: copyName(d.name, 2+i/len(docs)), data: d.data})
		total += len(d.data)
	}
	return out
}

// scale returns k copies of base, the copies under new names.
func scale(base []file, k int) []file {
	out := make([]file, 0, k*len(base))
	for c := range k {
		for _, d := range base {
			if c > 0 {
				d.name = copyName(d.name, 100+c)
			}
			out = append(out, d)
		}
	}
	return out
}

// copyName is name with "-cN" before its extension.
func copyName(name string, n int) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "-c" + strconv.Itoa(n) + ext
}

func totalSize(files []file) int {
	n := 0
	for _, f := range files {
		n += len(f.data)
	}
	return n
}

// writeBase writes files into dir, which it empties first.
func writeBase(dir string, files []file) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return fmt.Errorf("write base: %w", err)
		}
	}
	return nil
}

// writePassages reads the base in dir ("": the embedded article) as
// articlebot does and writes its passages to out, one a line: document id,
// passage number, the document's title and the passage's text, in
// knowledge's search form (SearchForm: grouped digits joined), separated
// by tabs. It returns the number of passages.
func writePassages(ctx context.Context, dir, out string) (int, error) {
	docs, err := readDocs(ctx, dir)
	if err != nil {
		return 0, err
	}
	f, err := os.Create(out)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	n := 0
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	for _, d := range docs {
		title := clean.Replace(knowledge.SearchForm(d.Title))
		for _, p := range d.Passages {
			fmt.Fprintf(w, "%s\t%d\t%s\t%s\n", d.ID, p.N, title, clean.Replace(knowledge.SearchForm(p.Text)))
			n++
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	return n, f.Close()
}

// runPassages is `loadbench passages DIR|- OUT`: it writes the passages
// file of the base in DIR ("-": the embedded article), which the start-up
// programs (cmd/startfts5, cmd/startbleve) read.
func runPassages(args []string) error {
	if len(args) != 2 {
		return errors.New("usage: loadbench passages DIR|- OUT")
	}
	n, err := writePassages(context.Background(), args[0], args[1])
	if err != nil {
		return err
	}
	fmt.Printf("%d passages\n", n)
	return nil
}
