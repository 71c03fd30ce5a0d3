package fakediscord_test

import (
	"errors"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/articlebot/articlebot/internal/fakediscord"
)

// TestRefuseGateway: refused connections fail at the websocket handshake,
// as a client sees an unreachable gateway, and are counted; then the
// gateway accepts them again.
func TestRefuseGateway(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		refuse  int
		dials   int
		refused int // of the dials
	}{
		{"none", 0, 1, 0},
		{"the first two", 2, 3, 2},
		{"all until told", -1, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakediscord.New(t)
			srv.RefuseGateway(tt.refuse)
			for i := range tt.dials {
				c, resp, err := websocket.DefaultDialer.Dial(srv.GatewayURL(), nil)
				wantRefused := i < tt.refused
				switch {
				case wantRefused && (!errors.Is(err, websocket.ErrBadHandshake) || resp == nil || resp.StatusCode != 503):
					t.Errorf("dial %d: %v, want a 503 handshake failure", i+1, err)
				case !wantRefused && err != nil:
					t.Errorf("dial %d: %v, want a connection", i+1, err)
				}
				if c != nil {
					c.Close()
				}
			}
			if got := srv.RefusedGateway(); got != tt.refused {
				t.Errorf("RefusedGateway() = %d, want %d", got, tt.refused)
			}
			srv.RefuseGateway(0)
			c, _, err := websocket.DefaultDialer.Dial(srv.GatewayURL(), nil)
			if err != nil {
				t.Fatalf("after RefuseGateway(0): %v", err)
			}
			c.Close()
			srv.AssertClean(t)
		})
	}
}
