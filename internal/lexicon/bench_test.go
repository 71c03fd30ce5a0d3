package lexicon

import (
	"runtime"
	"testing"
)

// BenchmarkNew measures opening the embedded data and reports the heap the
// opened Lexicon retains (retained-MiB).
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	var before, after runtime.MemStats
	var keep *Lexicon
	for b.Loop() {
		l, err := New()
		if err != nil {
			b.Fatal(err)
		}
		keep = l
	}
	b.StopTimer()
	keep = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	keep, _ = New()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "retained-MiB")
	runtime.KeepAlive(keep)
}

func BenchmarkSynonyms(b *testing.B) {
	l := lex(b)
	words := []string{"embaucher", "travaillent", "employés", "redemarrera", "qwxzv"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.Synonyms(words[i%len(words)])
	}
}

func BenchmarkTranslate(b *testing.B) {
	l := lex(b)
	words := []string{"employees", "sector", "hiring", "qwxzv"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.Translate(words[i%len(words)])
	}
}

// BenchmarkParseVerbs measures the part of [New] that opens the verbiste
// data (templates, the verb lines' offsets and checks, ending index).
func BenchmarkParseVerbs(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		fold, err := openIndexed(verbsFoldFile, verbsFoldText, verbsFoldIdx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := parseVerbs(verbsText, verbsIdx, fold); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInfinitives(b *testing.B) {
	l := lex(b)
	words := []string{"meurt", "redémarreront", "redemarreront", "mortes", "suis", "qwxzv", "anticonstitutionnellement"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.Infinitives(words[i%len(words)])
	}
}

func BenchmarkVerbForms(b *testing.B) {
	l := lex(b)
	words := []string{"mourir", "redémarrer", "naitre", "qwxzv"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.VerbForms(words[i%len(words)])
	}
}

func BenchmarkLemmas(b *testing.B) {
	l := lex(b)
	words := []string{"mort", "travaillent", "employés", "redemarreront", "peut", "qwxzv"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.Lemmas(words[i%len(words)])
	}
}
