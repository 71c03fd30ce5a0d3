package fakediscord

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestCheckAllowedMentions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want string // substring of the reason; "" means no violation
	}{
		{"empty parse", `{"content":"x","allowed_mentions":{"parse":[]}}`, ""},
		{"empty parse with replied_user", `{"allowed_mentions":{"parse":[],"replied_user":false}}`, ""},
		{"missing", `{"content":"x"}`, "missing"},
		{"null", `{"allowed_mentions":null}`, "missing"},
		{"parse missing", `{"allowed_mentions":{"users":[]}}`, "parse is missing"},
		{"parse null", `{"allowed_mentions":{"parse":null}}`, "parse is missing"},
		{"parse users", `{"allowed_mentions":{"parse":["users"]}}`, "want an empty list"},
		{"parse not a list", `{"allowed_mentions":{"parse":"none"}}`, "want an empty list"},
		{"not an object", `{"allowed_mentions":[]}`, "want an object"},
		{"no body", `null`, "no message body"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal([]byte(tc.body), &m); err != nil {
				t.Fatal(err)
			}
			got := checkAllowedMentions(m)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("checkAllowedMentions(%s) = %q, want %q", tc.body, got, tc.want)
			}
		})
	}
}

func TestMessageBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		route       string
		body        string
		wantApplies bool
		wantContent string
	}{
		{RouteCreateMessage, `{"content":"a"}`, true, "a"},
		{RouteEditOriginal, `{"content":"b"}`, true, "b"},
		{RouteInteractionCallback, `{"type":4,"data":{"content":"c"}}`, true, "c"},
		{RouteInteractionCallback, `{"type":7,"data":{"content":"d"}}`, true, "d"},
		{RouteInteractionCallback, `{"type":5}`, false, ""},
		{RouteInteractionCallback, `{"type":6}`, false, ""},
		{RouteInteractionCallback, `{"type":8,"data":{"choices":[]}}`, false, ""},
	}
	for _, tc := range tests {
		var body any
		if err := json.Unmarshal([]byte(tc.body), &body); err != nil {
			t.Fatal(err)
		}
		msg, applies := messageBody(tc.route, body)
		if applies != tc.wantApplies || stringOf(msg["content"]) != tc.wantContent {
			t.Errorf("messageBody(%s, %s) = %v, %v", tc.route, tc.body, msg, applies)
		}
	}
}

func TestMatchRoute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method, path string
		want         string
		param, value string
	}{
		{"PATCH", "/webhooks/1/tok/messages/@original", RouteEditOriginal, "interaction_token", "tok"},
		{"PATCH", "/webhooks/1/tok/messages/55", RouteEditFollowup, "message_id", "55"},
		{"POST", "/webhooks/1/tok", RouteCreateFollowup, "application_id", "1"},
		{"POST", "/channels/9/messages", RouteCreateMessage, "channel_id", "9"},
		{"GET", "/channels/9/messages", RouteGetMessages, "channel_id", "9"},
		{"DELETE", "/channels/9/messages", "", "", ""},
		{"GET", "/users/@me", RouteGetCurrentUser, "", ""},
		{"GET", "/users/42", "", "", ""},
		{"PUT", "/applications/1/guilds/2/commands", RouteBulkGuildCommands, "guild_id", "2"},
	}
	for _, tc := range tests {
		r, params := matchRoute(tc.method, strings.Split(strings.TrimPrefix(tc.path, "/"), "/"))
		got := ""
		if r != nil {
			got = r.key
		}
		if got != tc.want || params[tc.param] != tc.value {
			t.Errorf("matchRoute(%s %s) = %q %v, want %q %s=%s", tc.method, tc.path, got, params, tc.want, tc.param, tc.value)
		}
	}
}

func TestDecodeMultipartPayloadJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("files[0]", "a.txt")
	fw.Write([]byte("file content"))
	w.WriteField("payload_json", `{"content":"with file","allowed_mentions":{"parse":[]}}`)
	w.Close()
	got, err := decodeBody(w.FormDataContentType(), buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := got.(map[string]any); m["content"] != "with file" {
		t.Errorf("decoded = %v", got)
	}
	if _, err := decodeBody("application/json", []byte("{not json")); err == nil {
		t.Error("invalid JSON decoded without error")
	}
}

// TestSpecFixtures validates the bodies in testdata/requests.json directly.
func TestSpecFixtures(t *testing.T) {
	t.Parallel()
	sv := specOrSkip(t)
	raw, err := os.ReadFile("testdata/requests.json")
	if err != nil {
		t.Fatal(err)
	}
	var fixtures []struct {
		Name   string          `json:"name"`
		Method string          `json:"method"`
		Path   string          `json:"path"`
		Body   json.RawMessage `json:"body"`
		Valid  bool            `json:"valid"`
	}
	if err := json.Unmarshal(raw, &fixtures); err != nil {
		t.Fatal(err)
	}
	for _, f := range fixtures {
		t.Run(f.Name, func(t *testing.T) {
			h := http.Header{"Authorization": {"Bot x"}}
			if len(f.Body) > 0 {
				h.Set("Content-Type", "application/json")
			}
			problems := sv.validate("", f.Method, f.Path, "", h, f.Body)
			if f.Valid && len(problems) > 0 {
				t.Errorf("valid request flagged: %v", problems)
			}
			if !f.Valid && len(problems) == 0 {
				t.Error("invalid request passed validation")
			}
			for _, p := range problems {
				t.Log(p)
			}
		})
	}
}

func TestSpecSkippedWithoutShared(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	mod := filepath.Join(root, "repo")
	pkg := filepath.Join(mod, "internal", "x")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sv, skipped, err := buildSpecFrom(pkg)
	if err != nil || sv != nil {
		t.Fatalf("buildSpecFrom = %v, %v; want skip", sv, err)
	}
	if !strings.Contains(skipped, "absent") || !strings.Contains(skipped, filepath.Join(root, "shared")) {
		t.Errorf("skip message = %q", skipped)
	}
}

// TestValidateConcurrently validates valid and invalid replies from many
// goroutines at once, the first of them included: under the read lock the
// spec checks as much as alone (run it with -race).
func TestValidateConcurrently(t *testing.T) {
	t.Parallel()
	sv := specOrSkip(t)
	const path = "/channels/1000000000000000002/messages"
	valid := []byte(`{"content":"Le 23 avril.","allowed_mentions":{"parse":[]},"message_reference":{"message_id":"1000000000000000123"}}`)
	invalid := []byte(`{"content":42,"allowed_mentions":{"parse":[]}}`)
	h := http.Header{"Authorization": {"Bot x"}, "Content-Type": {"application/json"}}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				bad := (g+i)%2 == 0
				body := valid
				if bad {
					body = invalid
				}
				problems := sv.validate(RouteCreateMessage, http.MethodPost, path, "", h, body)
				if bad != (len(problems) > 0) {
					t.Errorf("invalid %t: problems %v", bad, problems)
				}
			}
		})
	}
	wg.Wait()
}

func TestWarmKey(t *testing.T) {
	h := http.Header{"Authorization": {"Bot x"}}
	a, known := warmKey(RouteGetMessages, url.Values{"limit": {"5"}}, h, false)
	b, _ := warmKey(RouteGetMessages, url.Values{"limit": {"50"}}, h, false)
	c, _ := warmKey(RouteGetMessages, url.Values{"before": {"1"}, "limit": {"5"}}, h, false)
	d, _ := warmKey(RouteGetMessages, url.Values{"limit": {"5"}}, http.Header{"Authorization": {"Bot x"}, "X-Audit-Log-Reason": {"r"}}, false)
	if !known || a != b || a == c || a == d {
		t.Errorf("keys %q %q %q %q: the same query and header names must share a key, others not", a, b, c, d)
	}
	if _, known := warmKey("", nil, h, true); known {
		t.Error("a route the fake does not implement has a key")
	}
}

// specOrSkip is the spec's validator, or skips tb (with the reason) when
// ../shared is absent.
func specOrSkip(tb testing.TB) *specValidator {
	tb.Helper()
	sv, skipped, err := loadSpec()
	if err != nil {
		tb.Fatal(err)
	}
	if skipped != "" {
		tb.Skip(skipped)
	}
	return sv
}
