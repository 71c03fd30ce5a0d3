package discord

import (
	"testing"
	"time"

	"github.com/articlebot/articlebot/internal/fakediscord"
)

// typed counts the typing indicators shown in channel.
func typed(h *harness, channel string) int {
	n := 0
	for _, r := range h.fake.Requests() {
		if r.Route == fakediscord.RouteTyping && r.Params["channel_id"] == channel {
			n++
		}
	}
	return n
}

// TestTypingDelay: a question answered within Options.TypingDelay gets its
// reply without a typing indicator; one that takes longer shows the
// indicator first.
func TestTypingDelay(t *testing.T) {
	t.Run("quick answer", func(t *testing.T) {
		h := newHarness(t, func(o *options) { o.adapter.TypingDelay = time.Hour })
		const channel = "4000000000000000001"
		id := h.send(t, fakediscord.MessageSpec{DM: true, ChannelID: channel, Author: user(1), Content: "Qui préside l'AMRC ?"})
		h.replyTo(t, id)
		if n := typed(h, channel); n != 0 {
			t.Errorf("%d typing indicators for an answer within the delay, want none", n)
		}
	})
	t.Run("slow answer", func(t *testing.T) {
		h := newHarness(t, func(o *options) { o.adapter.TypingDelay = 20 * time.Millisecond })
		const channel = "4000000000000000002"
		gate := h.ans.setGate("question lente")
		id := h.send(t, fakediscord.MessageSpec{DM: true, ChannelID: channel, Author: user(2), Content: "question lente"})
		<-h.ans.started
		if err := h.fake.WaitUntil(wait, func() bool { return typed(h, channel) > 0 }); err != nil {
			t.Fatalf("no typing indicator while the answer is awaited: %v", err)
		}
		close(gate)
		r := h.replyTo(t, id)
		for _, q := range h.fake.Requests() {
			if q.Route == fakediscord.RouteTyping && q.Params["channel_id"] == channel && q.Time.After(r.Time) {
				t.Error("a typing indicator after the reply")
			}
		}
	})
}
