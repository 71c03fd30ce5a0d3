package fakediscord_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/fakediscord"
)

// TestAttachments sends a command with attached files: they are in
// data.resolved.attachments, the attachment option names them, and their
// CDN URLs serve them through CDNTransport, only with their signature.
func TestAttachments(t *testing.T) {
	t.Parallel()
	srv := fakediscord.New(t)
	got := make(chan *discordgo.InteractionCreate, 1)
	openSession(t, srv, func(s *discordgo.Session) {
		s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
	})
	if _, err := srv.SendInteraction(fakediscord.InteractionSpec{
		CommandName: "ajouter",
		Options:     []fakediscord.CommandOption{{Name: "fichier", Type: discordgo.ApplicationCommandOptionAttachment}},
		Attachments: []fakediscord.Attachment{{Filename: "notes de réunion.md", Content: []byte("# Notes\n\nTexte.\n")}},
	}); err != nil {
		t.Fatal(err)
	}
	data := receive(t, got).ApplicationCommandData()
	id, _ := data.Options[0].Value.(string)
	if data.Resolved == nil || data.Resolved.Attachments[id] == nil {
		t.Fatalf("option %v, resolved %+v", data.Options[0].Value, data.Resolved)
	}
	att := data.Resolved.Attachments[id]
	if att.Filename != "notes de réunion.md" || att.Size != 16 || att.ContentType != "text/markdown; charset=utf-8" ||
		!strings.HasPrefix(att.URL, "https://cdn.discordapp.com/attachments/"+fakediscord.DefaultChannelID+"/"+id+"/") {
		t.Fatalf("attachment %+v", att)
	}
	client := &http.Client{Transport: srv.CDNTransport(nil)}
	get := func(u string) (int, string) {
		t.Helper()
		resp, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	tests := []struct {
		name   string
		url    string
		status int
		body   string
	}{
		{"cdn", att.URL, 200, "# Notes\n\nTexte.\n"},
		{"media proxy", att.ProxyURL, 200, "# Notes"},
		{"unsigned", strings.Split(att.URL, "?")[0], 404, "no longer available"},
		{"other file", strings.Replace(att.URL, id, "1", 1), 404, ""},
	}
	for _, tt := range tests {
		status, body := get(tt.url)
		if status != tt.status || !strings.Contains(body, tt.body) {
			t.Errorf("%s: %d %q, want %d %q", tt.name, status, body, tt.status, tt.body)
		}
	}
	var downloads int
	for _, r := range srv.Requests() {
		if r.Route == fakediscord.RouteCDNAttachment && r.Status == 200 {
			downloads++
		}
	}
	if downloads != 2 {
		t.Errorf("%d downloads recorded, want 2", downloads)
	}
	if !srv.Addr().Addr().IsLoopback() {
		t.Errorf("Addr = %v", srv.Addr())
	}
}
