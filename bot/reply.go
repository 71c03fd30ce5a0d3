package bot

import (
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/bot/answer"
)

// Reply is what a handler answers. Handlers never call Discord: the
// adapter sends a Reply as a reply to a message, an interaction response,
// an edit of a deferred response and follow-ups, split within Discord's
// limits and with mentions disabled.
type Reply struct {
	Content   string
	Embeds    []*discordgo.MessageEmbed
	Ephemeral bool // visible to the caller only (interactions)
	// Components are buttons, shown under the reply's last message
	// (interaction responses only).
	Components []discordgo.MessageComponent

	// turns is the conversation an answer ends, remembered for the
	// messages that carry it so that replying to them is a follow-up.
	turns []answer.Turn
	// quiet: nothing is sent (a refusal already given, an invocation not
	// taken).
	quiet bool
	// choices answer an autocomplete.
	choices []choice
}

// Colours of embeds.
const (
	colorAnswer   = 0x2E86C1
	colorNotFound = 0x95A5A6
	colorInfo     = 0x17A589
	colorRefusal  = 0xCA6F1E
)

// part is what one Discord message carries.
type part struct {
	content    string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent // the last part only
}

// parts splits r into messages within Discord's limits: content in chunks
// of MaxContent, embeds with a long description split into several, at
// most MaxEmbeds embeds and MaxEmbedTotal characters of embed text per
// message. Nothing is dropped. An empty reply gives one "…" message.
func (r Reply) parts() []part {
	var out []part
	for _, c := range Split(r.Content, MaxContent) {
		out = append(out, part{content: c})
	}
	var embeds []*discordgo.MessageEmbed
	for _, e := range r.Embeds {
		embeds = append(embeds, splitEmbed(e)...)
	}
	total := 0
	for _, e := range embeds {
		n := embedLength(e)
		if len(out) == 0 || len(out[len(out)-1].embeds) >= MaxEmbeds || total+n > MaxEmbedTotal {
			out = append(out, part{})
			total = 0
		}
		last := &out[len(out)-1]
		last.embeds = append(last.embeds, e)
		total += n
	}
	if len(out) == 0 {
		out = append(out, part{content: "…"})
	}
	out[len(out)-1].components = r.Components
	return out
}

// embedLength is the embed text Discord counts towards MaxEmbedTotal.
func embedLength(e *discordgo.MessageEmbed) int {
	n := Length(e.Title) + Length(e.Description)
	if e.Footer != nil {
		n += Length(e.Footer.Text)
	}
	if e.Author != nil {
		n += Length(e.Author.Name)
	}
	for _, f := range e.Fields {
		n += Length(f.Name) + Length(f.Value)
	}
	return n
}

// splitEmbed cuts an embed whose description is too long into several:
// the first keeps the title, URL and author, the last the fields and the
// footer. Titles and footers are shortened to their limits.
func splitEmbed(e *discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	cp := *e
	cp.Title = truncate(cp.Title, MaxEmbedTitle)
	if cp.Footer != nil {
		f := *cp.Footer
		f.Text = truncate(f.Text, MaxEmbedFooter)
		cp.Footer = &f
	}
	// Leave room for the title, footer and fields in the same message.
	limit := min(MaxEmbedDescription, MaxEmbedTotal-(embedLength(&cp)-Length(cp.Description)))
	chunks := Split(cp.Description, limit)
	if len(chunks) <= 1 {
		return []*discordgo.MessageEmbed{&cp}
	}
	out := make([]*discordgo.MessageEmbed, len(chunks))
	for i, c := range chunks {
		piece := &discordgo.MessageEmbed{Type: cp.Type, Description: c, Color: cp.Color}
		if i == 0 {
			piece.Title, piece.URL, piece.Author = cp.Title, cp.URL, cp.Author
		}
		if i == len(chunks)-1 {
			piece.Fields, piece.Footer, piece.Timestamp = cp.Fields, cp.Footer, cp.Timestamp
		}
		out[i] = piece
	}
	return out
}

// truncate shortens s to at most n units, ending with "…" when cut.
func truncate(s string, n int) string {
	if Length(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		if w+runeUnits(r) > n-1 {
			break
		}
		b.WriteRune(r)
		w += runeUnits(r)
	}
	return strings.TrimSpace(b.String()) + "…"
}

// asText turns the embeds of r into plain content, for reply_style "text".
func (r Reply) asText() Reply {
	if len(r.Embeds) == 0 {
		return r
	}
	var b strings.Builder
	b.WriteString(r.Content)
	for _, e := range r.Embeds {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(embedText(e))
	}
	r.Content = b.String()
	r.Embeds = nil
	return r
}

// embedText renders an embed as Markdown.
func embedText(e *discordgo.MessageEmbed) string {
	var lines []string
	if e.Title != "" {
		t := "**" + escapeMarkdown(e.Title) + "**"
		if e.URL != "" {
			t += " <" + e.URL + ">"
		}
		lines = append(lines, t)
	}
	if e.Description != "" {
		lines = append(lines, e.Description)
	}
	for _, f := range e.Fields {
		lines = append(lines, "**"+f.Name+"** : "+f.Value)
	}
	if e.Footer != nil && e.Footer.Text != "" {
		lines = append(lines, "-# "+e.Footer.Text)
	}
	return strings.Join(lines, "\n")
}

// webURL returns s when it is an absolute http(s) URL an embed may link to.
func webURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > 2048 {
		return ""
	}
	return u.String()
}
