package bot

import (
	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/internal/fetch"
	"github.com/articlebot/articlebot/internal/unanswered"
	"github.com/articlebot/articlebot/knowledge"
)

// Compile-time checks: the types the CLI gives a Bot implement the
// interfaces of Options (answer.KnowledgeBase is checked in bot/answer).
var (
	_ Answerer       = (*answer.Answerer)(nil)
	_ Reloader       = (*knowledge.Store)(nil)
	_ DocumentEditor = (*knowledge.Editor)(nil)
	_ Fetcher        = (*fetch.Fetcher)(nil)
	_ Unanswered     = (*unanswered.Store)(nil)
)
