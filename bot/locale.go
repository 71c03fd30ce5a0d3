package bot

import (
	"log/slog"

	"github.com/articlebot/articlebot/bot/answer"
	"github.com/articlebot/articlebot/prompts"
)

// Languages the bot replies in.
const (
	langFR = "fr"
	langEN = "en"
)

// Discord's English locales (Invocation.Locale).
const (
	localeEnglishUS = "en-US"
	localeEnglishGB = "en-GB"
)

// localeLang is the language of the replies to an interaction: English for
// a member whose Discord is in English (en-US, en-GB), French otherwise.
func localeLang(locale string) string {
	if locale == localeEnglishUS || locale == localeEnglishGB {
		return langEN
	}
	return langFR
}

// questionLang is the language of the reply to a question: English when
// the asker's Discord is in English (an interaction's locale), otherwise
// the question's own as the answering layer reads it: French unless it
// reads as English. A message carries no locale ("").
func questionLang(locale, text string) string {
	if localeLang(locale) == langEN {
		return langEN
	}
	if answer.Language(text) == langEN {
		return langEN
	}
	return langFR
}

// msgKey names a message of the catalogue, prompts/templates/messages.<lang>.yaml.
type msgKey string

// Messages of the catalogue the bot says.
const (
	msgEmpty         msgKey = "empty"
	msgTooLong       msgKey = "too_long"
	msgRateLimited   msgKey = "rate_limited"
	msgNoKnowledge   msgKey = "no_knowledge"
	msgError         msgKey = "error"
	msgUnknown       msgKey = "unknown_command"
	msgStale         msgKey = "stale"
	msgNotAdmin      msgKey = "not_admin"
	msgNoUnanswered  msgKey = "no_unanswered"
	msgAllAnswered   msgKey = "all_answered"
	msgNoReload      msgKey = "no_reload"
	msgNoDocuments   msgKey = "no_documents"
	msgNoFigures     msgKey = "no_figures"
	msgFiguresFooter msgKey = "figures_footer"
	msgFiguresFirst  msgKey = "figures_footer_first"
)

// args are the values a message's {{.Name}} fields take.
type args map[string]any

// voice says the bot's messages in one language.
type voice struct {
	lang string
	p    *prompts.Set
	log  *slog.Logger
}

// voice returns the bot's messages in lang (langFR or langEN).
func (b *Bot) voice(lang string) voice { return voice{lang: lang, p: b.opts.Prompts, log: b.log} }

// say renders message key with data (nil when it takes none). The embedded
// catalogues are tested; only one overridden through prompts.dir can fail,
// which is logged, and the key is shown.
func (v voice) say(key msgKey, data args) string {
	s, err := v.p.Message(v.lang, string(key), data)
	if err != nil {
		v.log.Error("message catalogue", "key", string(key), "lang", v.lang, "err", err)
		return string(key)
	}
	return s
}
