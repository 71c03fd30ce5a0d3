package answer

import (
	"errors"
	"slices"
	"testing"

	"github.com/articlebot/articlebot/internal/french"
)

func TestParseCues(t *testing.T) {
	tests := []struct {
		line  string
		want  cue
		fails bool
	}{
		{line: "quantity+ combien de", want: cue{kind: KindQuantity, words: []string{"combien", "de"}, focus: true}},
		{line: "when quand", want: cue{kind: KindWhen, words: []string{"quand"}}},
		{line: "quantity+ quelle part", want: cue{kind: KindQuantity, words: []string{"quel", "part"}, focus: true}},
		{line: "other quoi", fails: true},
		{line: "whom qui", fails: true},
		{line: "who", fails: true},
		{line: "who+ ", fails: true},
	}
	for _, tt := range tests {
		got, err := parseCues([]string{tt.line})
		switch {
		case tt.fails:
			if err == nil || !errors.Is(err, french.ErrData) {
				t.Errorf("parseCues(%q): error %v, want an ErrData", tt.line, err)
			}
		case err != nil:
			t.Errorf("parseCues(%q): %v", tt.line, err)
		case len(got) != 1 || got[0].kind != tt.want.kind || got[0].focus != tt.want.focus || !slices.Equal(got[0].words, tt.want.words):
			t.Errorf("parseCues(%q) = %+v, want %+v", tt.line, got, tt.want)
		}
	}
	if len(cues) < 100 || cues[0].kind != KindWho {
		t.Errorf("%d cues, the first %+v", len(cues), cues[0])
	}
}
