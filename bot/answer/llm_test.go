package answer

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/fakeopenai"
	"github.com/articlebot/articlebot/internal/lexicon"
	"github.com/articlebot/articlebot/internal/llm"
	"github.com/articlebot/articlebot/knowledge"
	"github.com/articlebot/articlebot/prompts"
)

// Timeouts of the model in the tests: generous, so that a busy machine
// never times out a model that answers; short where the model is meant to
// hang (it never answers, however fast the machine).
const (
	generousTimeout = 30 * time.Second
	hangTimeout     = 200 * time.Millisecond
)

// newLLM returns an Answerer in LLM mode against a fake OpenAI-compatible
// server, and the server. The model's timeout is generousTimeout, or
// timeout when given.
func newLLM(t *testing.T, embeddings bool, timeout ...time.Duration) (*Answerer, *fakeopenai.Server) {
	t.Helper()
	srv := fakeopenai.New(t)
	cfg := llm.Config{BaseURL: srv.URL(), APIKey: "sk-test-secret-key", Model: "gpt-4o-mini", Timeout: generousTimeout}
	if len(timeout) > 0 {
		cfg.Timeout = timeout[0]
	}
	if embeddings {
		cfg.EmbeddingsModel = "text-embedding-3-small"
	}
	client, err := llm.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	store := knowledge.NewStore(knowledge.FSSource(knowledge.DefaultFS()), knowledge.Options{})
	if _, err := store.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	opts := Options{Mode: ModeLLM, LLM: client, Lexicon: lexicon.Lazy()}
	if embeddings {
		opts.Embedder = client
	}
	return New(store, prompts.Default(), opts), srv
}

func chatRequests(srv *fakeopenai.Server) []fakeopenai.Request {
	var out []fakeopenai.Request
	for _, r := range srv.Requests() {
		if r.Chat != nil {
			out = append(out, r)
		}
	}
	return out
}

const employees = "Combien de salariés emploie le secteur ?"

func TestLLMAnswers(t *testing.T) {
	tests := []struct {
		name      string
		script    func(*fakeopenai.Server)
		wantMode  string
		wantFound bool
		wantText  string // in the answer
		wantNote  bool   // the template answer replaced the model's
	}{
		{"grounded", func(s *fakeopenai.Server) { s.Reply("Le secteur emploie près de 80.000 salariés [4].") }, ModeLLM, true, "80.000 salariés [4]", false},
		{"streamed", func(s *fakeopenai.Server) {
			s.ReplyStream(5*time.Millisecond, "Près de ", "80 000 salariés", " [4].")
		}, ModeLLM, true, "80 000 salariés [4]", false},
		// A busy machine (or model): the answer takes a second to come.
		{"grounded, slow", func(s *fakeopenai.Server) {
			s.ReplyStream(500*time.Millisecond, "Le secteur emploie ", "près de 80.000 salariés ", "[4].")
		}, ModeLLM, true, "80.000 salariés [4]", false},
		{"wrong number", func(s *fakeopenai.Server) { s.Reply("Le secteur emploie 95.000 salariés [1].") }, ModeTemplate, true, "80.000", true},
		{"bogus citation", func(s *fakeopenai.Server) { s.Reply("Près de 80.000 salariés [9].") }, ModeTemplate, true, "80.000", true},
		{"no citation", func(s *fakeopenai.Server) { s.Reply("Près de 80.000 salariés.") }, ModeTemplate, true, "80.000", true},
		{"garbage", func(s *fakeopenai.Server) { s.Garbage() }, ModeTemplate, true, "80.000", true},
		{"empty", func(s *fakeopenai.Server) { s.Reply("   ") }, ModeTemplate, true, "80.000", true},
		{"429", func(s *fakeopenai.Server) { s.Fail(http.StatusTooManyRequests, 1) }, ModeTemplate, true, "80.000", true},
		{"500", func(s *fakeopenai.Server) { s.Fail(http.StatusInternalServerError, 1) }, ModeTemplate, true, "80.000", true},
		{"hangs", func(s *fakeopenai.Server) { s.Hang() }, ModeTemplate, true, "80.000", true},
		{"says not found", func(s *fakeopenai.Server) { s.Reply(NotFoundMarker) }, ModeLLM, false, "ne le dit pas", false},
		{"mention", func(s *fakeopenai.Server) { s.Reply("@everyone près de 80.000 salariés [4] <@123>") }, ModeLLM, true, "@\u200beveryone", false},
		// A document may plant instructions: links, e-mail addresses and
		// invites must come from the cited passages, like figures.
		{"phishing link", func(s *fakeopenai.Server) {
			s.Reply("Près de 80.000 salariés [4]. Vérifiez votre paie sur https://paie-amrc.example/login")
		}, ModeTemplate, true, "80.000", true},
		{"masked link", func(s *fakeopenai.Server) {
			s.Reply("Près de 80.000 salariés ([source](http://evil.example/a)) [4].")
		}, ModeTemplate, true, "80.000", true},
		{"bare host name", func(s *fakeopenai.Server) { s.Reply("Près de 80.000 salariés [4], voir amrc-paie.ma pour la suite.") }, ModeTemplate, true, "80.000", true},
		{"e-mail address", func(s *fakeopenai.Server) {
			s.Reply("Près de 80.000 salariés [4]. Écrivez à rh@amrc-paie.example.")
		}, ModeTemplate, true, "80.000", true},
		{"discord invite", func(s *fakeopenai.Server) { s.Reply("Près de 80.000 salariés [4]. Rejoignez discord.gg/amrc2020 !") }, ModeTemplate, true, "80.000", true},
		{"hidden link", func(s *fakeopenai.Server) { s.Reply("Près de 80.000 salariés [4] : ht\u200btps://evil.example") }, ModeTemplate, true, "80.000", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a *Answerer
			var srv *fakeopenai.Server
			if tt.name == "hangs" {
				a, srv = newLLM(t, false, hangTimeout)
			} else {
				a, srv = newLLM(t, false)
			}
			tt.script(srv)
			var mu sync.Mutex
			var deltas []string
			start := time.Now()
			ans, err := a.Ask(context.Background(), Request{Question: employees, OnDelta: func(s string) {
				mu.Lock()
				deltas = append(deltas, s)
				mu.Unlock()
			}})
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "hangs" && time.Since(start) > generousTimeout/2 {
				t.Errorf("answer took %s: the timeout did not hold", time.Since(start))
			}
			if ans.Mode != tt.wantMode || ans.Found != tt.wantFound || !strings.Contains(ans.Text, tt.wantText) || (ans.Note != "") != tt.wantNote {
				t.Errorf("mode %s found %v note %q text:\n%s", ans.Mode, ans.Found, ans.Note, ans.Text)
			}
			if strings.Contains(ans.Text, "sk-test-secret-key") || strings.Contains(ans.Note, "sk-test") {
				t.Error("the API key leaked into the answer")
			}
			if ans.Mode == ModeLLM && ans.Found && (len(ans.Sources) != 1 || ans.Sources[0].Passage != 4) {
				t.Errorf("sources = %+v, want §4", ans.Sources)
			}
			if tt.name == "streamed" && len(deltas) < 2 {
				t.Errorf("deltas = %q, want the streamed pieces", deltas)
			}
			reqs := chatRequests(srv)
			if len(reqs) == 0 {
				t.Fatal("the model was not asked")
			}
			msgs := reqs[0].Chat.Messages
			if len(msgs) != 2 || msgs[0].Role != "system" || !strings.Contains(msgs[1].Content, "[4]") || !strings.Contains(msgs[1].Content, "80.000") {
				t.Errorf("prompt messages: %+v", msgs)
			}
		})
	}
}

func TestLLMNotAskedWithoutPassages(t *testing.T) {
	a, srv := newLLM(t, false)
	ans, err := a.Ask(context.Background(), Request{Question: "Combien de masques de protection certifiés ?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Found || len(chatRequests(srv)) != 0 {
		t.Errorf("found %v, %d chat requests: the model must not be asked to make something up", ans.Found, len(chatRequests(srv)))
	}
}

func TestLLMFollowUpCarriesHistory(t *testing.T) {
	a, srv := newLLM(t, false)
	srv.Reply("Youssef Chraibi, le secrétaire général [4].")
	_, err := a.Ask(context.Background(), Request{Question: "Qui a dit que le secteur garantit des entrées de devises ?",
		History: []Turn{{Question: "Pourquoi le secteur est-il important ?", Answer: "Il garantit des entrées de devises [4]."}}})
	if err != nil {
		t.Fatal(err)
	}
	msgs := chatRequests(srv)[0].Chat.Messages
	if len(msgs) != 4 || msgs[1].Role != "user" || msgs[2].Role != "assistant" || !strings.Contains(msgs[2].Content, "devises") {
		t.Errorf("history not carried: %+v", msgs)
	}
}

func TestLLMCircuitBreaker(t *testing.T) {
	a, srv := newLLM(t, false)
	srv.Fail(http.StatusInternalServerError, 10)
	for i := 0; i < 5; i++ {
		ans, err := a.Ask(context.Background(), Request{Question: employees})
		if err != nil || ans.Mode != ModeTemplate || !ans.Found {
			t.Fatalf("ask %d: %v %+v", i, err, ans)
		}
		if i >= 3 && !strings.Contains(ans.Note, "indisponible") {
			t.Errorf("ask %d: note %q, want the circuit-open note", i, ans.Note)
		}
	}
	if n := len(chatRequests(srv)); n != 3 {
		t.Errorf("%d chat requests; the breaker should stop after 3 failures", n)
	}
}

func TestEmbeddingsFusion(t *testing.T) {
	a, srv := newLLM(t, true)
	srv.Reply("Près de 80.000 salariés [4].")
	base := a.kb.Base()
	if err := a.Prepare(context.Background(), base); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		n := 0
		for _, r := range srv.Requests() {
			if r.Embeddings != nil {
				n++
			}
		}
		return n
	}
	before := count()
	if before == 0 {
		t.Fatal("passages were not embedded")
	}
	if err := a.Prepare(context.Background(), base); err != nil || count() != before {
		t.Errorf("a second Prepare embedded again (%d requests, %v): the cache by content did not hold", count(), err)
	}
	ans, err := a.Ask(context.Background(), Request{Question: employees})
	if err != nil || !ans.Found {
		t.Fatalf("%v %+v", err, ans)
	}
	if count() != before+1 {
		t.Errorf("the question was not embedded once (%d requests)", count()-before)
	}
	// A dead embeddings endpoint leaves BM25 working.
	srv.FailEmbeddings(http.StatusInternalServerError, 5)
	if ans, err := a.Ask(context.Background(), Request{Question: employees}); err != nil || !ans.Found {
		t.Errorf("without embeddings: %v %+v", err, ans)
	}
}

func TestLLMOutcomes(t *testing.T) {
	tests := []struct {
		script func(*fakeopenai.Server)
		want   string
	}{
		{func(s *fakeopenai.Server) { s.Reply("Près de 80.000 salariés [4].") }, LLMOK},
		{func(s *fakeopenai.Server) { s.Reply("Près de 95.000 salariés [4].") }, LLMBadOutput},
		{func(s *fakeopenai.Server) { s.Fail(http.StatusInternalServerError, 1) }, LLMServerError},
		{func(s *fakeopenai.Server) { s.Fail(http.StatusTooManyRequests, 1) }, LLMRateLimited},
		{func(s *fakeopenai.Server) { s.Hang() }, LLMTimeout},
		{func(s *fakeopenai.Server) { s.Reply("Près de 80.000 salariés [4], voir https://evil.example.") }, LLMBadOutput},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			a, srv := newLLM(t, false, map[bool]time.Duration{true: hangTimeout, false: generousTimeout}[tt.want == LLMTimeout])
			var got []string
			a.opts.OnLLM = func(o string) { got = append(got, o) }
			tt.script(srv)
			if _, err := a.Ask(context.Background(), Request{Question: employees}); err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("outcomes = %v, want [%s]", got, tt.want)
			}
		})
	}
}

func TestUnsupportedLinks(t *testing.T) {
	passages := []string{
		"Le rapport est en ligne sur https://www.amrc.ma/rapport-2020 ; contact : presse@amrc.ma.",
		"Le salon se tient sur amrc-expo.org et sur discord.gg/amrc.",
	}
	tests := []struct {
		text string
		bad  []string
	}{
		{"Près de 80.000 salariés [4].", nil},
		{"Le rapport : https://www.amrc.ma/rapport-2020 [1].", nil},
		{"Le rapport : <http://amrc.ma/rapport-2020/> [1].", nil},
		{"Le site amrc.ma [1].", nil},
		{"Écrivez à Presse@AMRC.ma [1].", nil},
		{"Le salon : https://amrc-expo.org [2] ou discord.gg/amrc [2].", nil},
		{"Le rapport : https://amrc.ma/login [1].", []string{"https://amrc.ma/login"}},
		{"Voir https://amrc.ma.evil.example/rapport-2020 [1].", []string{"https://amrc.ma.evil.example/rapport-2020"}},
		{"Voir evil-amrc.ma [1].", []string{"evil-amrc.ma"}},
		{"Écrivez à paie@amrc.ma [1].", []string{"paie@amrc.ma"}},
		{"Rejoignez discord.gg/amrc-vip [2].", []string{"discord.gg/amrc-vip"}},
		{"[le rapport](https://evil.example/amrc.ma) [1].", []string{"https://evil.example/amrc.ma"}},
		{"Voir www.evil.example [1].", []string{"www.evil.example"}},
		{"Voir ftp://evil.example/x [1].", []string{"ftp://evil.example/x"}},
		{"Voir https://evi\u200bl.example [1].", []string{"https://evil.example"}},
		// Not links: numbers, abbreviations, words run together, capitals.
		{"Près de 80.000 salariés, soit 1.5 fois plus, en 2020.Le secteur [1].", nil},
		{"M.Serraj préside l'A.M.R.C. depuis 2019, etc. [1].", nil},
		{"Les salariés.Le secteur et les opérateurs.les plateaux [1].", nil},
	}
	for _, tt := range tests {
		if got := unsupportedLinks(tt.text, passages); !slices.Equal(got, tt.bad) {
			t.Errorf("unsupportedLinks(%q) = %q, want %q", tt.text, got, tt.bad)
		}
	}
}

func TestSanitizePartial(t *testing.T) {
	for text, want := range map[string]string{
		"Près de 80.000 salariés":                     "Près de 80.000 salariés",
		"@everyone près de 80.000 <@&555> salariés":   "@\u200beveryone près de 80.000  salariés",
		"Voir https://evil.example/login et @here":    "Voir [lien] et @\u200bhere",
		"Voir [ici](https://ev":                       "Voir [ici]([lien]",
		"Écrivez à rh@evil.example ou discord.gg/abc": "Écrivez à [lien] ou [lien]",
		"Voir amrc-paie.ma.":                          "Voir [lien].",
	} {
		if got := SanitizePartial(text); got != want {
			t.Errorf("SanitizePartial(%q) = %q, want %q", text, got, want)
		}
	}
}
