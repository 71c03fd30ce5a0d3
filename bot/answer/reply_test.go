package answer

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestReplyLang: Request.Lang sets the language of the reply (a Discord
// user's locale) without changing what is found; empty, or a language the
// bot does not write, leaves the question's.
func TestReplyLang(t *testing.T) {
	a := newDefault(t)
	const (
		found    = "Combien de salariés emploie le secteur ?"
		declined = "Quel est le salaire moyen d'un téléconseiller ?"
		english  = "How many employees does the sector have?"
	)
	tests := []struct {
		q, lang  string
		wantLang string
		want     string // in the reply
	}{
		{found, "", "fr", "Source :"},
		{found, "fr", "fr", "Source :"},
		{found, "en", "en", "The article says (in French):"},
		{found, "de", "fr", "Source :"},
		{declined, "", "fr", "L'article ne le dit pas"},
		{declined, "en", "en", "The article does not say"},
		{english, "", "en", "Source:"},
		{english, "fr", "fr", "Source :"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.q, func(t *testing.T) {
			alone, err := a.Ask(context.Background(), Request{Question: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			ans, err := a.Ask(context.Background(), Request{Question: tt.q, Lang: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Lang != tt.wantLang || !strings.Contains(ans.Text, tt.want) {
				t.Errorf("lang %q, text:\n%s\nwant lang %q and %q", ans.Lang, ans.Text, tt.wantLang, tt.want)
			}
			if ans.Found != alone.Found || !slices.Equal(sourceIDs(ans), sourceIDs(alone)) || ans.Confidence != alone.Confidence {
				t.Errorf("the reply language changed the answer: found %v→%v, sources %v→%v", alone.Found, ans.Found, sourceIDs(alone), sourceIDs(ans))
			}
		})
	}
}

func sourceIDs(a Answer) []string {
	var out []string
	for _, s := range a.Sources {
		out = append(out, fmt.Sprintf("%s§%d", s.Doc, s.Passage))
	}
	return out
}

// TestLLMNoteLang: the note saying why the template answer replaced the
// model's is in the reply's language.
func TestLLMNoteLang(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{{"", "le modèle"}, {"en", "the model"}} {
		a, srv := newLLM(t, false)
		srv.Fail(http.StatusInternalServerError, 10)
		ans, err := a.Ask(context.Background(), Request{Question: employees, Lang: tt.lang})
		if err != nil || ans.Mode != ModeTemplate || !strings.Contains(ans.Note, tt.want) {
			t.Errorf("lang %q: %v, mode %s, note %q; want a note with %q", tt.lang, err, ans.Mode, ans.Note, tt.want)
		}
	}
}

func TestFollowUpHistory(t *testing.T) {
	turn := func(q string) Turn { return Turn{Question: q, Answer: "réponse à " + q} }
	tests := []struct {
		name    string
		history []Turn
		keep    int
		want    []Turn
	}{
		{"first question", nil, 4, []Turn{turn("q1")}},
		{"under the bound", []Turn{turn("q0")}, 4, []Turn{turn("q0"), turn("q1")}},
		{"the oldest go first", []Turn{turn("a"), turn("b"), turn("c"), turn("d")}, 4, []Turn{turn("b"), turn("c"), turn("d"), turn("q1")}},
		{"no bound", []Turn{turn("a"), turn("b")}, 0, []Turn{turn("a"), turn("b"), turn("q1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.history)
			got := FollowUp(tt.history, "q1", "réponse à q1", tt.keep)
			if !slices.Equal(got, tt.want) {
				t.Errorf("FollowUp = %v, want %v", got, tt.want)
			}
			if !slices.Equal(tt.history, before) {
				t.Errorf("history modified: %v", tt.history)
			}
		})
	}
}
