package main

import (
	"context"
	"errors"
	"testing"

	"github.com/articlebot/articlebot/bot"
	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/knowledge"
)

type noReload struct{}

func (noReload) Reload(context.Context) (knowledge.Diff, error) { return knowledge.Diff{}, nil }

// TestDocumentOptions: /ajouter and /retirer need knowledge.dir; the page
// fetcher follows knowledge.fetch.allow_hosts, the attachment fetcher
// Discord's CDN only.
func TestDocumentOptions(t *testing.T) {
	cfg := config.Default()
	var opts bot.Options
	documentOptions(cfg, noReload{}, &opts)
	if opts.Documents != nil || opts.Pages != nil || opts.Attachments != nil {
		t.Fatalf("with the embedded knowledge base: %+v", opts)
	}
	cfg.Knowledge.Dir = t.TempDir()
	cfg.Knowledge.Fetch.AllowHosts = []string{"example.org"}
	documentOptions(cfg, noReload{}, &opts)
	if opts.Documents == nil || opts.Pages == nil || opts.Attachments == nil {
		t.Fatalf("with knowledge.dir: %+v", opts)
	}
	ctx := context.Background()
	if _, err := opts.Pages.Fetch(ctx, "https://other.example/a"); !errors.Is(err, fetch.ErrHostNotAllowed) {
		t.Errorf("page from another host: %v", err)
	}
	if _, err := opts.Attachments.Fetch(ctx, "https://example.org/a.md"); !errors.Is(err, fetch.ErrHostNotAllowed) {
		t.Errorf("attachment from outside Discord's CDN: %v", err)
	}
	if _, err := opts.Pages.Fetch(ctx, "http://169.254.169.254/"); !errors.Is(err, fetch.ErrHostNotAllowed) {
		t.Errorf("metadata address: %v", err)
	}
}
