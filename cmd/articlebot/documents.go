package main

import (
	"github.com/articlebot/articlebot/bot"
	"github.com/articlebot/articlebot/bot/discord"
	"github.com/articlebot/articlebot/config"
	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/knowledge"
)

// documentOptions sets the bot's /ajouter and /retirer: an editor of
// knowledge.dir, reloading through r (none with the embedded knowledge
// base: there is no directory to write to), a fetcher of web pages bounded
// by knowledge.fetch.*, and one of attachments, from Discord's CDN only,
// bounded by knowledge.max_file_size and knowledge.fetch.timeout.
func documentOptions(cfg *config.Config, r knowledge.Reloader, opts *bot.Options) {
	if cfg.Knowledge.Dir == "" {
		return
	}
	kc := cfg.Knowledge
	opts.Documents = knowledge.NewEditor(kc.Dir, r, knowledgeOptions(cfg))
	opts.Pages = fetch.New(fetch.Options{AllowHosts: kc.Fetch.AllowHosts, Timeout: kc.Fetch.Timeout, MaxBytes: kc.Fetch.MaxSize,
		UserAgent: "articlebot (+/ajouter)"})
	opts.Attachments = fetch.New(fetch.Options{AllowHosts: discord.AttachmentHosts(), ContentTypes: discord.AttachmentTypes(),
		Timeout: kc.Fetch.Timeout, MaxBytes: kc.MaxFileSize, UserAgent: "articlebot"})
}
