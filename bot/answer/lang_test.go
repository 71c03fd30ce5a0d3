package answer

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestDocumentLanguage: a document's lang is honoured. An English
// question on an English document is answered from it without "(in
// French)"; a French question quoting it says the quote is in English; a
// question on what the documents are about summarises each of them.
func TestDocumentLanguage(t *testing.T) {
	a := newAnswerer(t, os.DirFS("testdata/multi"))
	tests := []struct {
		question string
		found    bool
		want     []string
		not      []string
	}{
		{"Who was the last keeper of the lighthouse?", true, []string{"Margaret Holloway", "The documents say:"}, []string{"in French"}},
		{"When was the Brightwater lighthouse built?", true, []string{"1874"}, []string{"in French"}},
		{"Qui était le dernier meunier du moulin ?", true, []string{"Louis Garnier"}, []string{"en anglais"}},
		{"What are these documents about?", true, []string{"lighthouse", "moulin"}, nil},
		{"De quoi parlent les documents ?", true, []string{"lighthouse", "moulin"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := a.Ask(context.Background(), Request{Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Found != tt.found {
				t.Fatalf("found %v, want %v:\n%s", ans.Found, tt.found, ans.Text)
			}
			for _, w := range tt.want {
				if !strings.Contains(ans.Text, w) {
					t.Errorf("answer lacks %q:\n%s", w, ans.Text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(ans.Text, w) {
					t.Errorf("answer holds %q:\n%s", w, ans.Text)
				}
			}
		})
	}
}
