package bot

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTransportIndependent keeps the layout honest: package bot (tests
// included) imports neither discordgo nor the adapter; package bot/discord
// holds them.
func TestTransportIndependent(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(path, "discordgo") || strings.HasSuffix(path, "/bot/discord") || strings.HasSuffix(path, "/fakediscord") {
				t.Errorf("%s imports %s: Discord belongs to package bot/discord", name, path)
			}
		}
	}
}
