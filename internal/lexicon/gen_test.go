package lexicon

import (
	"bytes"
	"os"
	"reflect"
	"testing"
)

// TestVerbTablesUpToDate: verbs_gen.go is what genlexicon -derive writes
// from the data files as they are (run go generate ./internal/lexicon
// after changing them).
func TestVerbTablesUpToDate(t *testing.T) {
	want, err := VerbTablesSource(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("verbs_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("internal/lexicon/verbs_gen.go is out of date: run go generate ./internal/lexicon")
	}
}

// TestGeneratedVerbs: the embedded data opened from the generated tables
// is the embedded data parsed.
func TestGeneratedVerbs(t *testing.T) {
	fold, err := openIndexed(verbsFoldFile, verbsFoldText, verbsFoldIdx)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := parseVerbs(verbsText, verbsIdx, fold)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := openGenerated(verbsText, verbsIdx, fold, &genVerbs)
	if err != nil {
		t.Fatal(err)
	}
	if len(gen.tmpls) < 100 || len(gen.ends.keys) < 100 {
		t.Fatalf("%d templates, %d endings", len(gen.tmpls), len(gen.ends.keys))
	}
	if !reflect.DeepEqual(parsed, gen) {
		t.Error("the generated verb tables differ from the parsed data")
	}
	l := Lazy()
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l.verbs, parsed) {
		t.Error("Lazy does not open the generated tables")
	}
}
