package answer

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/articlebot/articlebot/internal/french"
)

// chatWords are the abbreviations of French chat that stand for question
// words ("pk le 3eme trimestre ?", "cb de salariés").
var chatWords = french.Texts("chat-abbreviations")

var (
	chatWord = regexp.MustCompile(`(?i)\b(` + alternatives(chatWords.Keys()) + `)\b`)
	// French ordinals written with digits: 3e, 3ème, 3eme, 3ieme, 1er, 1ère.
	ordinal = regexp.MustCompile(`(?i)\b(10|[1-9])\s?(?:e|ème|eme|ième|ieme|è|er|ère|ere|re)\b`)
)

// ordinalWords are the French ordinals by their number: "troisième" at 3.
var ordinalWords = byValue(french.Ints("ordinals"))

// byValue returns the words of t at the index of their value.
func byValue(t french.Table[int]) []string {
	var out []string
	for _, w := range t.Keys() {
		v, _ := t.Get(w)
		for len(out) <= v {
			out = append(out, "")
		}
		out[v] = w
	}
	return out
}

// expandChat rewrites chat abbreviations and digit ordinals into the words
// the knowledge base uses, for analysis and search (the question shown
// stays as asked).
func expandChat(s string) string {
	s = chatWord.ReplaceAllStringFunc(s, func(m string) string {
		w, _ := chatWords.Get(strings.ToLower(m))
		return w
	})
	return ordinal.ReplaceAllStringFunc(s, func(m string) string {
		n := 0
		for _, r := range m {
			if r < '0' || r > '9' {
				break
			}
			n = n*10 + int(r-'0')
		}
		if n < 1 || n >= len(ordinalWords) {
			return m
		}
		return ordinalWords[n]
	})
}

var (
	// discordToken is a mention, channel, role, emoji or timestamp token
	// of Discord's message syntax: <@123>, <@!123>, <@&123>, <#123>,
	// <:name:123>, <a:name:123>, <t:123:R>, </cmd:123>.
	discordToken = regexp.MustCompile(`<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFR])?|/[\w -]+:\d+)>`)
	// ansiEscape is a terminal escape sequence (CSI or OSC).
	ansiEscape = regexp.MustCompile(`\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])`)
)

// cleanChat removes what chat adds around a question and is no word of
// it: Discord's mention and channel tokens, terminal escapes, zero-width
// and other invisible format characters.
func cleanChat(s string) string {
	s = discordToken.ReplaceAllString(s, " ")
	s = ansiEscape.ReplaceAllString(s, " ")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff', r == '\u00ad':
			return -1
		case unicode.Is(unicode.Cf, r):
			return -1
		case unicode.IsControl(r) && r != '\n' && r != '\t':
			return ' '
		}
		return r
	}, s)
}
