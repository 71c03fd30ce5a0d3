package discord

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/fakediscord"
)

// discordInline reads s as Discord reads a message's inline Markdown, far
// enough to tell what is literal: it returns the contents of the code
// spans, and the rest of the text with every backslash-escaped character
// replaced by '·' (shown as is, it cannot format, link nor ping).
func discordInline(s string) (code []string, live string) {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\*_~`|><#[]()-:@", s[i+1]) >= 0:
			b.WriteString("·")
			i += 2
			continue
		case c == '`':
			n := 0
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			// The closing fence: a run of exactly n backticks.
			for j := i + n; j < len(s); {
				if s[j] != '`' {
					j++
					continue
				}
				m := 0
				for j+m < len(s) && s[j+m] == '`' {
					m++
				}
				if m == n {
					content := s[i+n : j]
					if strings.HasPrefix(content, " ") && strings.HasPrefix(strings.TrimLeft(content, " "), "`") {
						content = content[1:]
					}
					if strings.HasSuffix(content, " ") && strings.HasSuffix(strings.TrimRight(content, " "), "`") {
						content = content[:len(content)-1]
					}
					code = append(code, content)
					i = j + m
					goto next
				}
				j += m
			}
			b.WriteString(s[i : i+n]) // no closing fence: literal
			i += n
			continue
		}
		b.WriteByte(c)
		i++
	next:
	}
	return code, b.String()
}

// markdownOf is what Discord renders as Markdown in a message: its content,
// and its embeds' titles, descriptions and fields (not footers, shown as
// plain text).
func markdownOf(msg map[string]any) string {
	cp := map[string]any{}
	for k, v := range msg {
		cp[k] = v
	}
	var embeds []any
	list, _ := msg["embeds"].([]any)
	for _, e := range list {
		em, _ := e.(map[string]any)
		c := map[string]any{}
		for k, v := range em {
			if k != "footer" {
				c[k] = v
			}
		}
		embeds = append(embeds, c)
	}
	cp["embeds"] = embeds
	return text(cp)
}

// unescape undoes escapeMarkdown: backslashes and zero-width spaces out.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return strings.ReplaceAll(b.String(), "\u200b", "")
}

// TestEscapedEchoes echoes hostile user text and file names back through
// the slash commands: whatever they hold shows as typed, and cannot
// format, link or ping.
func TestEscapedEchoes(t *testing.T) {
	h := newHarness(t, func(o *options) { o.RateLimit = 0 })
	defer h.assertClean(t)
	// What Discord would read as formatting or mentions, outside a code span.
	live := []string{"@everyone", "@here", "<@", "<#", "**", "__", "~~", "||", "](", "\n#", "\n>"}

	t.Run("user text", func(t *testing.T) {
		tests := []struct{ command, typed string }{
			{"source", "@everyone <@&555>"},
			{"source", "**gras** __souligné__ ~~barré~~ ||spoiler|| `code` [lien](https://evil.example) # titre > citation"},
			{"chiffres", "@here <#1000000000000000002> <@!1000000000000000010>"},
			{"resume", "x\\`y\\\\z ``` **"},
		}
		for n, tt := range tests {
			in := h.interaction(t, fakediscord.InteractionSpec{CommandName: tt.command, User: user(8000 + n),
				Options: []fakediscord.CommandOption{{Name: "document", Type: discordgo.ApplicationCommandOptionString, Value: tt.typed}}})
			msg := h.callback(t, in).Message()
			if tt.command != "source" {
				msg = h.edit(t, in).Message()
			}
			got := text(msg)
			_, echo, ok := strings.Cut(got, "Je ne trouve pas le document « ")
			echo, _, ok2 := strings.Cut(echo, " »")
			if !ok || !ok2 {
				t.Fatalf("/%s %q: reply %q does not echo the name", tt.command, tt.typed, got)
			}
			if unescape(echo) != tt.typed {
				t.Errorf("/%s: echoed %q, which reads %q, want %q", tt.command, echo, unescape(echo), tt.typed)
			}
			code, rest := discordInline(echo)
			for _, bad := range live {
				if strings.Contains(rest, bad) {
					t.Errorf("/%s %q: echo %q leaves %q live", tt.command, tt.typed, echo, bad)
				}
			}
			if len(code) != 0 {
				t.Errorf("/%s %q: echo %q opens code spans %q", tt.command, tt.typed, echo, code)
			}
		}
	})

	t.Run("file names", func(t *testing.T) {
		names := []string{"notes `@everyone` **x** <@&555>", "``fence``", "rapport \u202egnp.exe"}
		for i, name := range names {
			doc := "---\ntitle: Note " + string(rune('A'+i)) + "\n---\n\nLe port a traité 7 millions de conteneurs en 2021.\n"
			if err := os.WriteFile(filepath.Join(h.dir, name+".md"), []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		admin := fakediscord.InteractionSpec{CommandName: "recharger", User: user(8100), Permissions: discordgo.PermissionManageGuild}
		in := h.interaction(t, admin)
		h.callback(t, in)
		replies := map[string]string{"/recharger": markdownOf(h.edit(t, in).Message())}
		for label, spec := range map[string]fakediscord.InteractionSpec{
			"/source":           {CommandName: "source", User: user(8101)},
			"/source (unknown)": {CommandName: "source", User: user(8102), Options: []fakediscord.CommandOption{{Name: "document", Type: discordgo.ApplicationCommandOptionString, Value: "zzz"}}},
		} {
			replies[label] = markdownOf(h.callback(t, h.interaction(t, spec)).Message())
		}
		for i, name := range names {
			spec := fakediscord.InteractionSpec{CommandName: "source", User: user(8110 + i),
				Options: []fakediscord.CommandOption{{Name: "document", Type: discordgo.ApplicationCommandOptionString, Value: name}}}
			replies["/source "+name] = markdownOf(h.callback(t, h.interaction(t, spec)).Message())
		}
		for label, got := range replies {
			code, rest := discordInline(got)
			for _, bad := range []string{"@everyone", "<@&555>", "**x**", "\u202e"} { // from the names
				if strings.Contains(rest, bad) {
					t.Errorf("%s: %q leaves %q live", label, got, bad)
				}
			}
			for _, name := range names {
				if label == "/source "+name || !strings.HasPrefix(label, "/source ") {
					shown := strings.ReplaceAll(name, "\u202e", "") // the bidi override dropped, the rest as named
					found := false
					for _, c := range code {
						found = found || c == shown
					}
					if !found {
						t.Errorf("%s: %q shows no code span %q (spans %q)", label, got, shown, code)
					}
				}
			}
		}
		if strings.Contains(replies["/source"], "\u202e") {
			t.Error("a bidi override reached a message")
		}
		for _, name := range names {
			if err := os.Remove(filepath.Join(h.dir, name+".md")); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := h.store.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
