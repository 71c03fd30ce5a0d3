package knowledge

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMarkdownText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"> quoted", "quoted"},
		{">quoted", "quoted"},
		{"- item", "item"},
		{"* item", "item"},
		{"12. item", "item"},
		{"3) item", "item"},
		{"12.5 % of growth", "12.5 % of growth"},
		{"-5 °C", "-5 °C"},
		{"> - quoted item", "quoted item"},
		{"see [the site](https://example.org) now", "see the site now"},
		{"[a](b)[c](d)", "ac"},
		{"[](empty) [x]y (z)", "[](empty) [x]y (z)"},
		{"[unclosed](target", "[unclosed](target"},
		{"**bold** and *it* and _u_ and __uu__ and `code`", "bold and it and u and uu and code"},
		{"**mixed_ marks", "mixed marks"},
		{"a * b * c", "a  b  c"},
		{"snake_case_name", "snakecasename"},
		{"****", "****"},
		{"*open only", "*open only"},
		{"« Salut » dit-il", "« Salut » dit-il"},
	}
	for _, tt := range tests {
		if got := markdownText(tt.in); got != tt.want {
			t.Errorf("markdownText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMarkdownTextMatchesRegexps checks the scanner against the regular
// expressions it replaced, on random strings of markup characters.
func TestMarkdownTextMatchesRegexps(t *testing.T) {
	var (
		link     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
		emphasis = regexp.MustCompile("(\\*\\*|__|\\*|_|`)([^*_`]+)(\\*\\*|__|\\*|_|`)")
		listMark = regexp.MustCompile(`^(?:[-*+]|\d+[.)])\s+`)
		quote    = regexp.MustCompile(`^>\s?`)
	)
	oracle := func(b string) string {
		b = quote.ReplaceAllString(b, "")
		b = listMark.ReplaceAllString(b, "")
		b = link.ReplaceAllString(b, "$1")
		b = emphasis.ReplaceAllString(b, "$2")
		return strings.TrimSpace(b)
	}
	alphabet := []string{"*", "_", "`", "[", "]", "(", ")", ">", "-", "+", "1", "2", ".", " ", "\t", "a", "é", "$1"}
	randomTexts(13, 1, 20000, 0, 14, alphabet, func(in string) {
		if got, want := markdownText(in), oracle(in); got != want {
			t.Fatalf("markdownText(%q) = %q, the regexps give %q", in, got, want)
		}
	})
}

func BenchmarkMarkdownText(b *testing.B) {
	texts := []string{
		"Dans le secteur des centres d'appel, la crise sanitaire a mis les opérateurs dans une situation très difficile.",
		"- **ls -l** affiche la taille des fichiers, voir [la page](https://example.org) et `man ls`.",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		markdownText(texts[i%len(texts)])
	}
}

// TestBoilerplateInitials: every block the boilerplate expressions match
// begins with a letter mayOpenBoilerplate accepts, whatever its case
// (every first character of their phrases tried, Unicode's case folds
// included: "ſee also" matches).
func TestBoilerplateInitials(t *testing.T) {
	phrases := []string{"lire aussi", "à lire aussi", "a lire aussi", "voir aussi", "lire également", "à lire également",
		"read also", "see also", "article précédent", "article precedent", "article suivant", "previous article", "next article"}
	matched := 0
	for r := rune(0); r < 0x3000; r++ {
		for _, p := range phrases {
			_, n1 := utf8.DecodeRuneInString(p)
			_, n2 := utf8.DecodeRuneInString(p[n1:])
			// r in place of the first letter, then of the second.
			for _, b := range []string{string(r) + p[n1:] + " : titre", p[:n1] + string(r) + p[n1+n2:] + " : titre"} {
				if readAlso.MatchString(b) || prevNextLine.MatchString(b) {
					matched++
					if !mayOpenBoilerplate(b) {
						t.Fatalf("%q matches, not accepted", b)
					}
				}
			}
		}
	}
	if matched < 2*len(phrases) {
		t.Fatalf("%d matches", matched)
	}
	if mayOpenBoilerplate("Le texte") || mayOpenBoilerplate("") || !mayOpenBoilerplate("ſee also") {
		t.Fatal("mayOpenBoilerplate accepts what no phrase begins with, or refuses what one does")
	}
}
