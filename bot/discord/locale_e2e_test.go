package discord

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/internal/fakediscord"
)

// TestLocale runs commands and questions through the fake Discord: a
// member whose Discord is in English (en-US, en-GB) gets English replies —
// help, answers and declines, refusals — and everyone else French, except
// that a question written in English is answered in English. Messages
// carry no locale: their replies are in the question's language.
func TestLocale(t *testing.T) {
	h := newHarness(t, nil)
	defer h.assertClean(t)
	str := func(name, v string) []fakediscord.CommandOption {
		return []fakediscord.CommandOption{{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}}
	}
	const declined = "Quel est le salaire moyen d'un téléconseiller ?"
	tests := []struct {
		name     string
		locale   string
		spec     fakediscord.InteractionSpec
		deferred bool
		want     []string
		notWant  string
	}{
		{"help en-US", "en-US", fakediscord.InteractionSpec{CommandName: "aide"}, false, []string{"Help", "I answer questions about the article", "`/ask text:…`"}, "Je réponds"},
		{"help en-GB", "en-GB", fakediscord.InteractionSpec{CommandName: "aide"}, false, []string{"I answer questions"}, "Je réponds"},
		{"help fr", "fr", fakediscord.InteractionSpec{CommandName: "aide"}, false, []string{"Aide", "Je réponds aux questions sur l'article", "`/question texte:…`"}, "I answer"},
		{"help de", "de", fakediscord.InteractionSpec{CommandName: "aide"}, false, []string{"Je réponds aux questions"}, "I answer"},
		{"decline en-US", "en-US", fakediscord.InteractionSpec{CommandName: "question", Options: str("texte", declined)}, true,
			[]string{"Not in the documents", "The article does not say", "try /figures", "Answer: text template"}, "L'article ne le dit pas"},
		{"decline fr", "fr", fakediscord.InteractionSpec{CommandName: "question", Options: str("texte", declined)}, true,
			[]string{"Pas de réponse dans les documents", "L'article ne le dit pas", "/chiffres", "Réponse : modèle de texte"}, "does not say"},
		{"answer en-US", "en-US", fakediscord.InteractionSpec{CommandName: "question", Options: str("texte", "Combien de salariés emploie le secteur ?")}, true,
			[]string{"Answer", "80.000", "The article says (in French)"}, "Source :"},
		{"English question, fr locale", "fr", fakediscord.InteractionSpec{CommandName: "question", Options: str("texte", "Who is the CEO of Intelcia?")}, true,
			[]string{"Not in the documents", "The article does not say"}, "L'article"},
		{"passage out of range en-US", "en-US", fakediscord.InteractionSpec{CommandName: "source", Options: []fakediscord.CommandOption{{Name: "paragraphe", Type: discordgo.ApplicationCommandOptionInteger, Value: 99}}}, false,
			[]string{"choose a §n from 1 to"}, "choisissez"},
		{"unknown command en-US", "en-US", fakediscord.InteractionSpec{CommandName: "inconnue"}, false, []string{"I do not know this command. Try /help."}, "Je ne"},
		{"not an admin en-US", "en-US", fakediscord.InteractionSpec{CommandName: "recharger"}, false, []string{"only the bot's admins"}, "administrateurs"},
		{"not an admin fr", "fr", fakediscord.InteractionSpec{CommandName: "recharger"}, false, []string{"seuls les administrateurs"}, "admins"},
		{"documents en-US", "en-US", fakediscord.InteractionSpec{CommandName: "documents"}, false, []string{"Documents (1)", "Details and passages"}, "Détails"},
		{"add by address en-US, no fetcher", "en-US", fakediscord.InteractionSpec{CommandName: "ajouter", Permissions: discordgo.PermissionManageGuild,
			Options: str("url", "https://example.org/a")}, true, []string{"Adding articles by their address is not available"}, "L'ajout"},
		{"add by address fr, no fetcher", "fr", fakediscord.InteractionSpec{CommandName: "ajouter", Permissions: discordgo.PermissionManageGuild,
			Options: str("url", "https://example.org/a")}, true, []string{"L'ajout d'articles par leur adresse n'est pas disponible"}, "Adding"},
		{"stale button en-GB", "en-GB", fakediscord.InteractionSpec{Type: discordgo.InteractionMessageComponent, CustomID: "old"}, false, []string{"no longer active"}, "plus actif"},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.User, tt.spec.Locale = user(1200+n), tt.locale
			in := h.interaction(t, tt.spec)
			msg := h.callback(t, in).Message()
			if tt.deferred {
				msg = h.edit(t, in).Message()
			}
			got := text(msg)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			if strings.Contains(got, tt.notWant) {
				t.Errorf("reply holds %q:\n%s", tt.notWant, got)
			}
		})
	}

	// Messages: the question's language.
	long := strings.Repeat("How many employees does the sector have? ", 20)
	for n, tc := range []struct{ question, want, notWant string }{
		{"Who is the CEO of Intelcia?", "The article does not say", "L'article"},
		{declined, "L'article ne le dit pas", "does not say"},
		{long, "Your question is a bit long", "un peu longue"},
		{"Combien de salariés " + strings.Repeat("emploie le secteur ", 40) + "?", "un peu longue", "a bit long"},
	} {
		id := h.send(t, fakediscord.MessageSpec{DM: true, Author: user(1300 + n), Content: tc.question})
		got := text(h.replyTo(t, id).Message())
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.notWant) {
			t.Errorf("reply to %.40q:\n%s\nwant %q, not %q", tc.question, got, tc.want, tc.notWant)
		}
	}
}
