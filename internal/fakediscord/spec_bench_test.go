package fakediscord

import (
	"net/http"
	"testing"
)

// BenchmarkValidate validates a reply to a message, the request every answer
// makes, against the spec, from parallel goroutines.
//
//	go test ./internal/fakediscord -run '^$' -bench Validate
func BenchmarkValidate(b *testing.B) {
	sv := specOrSkip(b)
	body := []byte(`{"content":"**près de 80.000 salariés**\n\n> Pour rappel, le secteur emploie près de 80.000 salariés.","tts":false,"allowed_mentions":{"parse":[],"replied_user":true},"message_reference":{"message_id":"1000000000000000123","channel_id":"1000000000000000002","fail_if_not_exists":false}}`)
	h := http.Header{"Authorization": {"Bot x"}, "Content-Type": {"application/json"}}
	if p := sv.validate(RouteCreateMessage, http.MethodPost, "/channels/1000000000000000002/messages", "", h, body); len(p) > 0 {
		b.Fatalf("valid body flagged: %v", p)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if p := sv.validate(RouteCreateMessage, http.MethodPost, "/channels/1000000000000000002/messages", "", h, body); len(p) > 0 {
				b.Errorf("valid body flagged: %v", p)
			}
		}
	})
}
