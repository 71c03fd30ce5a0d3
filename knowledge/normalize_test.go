package knowledge

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/internal/shared"
	"github.com/articlebot/articlebot/knowledge/numbers"
)

// TestNormalizeKeepsNumbers reads the article as received (curly
// apostrophes, no-break spaces) and checks it gives the same figures as
// its normalized text: Normalize changes how numbers are written, never
// what they say.
func TestNormalizeKeepsNumbers(t *testing.T) {
	raw, err := os.ReadFile(shared.TestPath(t, "article", "centres-d-appels-offshoring.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a, b := numbers.Read(string(raw)), numbers.Read(Normalize(string(raw)))
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("raw:\n%v\nnormalized:\n%v", a, b)
	}
	for i := range a {
		if !numbers.Same(a[i], b[i]) || a[i].Approx != b[i].Approx || a[i].Kind != b[i].Kind {
			t.Errorf("raw %v, normalized %v", a[i], b[i])
		}
	}
}

// typography is how Normalize replaced characters before
// replaceTypography: the reference it is compared with.
var typography = strings.NewReplacer(
	"\u2019", "'", "\u2018", "'", "\u02bc", "'", "\u00b4", "'",
	"\u00a0", " ", "\u202f", " ", "\u2007", " ", "\u2009", " ", "\u200a", " ", "\u2002", " ", "\u2003", " ",
	"\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "", "\u00ad", "",
	"\r\n", "\n", "\r", "\n", "\t", " ",
)

// TestNormalizeShortcuts: replaceTypography replaces what the replacer
// Normalize used replaced, every character of the Basic Multilingual
// Plane alone and between others, and random texts of its keys, of
// their first bytes and of other characters; collapseSpaces does what
// the regular expression ` {2,}` replaced by a space does.
func TestNormalizeShortcuts(t *testing.T) {
	keys := 0
	for r := rune(0); r < 0x10000; r++ {
		for _, s := range []string{string(r), "a" + string(r) + "é", string(r) + string(r)} {
			if got, want := replaceTypography(s), typography.Replace(s); got != want {
				t.Fatalf("replaceTypography(%q) = %q, want %q", s, got, want)
			}
		}
		if typography.Replace(string(r)) != string(r) {
			keys++
		}
	}
	if keys != 19 {
		t.Fatalf("%d characters replaced, want 19", keys)
	}
	spaces := regexp.MustCompile(` {2,}`)
	alphabet := []string{" ", " ", "a", "é", "\u00a0", "\u00ab", "\u2014", "\u2019", "\u201c", "\u2060", "\u2061",
		"\ufeff", "\ufefe", "\r", "\t", "\n", "\xe2", "\xe2\x80", "\xc2", "\xef\xbb", "\u00ad", "\u02bc"}
	randomTexts(3, 4, 200_000, 0, 10, alphabet, func(s string) {
		if got, want := replaceTypography(s), typography.Replace(s); got != want {
			t.Fatalf("replaceTypography(%q) = %q, want %q", s, got, want)
		}
		if got, want := collapseSpaces(s), spaces.ReplaceAllString(s, " "); got != want {
			t.Fatalf("collapseSpaces(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestSearchFormAsRegexp: SearchForm rewrites the numbers that
// groupedNumber matches, as its replacement by the digits alone did, on
// every passage of the bench corpus and on random texts of digits,
// separators and word characters.
func TestSearchFormAsRegexp(t *testing.T) {
	separators := strings.NewReplacer(" ", "", ".", "")
	want := func(text string) string {
		return groupedNumber.ReplaceAllStringFunc(text, separators.Replace)
	}
	docs, err := ReadDocuments(context.Background(), manpagesFS(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for _, d := range docs {
		for _, p := range d.Passages {
			if got, w := SearchForm(p.Text), want(p.Text); got != w {
				t.Fatalf("SearchForm(%q) = %q, want %q", p.Text, got, w)
			} else if got != p.Text {
				changed++
			}
		}
	}
	if changed < 10 {
		t.Fatalf("%d passages with grouped numbers", changed)
	}
	alphabet := []string{"1", "2", "0", "9", " ", ".", ",", "a", "_", "é", "-", "\u00a0"}
	randomTexts(5, 6, 300_000, 0, 16, alphabet, func(text string) {
		if got, w := SearchForm(text), want(text); got != w {
			t.Fatalf("SearchForm(%q) = %q, want %q", text, got, w)
		}
	})
}
