package discord

import (
	"testing"

	"github.com/articlebot/articlebot/prompts"
)

// Names of the bot's commands and options, and keys of the message
// catalogue, as the tests use them (package bot keeps its own unexported).
const (
	cmdAdd       = "ajouter"
	cmdDocuments = "documents"
	cmdReload    = "recharger"
	cmdRemove    = "retirer"
	optDocument  = "document"
	optFile      = "fichier"
	optReplace   = "remplacer"
	optURL       = "url"

	msgError        = "error"
	msgNoUnanswered = "no_unanswered"
	msgAllAnswered  = "all_answered"
)

// fr is message key in French, as the embedded catalogue words it.
func fr(key string) string {
	s, err := prompts.Default().Message("fr", key, nil)
	if err != nil {
		panic(err)
	}
	return s
}

// TestNames checks the names above against the bot's command table.
func TestNames(t *testing.T) {
	h := embeddedBot(t)
	options := map[string]bool{}
	commands := map[string]bool{}
	for _, c := range h.Commands() {
		commands[c.Definition.Name] = true
		for _, o := range c.Definition.Options {
			options[o.Name] = true
		}
	}
	for _, name := range []string{cmdAdd, cmdDocuments, cmdReload, cmdRemove} {
		if !commands[name] {
			t.Errorf("no command %q", name)
		}
	}
	for _, name := range []string{optDocument, optFile, optReplace, optURL} {
		if !options[name] {
			t.Errorf("no option %q", name)
		}
	}
}
