package bot

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestSplit(t *testing.T) {
	long := func(word string, n int) string { return strings.TrimSpace(strings.Repeat(word+" ", n)) }
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"empty", "", 100, nil},
		{"white space only", " \n\t\n ", 100, nil},
		{"fits", "  Bonjour.\n\nAu revoir.  ", 100, []string{"Bonjour.\n\nAu revoir."}},
		{"exactly the limit", strings.Repeat("a", 40), 40, []string{strings.Repeat("a", 40)}},
		{
			"paragraphs first",
			"Premier paragraphe. Deux phrases.\n\nSecond paragraphe, assez long pour déborder.",
			60,
			[]string{"Premier paragraphe. Deux phrases.", "Second paragraphe, assez long pour déborder."},
		},
		{
			"paragraph preferred to a later sentence end",
			"Titre\n\nUne phrase. Une autre phrase qui déborde.",
			40,
			[]string{"Titre", "Une phrase.", "Une autre phrase qui déborde."},
		},
		{
			"lines before sentences",
			"ligne un. suite\nligne deux est plus longue",
			40,
			[]string{"ligne un. suite", "ligne deux est plus longue"},
		},
		{
			"sentences",
			"Le secteur emploie 80.000 salariés. Il vise la rentabilité. La crise dure.",
			50,
			[]string{"Le secteur emploie 80.000 salariés.", "Il vise la rentabilité. La crise dure."},
		},
		{
			"words",
			long("mot", 20),
			40,
			[]string{long("mot", 10), long("mot", 10)},
		},
		{
			"hard cut of a long word",
			strings.Repeat("x", 70),
			32,
			[]string{strings.Repeat("x", 32), strings.Repeat("x", 32), strings.Repeat("x", 6)},
		},
		{
			"French spacing kept with the word before",
			"aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa ? fin",
			32,
			[]string{"aaaaaaaaaa aaaaaaaaaa", "aaaaaaaaaa ? fin"},
		},
		{
			"emoji count two units",
			strings.Repeat("😀", 20),
			32,
			[]string{strings.Repeat("😀", 16), strings.Repeat("😀", 4)},
		},
		{
			"code block moved whole to the next chunk",
			"Voici le code :\n```go\nfmt.Println(1)\nfmt.Println(2)\n```\nFin.",
			50,
			[]string{"Voici le code :", "```go\nfmt.Println(1)\nfmt.Println(2)\n```\nFin."},
		},
		{
			"code block too long is closed and reopened",
			"```go\nligne1()\nligne2()\nligne3()\nligne4()\n```",
			40,
			[]string{"```go\nligne1()\nligne2()\nligne3()\n```", "```go\nligne4()\n```"},
		},
		{
			"quote line kept whole",
			"> Une citation assez longue ici.\n\nSource : « Titre », §4",
			40,
			[]string{"> Une citation assez longue ici.", "Source : « Titre », §4"},
		},
		{
			"long quote line continues as a quote",
			"> Première phrase citée. Seconde phrase citée ici.",
			40,
			[]string{"> Première phrase citée.", "> Seconde phrase citée ici."},
		},
		{
			"plain sentence preferred to a quote cut",
			"> Citation courte. Suite de citation.\nTexte. Et encore du texte ici.",
			50,
			[]string{"> Citation courte. Suite de citation.", "Texte. Et encore du texte ici."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text, tt.limit)
			if !equalStrings(got, tt.want) {
				t.Errorf("Split(%q, %d)\n got %q\nwant %q", tt.text, tt.limit, got, tt.want)
			}
			checkSplit(t, tt.text, tt.limit)
		})
	}
}

func TestSplitAnswerAtDiscordLimits(t *testing.T) {
	var b strings.Builder
	for i := range 60 {
		b.WriteString("> Pour rappel, le secteur emploie près de 80.000 salariés, principalement des jeunes diplômés, selon l'AMRC.\n")
		if i%7 == 6 {
			b.WriteString("\nSource : « Centres d'appels », §4\n\n")
		}
	}
	text := b.String()
	for _, limit := range []int{MaxContent, MaxEmbedDescription} {
		chunks := Split(text, limit)
		if len(chunks) < 2 {
			t.Fatalf("limit %d: %d chunks, want several", limit, len(chunks))
		}
		for i, c := range chunks {
			for _, line := range strings.Split(c, "\n") {
				if strings.HasPrefix(line, "> ") && !strings.HasSuffix(line, "l'AMRC.") {
					t.Errorf("limit %d chunk %d: quote line cut: %q", limit, i, line)
				}
			}
		}
		checkSplit(t, text, limit)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkSplit verifies the properties Split promises for any input.
func checkSplit(t *testing.T, text string, limit int) {
	t.Helper()
	spans := splitSpans(text, limit)
	chunks := Split(text, limit)
	// The short cut for a text that fits finds what the splitter finds.
	end := len(strings.TrimRightFunc(text, unicode.IsSpace))
	if start := len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace)); start < end {
		if want := cutSpans(text, start, end, max(limit, MinSplitLimit)); !slices.Equal(spans, want) {
			t.Fatalf("splitSpans(%q, %d) = %+v, the splitter finds %+v", text, limit, spans, want)
		}
	}
	if len(chunks) != len(spans) {
		t.Fatalf("%d chunks but %d spans", len(chunks), len(spans))
	}
	if strings.TrimSpace(text) == "" || strings.TrimFunc(text, unicode.IsSpace) == "" {
		if len(chunks) != 0 {
			t.Fatalf("white space gave chunks %q", chunks)
		}
		return
	}
	if len(chunks) == 0 {
		t.Fatalf("no chunk for %q", text)
	}
	effective := max(limit, MinSplitLimit)
	prev := 0
	for i, sp := range spans {
		c := chunks[i]
		if n := Length(c); n > effective {
			t.Errorf("chunk %d has length %d > %d: %q", i, n, effective, c)
		}
		if c != sp.prefix+text[sp.start:sp.end]+sp.suffix {
			t.Errorf("chunk %d is not prefix+text+suffix", i)
		}
		if sp.start >= sp.end {
			t.Errorf("chunk %d is empty: %+v", i, sp)
		}
		if sp.start < prev {
			t.Fatalf("chunk %d starts at %d before the previous end %d", i, sp.start, prev)
		}
		if gap := text[prev:sp.start]; strings.TrimFunc(gap, unicode.IsSpace) != "" {
			t.Errorf("text lost before chunk %d: %q", i, gap)
		}
		switch {
		case sp.prefix == "", sp.prefix == "> ":
		case strings.HasPrefix(sp.prefix, "```") && strings.HasSuffix(sp.prefix, "\n"):
		default:
			t.Errorf("chunk %d: unexpected prefix %q", i, sp.prefix)
		}
		if sp.suffix != "" && sp.suffix != "\n```" {
			t.Errorf("chunk %d: unexpected suffix %q", i, sp.suffix)
		}
		last := i == len(spans)-1
		if odd := strings.Count(text, "```")%2 == 1; !(last && odd) && fenceCount(c)%2 != 0 {
			t.Errorf("chunk %d leaves a code block open: %q", i, c)
		}
		prev = sp.end
	}
	if rest := text[prev:]; strings.TrimFunc(rest, unicode.IsSpace) != "" {
		t.Errorf("text lost after the last chunk: %q", rest)
	}
}

// fenceCount counts "```" markers the way Split does (left to right).
func fenceCount(s string) int {
	n := 0
	for {
		j := strings.Index(s, "```")
		if j < 0 {
			return n
		}
		n++
		s = s[j+3:]
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("Bonjour. Au revoir.", 40)
	f.Add("> citation. longue\n\n```go\ncode\n```\nfin", 32)
	f.Add(strings.Repeat("é😀 ", 100), 50)
	f.Add("```\n"+strings.Repeat("x", 200)+"\n```", 33)
	f.Add("a\r\nb ````` c", 32)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit > 10000 || limit < -10 {
			limit %= 10000
		}
		checkSplit(t, text, limit)
	})
}

func BenchmarkSplit(b *testing.B) {
	for _, bc := range []struct {
		name  string
		text  string
		limit int
	}{
		{"prose", strings.Repeat("> une citation assez longue, avec des mots. ", 2000) + "\n\n" + strings.Repeat("mot ", 20000), MaxContent},
		{"one long word", strings.Repeat("x", 200000), MinSplitLimit},
		{"spaces in one line", "> " + strings.Repeat("a ", 100000), MinSplitLimit},
		{"unclosed code", "```go\n" + strings.Repeat("y", 200000), MinSplitLimit},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				Split(bc.text, bc.limit)
			}
		})
	}
}
