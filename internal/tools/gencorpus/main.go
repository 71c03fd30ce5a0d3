package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
)

func main() {
	src := flag.String("src", "/usr/share/man/fr", "root of the French manual pages (contains man1, man5, …)")
	out := flag.String("out", "", "directory to write the .md documents into (created if missing)")
	archive := flag.String("archive", "", "path of a .tar.gz to write the documents into")
	docs := flag.Int("docs", 500, "number of documents to keep")
	total := flag.Int("bytes", 2500000, "approximate total size of the documents in bytes")
	minSize := flag.Int("min", 500, "minimum body size in bytes for a page to be kept")
	flag.Parse()
	if *out == "" && *archive == "" {
		log.Fatal("gencorpus: give -out DIR and/or -archive FILE.tar.gz")
	}
	files, err := generate(*src, *docs, *total, *minSize)
	if err != nil {
		log.Fatalf("gencorpus: %v", err)
	}
	size := 0
	for _, f := range files {
		size += len(f.data)
	}
	if len(files) < *docs {
		log.Printf("gencorpus: only %d pages qualified (wanted %d)", len(files), *docs)
	}
	if *out != "" {
		if err := writeDir(*out, files); err != nil {
			log.Fatalf("gencorpus: %v", err)
		}
	}
	if *archive != "" {
		if err := writeArchive(*archive, files); err != nil {
			log.Fatalf("gencorpus: %v", err)
		}
	}
	fmt.Printf("%d documents, %d bytes\n", len(files), size)
}

// file is one generated document.
type file struct {
	name string
	data []byte
}

// page is a rendered, filtered manual page.
type page struct {
	name, section string
	summary       string // text of the NOM section
	blocks        []block
}

// block is a heading or a paragraph of a page body.
type block struct {
	heading int // 0 for a paragraph, 2 or 3 for a heading level
	text    string
}

var pageFile = regexp.MustCompile(`^(.+)\.([0-9])([a-z]*)(\.gz)?$`)

func generate(src string, want, total, minSize int) ([]file, error) {
	var paths []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && pageFile.MatchString(d.Name()) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list pages: %w", err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no manual pages under %s (install manpages-fr)", src)
	}
	sort.Strings(paths)
	lang := newLangFilter()
	var pages []page
	for _, p := range paths {
		text, err := render(src, p)
		if err != nil {
			log.Printf("gencorpus: skip %s: %v", p, err)
			continue
		}
		m := pageFile.FindStringSubmatch(filepath.Base(p))
		pg := parse(text, lang)
		pg.name, pg.section = m[1], m[2]
		pages = append(pages, pg)
	}

	// First pass: size each page once repeated paragraphs are gone, and keep
	// the largest ones.
	sized := dedup(pages)
	var keep []page
	for _, pg := range sized {
		if bodySize(pg.blocks) >= minSize {
			keep = append(keep, pg)
		}
	}
	sort.SliceStable(keep, func(i, j int) bool { return bodySize(keep[i].blocks) > bodySize(keep[j].blocks) })
	if len(keep) > want {
		keep = keep[:want]
	}
	names := map[string]bool{}
	for _, pg := range keep {
		names[pg.name+"."+pg.section] = true
	}
	// Second pass: deduplicate again among the kept pages only, in name order.
	var chosen []page
	for _, pg := range pages {
		if names[pg.name+"."+pg.section] {
			chosen = append(chosen, pg)
		}
	}
	chosen = dedup(chosen)

	// Find the largest per-document cap that keeps the total under budget.
	build := func(limit int) []file {
		files := make([]file, 0, len(chosen))
		used := map[string]bool{}
		for _, pg := range chosen {
			name := fileName(pg, used)
			files = append(files, file{name: name, data: document(pg, limit)})
		}
		return files
	}
	sum := func(fs []file) int {
		n := 0
		for _, f := range fs {
			n += len(f.data)
		}
		return n
	}
	lo, hi := 0, 1<<24
	if sum(build(hi)) <= total {
		return build(hi), nil
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if sum(build(mid)) <= total {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return build(lo), nil
}

// render turns one manual page into plain UTF-8 text, one paragraph per line
// as far as the formatter allows.
func render(root, path string) (string, error) {
	var cmd *exec.Cmd
	if _, err := exec.LookPath("mandoc"); err == nil {
		cmd = exec.Command("mandoc", "-T", "utf8", "-O", "width=1000", path)
	} else {
		cmd = exec.Command("man", "--nh", "--nj", "-E", "UTF-8", "-l", path)
		cmd.Env = append(os.Environ(), "MANWIDTH=1000", "MANPAGER=cat", "PAGER=cat", "MAN_KEEP_FORMATTING=")
	}
	cmd.Dir = root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	if stdout.Len() == 0 {
		if runErr == nil {
			runErr = errors.New("empty output")
		}
		return "", fmt.Errorf("%s: %w (%s)", cmd.Path, runErr, strings.TrimSpace(stderr.String()))
	}
	return stripOverstrike(stdout.String()), nil
}

// stripOverstrike removes the "x\bx" and "_\bx" sequences formatters use for
// bold and underline.
func stripOverstrike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '\b' {
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// skipSections are boilerplate sections shared by most pages.
func skipSection(h string) bool {
	switch strings.ToUpper(strings.TrimSpace(h)) {
	case "TRADUCTION", "TRADUCTEURS", "COLOPHON", "VOIR AUSSI", "AUTEUR", "AUTEURS",
		"AUTHOR", "AUTHORS", "COPYRIGHT", "DROITS D'AUTEUR", "DROIT D'AUTEUR",
		"LICENCE", "SIGNALER DES BOGUES", "SIGNALEMENT DE BOGUES", "SEE ALSO", "SYNOPSIS":
		return true
	}
	return false
}

// parse splits rendered text into headings and French paragraphs.
func parse(text string, lang langFilter) page {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	// Drop the header (first line) and footer (last non-empty line).
	if len(lines) > 0 {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) > 0 {
		lines = lines[:len(lines)-1]
	}
	var pg page
	var para []string
	section, skipping := "", false
	flush := func() {
		if len(para) == 0 {
			return
		}
		p := strings.Join(para, "\n")
		para = para[:0]
		if skipping {
			return
		}
		if strings.EqualFold(section, "NOM") && pg.summary == "" {
			pg.summary = strings.Join(strings.Fields(p), " ")
		}
		if lang.french(p) {
			pg.blocks = append(pg.blocks, block{text: p})
		}
	}
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\u00a0")
		indent := len(l) - len(strings.TrimLeft(l, " "))
		switch {
		case strings.TrimSpace(l) == "":
			flush()
		case indent == 0:
			flush()
			section = strings.TrimSpace(l)
			skipping = skipSection(section)
			if !skipping {
				pg.blocks = append(pg.blocks, block{heading: 2, text: section})
			}
		case indent == 3 && len(para) == 0:
			flush()
			if !skipping {
				pg.blocks = append(pg.blocks, block{heading: 3, text: strings.TrimSpace(l)})
			}
		default:
			para = append(para, strings.TrimSpace(l))
		}
	}
	flush()
	return pg
}

// dedup returns copies of pages without the paragraphs that already appeared
// in an earlier page (or earlier in the same page), and without the headings
// left with no paragraph.
func dedup(pages []page) []page {
	seen := map[string]bool{}
	out := make([]page, 0, len(pages))
	for _, pg := range pages {
		var kept []block
		for _, b := range pg.blocks {
			if b.heading != 0 {
				kept = append(kept, b)
				continue
			}
			key := strings.ToLower(strings.Join(strings.Fields(b.text), " "))
			if seen[key] {
				continue
			}
			seen[key] = true
			kept = append(kept, b)
		}
		pg.blocks = pruneHeadings(kept)
		out = append(out, pg)
	}
	return out
}

// pruneHeadings drops headings not followed by a paragraph before the next
// heading of the same or a higher level.
func pruneHeadings(bs []block) []block {
	var out []block
	for i, b := range bs {
		if b.heading == 0 {
			out = append(out, b)
			continue
		}
		for _, n := range bs[i+1:] {
			if n.heading == 0 {
				out = append(out, b)
				break
			}
			if n.heading <= b.heading {
				break
			}
		}
	}
	return out
}

func bodySize(bs []block) int {
	n := 0
	for _, b := range bs {
		if b.heading == 0 {
			n += len(b.text) + 2
		}
	}
	return n
}

// document renders a page as Markdown with YAML front matter, keeping
// paragraphs while the body stays within limit bytes (at least one).
func document(pg page, limit int) []byte {
	var body strings.Builder
	var pending []block
	paras := 0
	for _, b := range pg.blocks {
		if b.heading != 0 {
			// A heading replaces pending ones of the same or a deeper level.
			for len(pending) > 0 && pending[len(pending)-1].heading >= b.heading {
				pending = pending[:len(pending)-1]
			}
			pending = append(pending, b)
			continue
		}
		var chunk strings.Builder
		for _, h := range pending {
			chunk.WriteString(strings.Repeat("#", h.heading) + " " + h.text + "\n\n")
		}
		chunk.WriteString(b.text + "\n\n")
		if paras > 0 && body.Len()+chunk.Len() > limit {
			break
		}
		pending = pending[:0]
		body.WriteString(chunk.String())
		paras++
	}

	ref := fmt.Sprintf("%s(%s)", pg.name, pg.section)
	title := ref
	if _, desc, ok := strings.Cut(pg.summary, " - "); ok && desc != "" {
		title = ref + " : " + strings.TrimSpace(desc)
	}
	tags := []string{"manpage", "section-" + pg.section}
	if t := sectionTag(pg.section); t != "" {
		tags = append(tags, t)
	}
	var doc bytes.Buffer
	doc.WriteString("---\n")
	doc.WriteString("title: " + quote(title) + "\n")
	doc.WriteString("source: " + quote("Debian manpages-fr: "+ref) + "\n")
	doc.WriteString("lang: fr\n")
	qt := make([]string, len(tags))
	for i, t := range tags {
		qt[i] = quote(t)
	}
	doc.WriteString("tags: [" + strings.Join(qt, ", ") + "]\n")
	doc.WriteString("---\n\n")
	doc.WriteString(strings.TrimRight(body.String(), "\n") + "\n")
	return doc.Bytes()
}

// quote returns s as a YAML double-quoted scalar (JSON strings are valid
// YAML).
func quote(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err) // a string always marshals
	}
	return string(b)
}

func sectionTag(sec string) string {
	switch sec {
	case "1":
		return "commandes"
	case "2":
		return "appels-systeme"
	case "3":
		return "bibliotheques"
	case "4":
		return "fichiers-speciaux"
	case "5":
		return "formats-de-fichiers"
	case "6":
		return "jeux"
	case "7":
		return "divers"
	case "8":
		return "administration-systeme"
	}
	return ""
}

func fileName(pg page, used map[string]bool) string {
	clean := strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_') {
			return r
		}
		return '_'
	}, pg.name)
	base := clean + "." + pg.section
	name := base + ".md"
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s-%d.md", base, i)
	}
	used[name] = true
	return name
}

// langFilter tells French paragraphs from English or non-prose ones by
// counting frequent function words.
type langFilter struct {
	fr, en map[string]bool
}

func newLangFilter() langFilter {
	set := func(words string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(words) {
			m[w] = true
		}
		return m
	}
	return langFilter{
		fr: set("le la les l de des du d un une est et pour dans qui que qu sur par avec ne pas sont cette ce ces au aux à être sera peut son sa ses leur si sans été fichier fichiers option"),
		en: set("the of and to is in for that with this are be by it an as or from which can will not if when file files"),
	}
}

func (lf langFilter) french(p string) bool {
	words := strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) < 3 {
		return false
	}
	fr, en := 0, 0
	for _, w := range words {
		if lf.fr[w] {
			fr++
		}
		if lf.en[w] {
			en++
		}
	}
	return fr >= 1 && fr > en
}

func writeDir(dir string, files []file) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", f.name, err)
		}
	}
	return nil
}

// writeArchive writes files under manpages-fr/ in a reproducible gzip'ed tar.
func writeArchive(path string, files []file) error {
	var buf bytes.Buffer
	gz, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	tw := tar.NewWriter(gz)
	mtime := time.Date(2020, 4, 23, 0, 0, 0, 0, time.UTC)
	sorted := append([]file(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: "manpages-fr/", Mode: 0o755, ModTime: mtime, Format: tar.FormatUSTAR}); err != nil {
		return fmt.Errorf("tar: %w", err)
	}
	for _, f := range sorted {
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: "manpages-fr/" + f.name, Mode: 0o644, Size: int64(len(f.data)), ModTime: mtime, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("tar %s: %w", f.name, err)
		}
		if _, err := tw.Write(f.data); err != nil {
			return fmt.Errorf("tar %s: %w", f.name, err)
		}
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("tar: %w", err)
	}
	if err := gz.Close(); err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
