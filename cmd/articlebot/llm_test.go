package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/articlebot/articlebot/internal/fakeopenai"
)

func TestAskLLMMode(t *testing.T) {
	tests := []struct {
		name     string
		script   func(*fakeopenai.Server)
		wantMode string
	}{
		{"model answers", func(s *fakeopenai.Server) { s.Reply("Près de 80.000 salariés [4].") }, "llm"},
		{"model fails", func(s *fakeopenai.Server) { s.Fail(http.StatusInternalServerError, 1) }, "template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeopenai.New(t)
			tt.script(srv)
			t.Setenv("ARTICLEBOT_LLM_BASE_URL", srv.URL())
			t.Setenv("ARTICLEBOT_LLM_TIMEOUT", "2s")
			code, out, errOut := runCLI(t, "", "ask", "--mode", "llm", "--json", "Combien de salariés emploie le secteur ?")
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var got jsonAnswer
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if got.Mode != tt.wantMode || !got.Found || !strings.Contains(got.Answer, "80") {
				t.Errorf("got %+v", got)
			}
			if tt.wantMode == "template" && got.Note == "" {
				t.Error("a fallback must say so in its note")
			}
		})
	}
}
