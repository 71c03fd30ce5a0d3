package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/articlebot/articlebot/internal/french/wordlist"
)

func main() {
	dir := flag.String("dir", ".", "the directory of package french (holding data/)")
	flag.Parse()
	src, err := wordlist.Generate(os.DirFS(*dir))
	if err != nil {
		log.Fatalf("genwords: %v", err)
	}
	if err := os.WriteFile(filepath.Join(*dir, "lists_gen.go"), src, 0o644); err != nil {
		log.Fatalf("genwords: %v", err)
	}
}
