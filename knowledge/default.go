package knowledge

import (
	"context"
	"embed"
	"io/fs"
)

//go:embed defaultkb
var defaultKB embed.FS

// DefaultFS is the knowledge base embedded in the binary: the first article,
// as one Markdown document with front matter.
func DefaultFS() fs.FS {
	sub, err := fs.Sub(defaultKB, "defaultkb")
	if err != nil { // cannot happen: the directory is embedded
		panic(err)
	}
	return sub
}

// LoadDefault loads the embedded knowledge base.
func LoadDefault(ctx context.Context) (*Base, error) {
	return Load(ctx, DefaultFS(), Options{})
}
