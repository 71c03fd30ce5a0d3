package bot

import (
	"net/url"
	"strings"

	"github.com/articlebot/articlebot/bot/answer"
)

// Reply is what a handler answers. Handlers never call Discord: the
// adapter (package bot/discord) sends the Messages of a Reply as a reply
// to a message, an interaction response, an edit of a deferred response
// and follow-ups, with mentions disabled.
//
// A Reply is Discord's message model — Markdown content, embeds, buttons —
// without the transport: it holds no discordgo type.
type Reply struct {
	Content   string
	Embeds    []*Embed
	Ephemeral bool // visible to the caller only (interactions)
	// Buttons are shown in one row under the reply's last message
	// (interaction responses only). nil leaves the buttons of a message
	// that is edited as they are; an empty list removes them.
	Buttons []Button
	// Quiet: nothing is sent (a refusal already given, an invocation not
	// taken).
	Quiet bool
	// Choices answer an autocomplete.
	Choices []Choice

	// turns is the conversation an answer ends, remembered for the
	// messages that carry it so that replying to them is a follow-up.
	turns []answer.Turn
}

// Embed is a rich embed. Its JSON is Discord's (the golden files show it).
type Embed struct {
	URL         string   `json:"url,omitempty"`
	Title       string   `json:"title,omitempty"`
	Description string   `json:"description,omitempty"`
	Color       int      `json:"color,omitempty"`
	Footer      *Footer  `json:"footer,omitempty"`
	Fields      []*Field `json:"fields,omitempty"`
}

// Footer is the small text under an embed.
type Footer struct {
	Text string `json:"text,omitempty"`
}

// Field is a named value of an embed.
type Field struct {
	Name   string `json:"name,omitempty"`
	Value  string `json:"value,omitempty"`
	Inline bool   `json:"inline,omitempty"`
}

// Button is a button under a reply; a click on it invokes the command
// named by the start of its CustomID ("<command>:…", see Command.Click).
type Button struct {
	Label    string
	Style    ButtonStyle
	CustomID string
}

// ButtonStyle is the colour of a button.
type ButtonStyle int

// Button styles.
const (
	ButtonSecondary ButtonStyle = iota // grey
	ButtonDanger                       // red
)

// Choice is one autocomplete suggestion.
type Choice struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Colours of embeds.
const (
	colorAnswer   = 0x2E86C1
	colorNotFound = 0x95A5A6
	colorInfo     = 0x17A589
	colorRefusal  = 0xCA6F1E
)

// Message is what one Discord message carries.
type Message struct {
	Content string
	Embeds  []*Embed
	Buttons []Button // the last message only
}

// Messages are the messages that show r in the configured reply style
// (embeds become text with StyleText), within Discord's limits (see
// parts).
func (b *Bot) Messages(r Reply) []Message {
	if b.opts.ReplyStyle == StyleText {
		r = r.asText()
	}
	return r.parts()
}

// parts splits r into messages within Discord's limits: content in chunks
// of MaxContent, embeds with a long description split into several, at
// most MaxEmbeds embeds and MaxEmbedTotal characters of embed text per
// message. Nothing is dropped. An empty reply gives one "…" message.
func (r Reply) parts() []Message {
	var out []Message
	for _, c := range Split(r.Content, MaxContent) {
		out = append(out, Message{Content: c})
	}
	var embeds []*Embed
	for _, e := range r.Embeds {
		embeds = append(embeds, splitEmbed(e)...)
	}
	total := 0
	for _, e := range embeds {
		n := embedLength(e)
		if len(out) == 0 || len(out[len(out)-1].Embeds) >= MaxEmbeds || total+n > MaxEmbedTotal {
			out = append(out, Message{})
			total = 0
		}
		last := &out[len(out)-1]
		last.Embeds = append(last.Embeds, e)
		total += n
	}
	if len(out) == 0 {
		out = append(out, Message{Content: "…"})
	}
	out[len(out)-1].Buttons = r.Buttons
	return out
}

// embedLength is the embed text Discord counts towards MaxEmbedTotal.
func embedLength(e *Embed) int {
	n := Length(e.Title) + Length(e.Description)
	if e.Footer != nil {
		n += Length(e.Footer.Text)
	}
	for _, f := range e.Fields {
		n += Length(f.Name) + Length(f.Value)
	}
	return n
}

// splitEmbed cuts an embed whose description is too long into several:
// the first keeps the title and URL, the last the fields and the footer.
// Titles and footers are shortened to their limits.
func splitEmbed(e *Embed) []*Embed {
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
		return []*Embed{&cp}
	}
	out := make([]*Embed, len(chunks))
	for i, c := range chunks {
		piece := &Embed{Description: c, Color: cp.Color}
		if i == 0 {
			piece.Title, piece.URL = cp.Title, cp.URL
		}
		if i == len(chunks)-1 {
			piece.Fields, piece.Footer = cp.Fields, cp.Footer
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
func embedText(e *Embed) string {
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
