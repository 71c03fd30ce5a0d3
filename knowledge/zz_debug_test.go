package knowledge

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDebug(t *testing.T) {
	in := os.Getenv("ZZ")
	if in == "" {
		t.Skip()
	}
	for _, line := range strings.Split(in, "\n") {
		fmt.Printf("%s\n", line)
		for _, q := range ReadNumbers(line) {
			fmt.Printf("   %v\n", q)
		}
	}
}

func TestZZFigures(t *testing.T) {
	if os.Getenv("ZZF") == "" {
		t.Skip()
	}
	var docs []Document
	if f := os.Getenv("ZZF"); f != "1" {
		raw, _ := os.ReadFile(f)
		d, err := ParseDocument("x", ".md", raw)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	} else {
		b, _ := LoadDefault(t.Context())
		docs = b.Documents()
	}
	for _, d := range docs {
		for _, f := range ExtractFigures(d) {
			fmt.Printf("§%d %-40q what=%q ctx=%q period=%q approx=%q\n", f.Passage, f.Text, f.What, f.Context, f.Period, f.Approx)
		}
	}
}

func TestZZSent(t *testing.T) {
	s := os.Getenv("ZZS")
	if s == "" {
		t.Skip()
	}
	st := newSentence(s)
	for i, w := range st.w {
		fmt.Printf("%d %q q=%d approx=%v\n", i, w.text, w.q, w.approx)
	}
	fmt.Println(st.qw)
}

func TestZZSum(t *testing.T) {
	if os.Getenv("ZZM") == "" {
		t.Skip()
	}
	var docs []Document
	if f := os.Getenv("ZZM"); f != "1" {
		raw, _ := os.ReadFile(f)
		d, _ := ParseDocument("x", ".md", raw)
		docs = append(docs, d)
	} else {
		b, _ := LoadDefault(t.Context())
		docs = b.Documents()
	}
	for _, d := range docs {
		for _, s := range Summarize(d, 100) {
			fmt.Printf("§%d.%d %.4f %s\n", s.Passage, s.Index, s.Score, s.Text[:min(90, len(s.Text))])
		}
		fmt.Println("--- 3:")
		for _, s := range Summarize(d, 3) {
			fmt.Printf("§%d.%d %.4f %s\n", s.Passage, s.Index, s.Score, s.Text[:min(90, len(s.Text))])
		}
	}
}
