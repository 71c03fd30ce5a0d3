package bot

import (
	"testing"
	"time"
)

func TestConfirmations(t *testing.T) {
	t0 := time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		command string
		user    string
		at      time.Duration // after the request
		nonce   func(string) string
		check   confirmState
	}{
		{"confirmed", cmdRemove, "1", time.Minute, nil, confirmOK},
		{"just before expiry", cmdRemove, "1", confirmTTL - time.Second, nil, confirmOK},
		{"expired", cmdRemove, "1", confirmTTL, nil, confirmExpired},
		{"someone else", cmdRemove, "2", time.Second, nil, confirmNotYours},
		{"other command", cmdReload, "1", time.Second, nil, confirmUnknown},
		{"unknown nonce", cmdRemove, "1", time.Second, func(string) string { return "00" }, confirmUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newConfirmations(confirmTTL, 10)
			nonce := c.add(pendingConfirm{command: cmdRemove, subject: "port", user: "1"}, t0)
			if tt.nonce != nil {
				nonce = tt.nonce(nonce)
			}
			at := t0.Add(tt.at)
			if _, st := c.check(tt.command, nonce, tt.user, at); st != tt.check {
				t.Fatalf("check = %v, want %v", st, tt.check)
			}
			p, st := c.take(tt.command, nonce, tt.user, at)
			if st != tt.check {
				t.Fatalf("take = %v, want %v", st, tt.check)
			}
			if st == confirmOK && p.subject != "port" {
				t.Errorf("subject %q", p.subject)
			}
			_, again := c.take(tt.command, nonce, tt.user, at)
			switch tt.check {
			case confirmOK, confirmExpired: // used once, then forgotten
				if again != confirmUnknown {
					t.Errorf("second take = %v, want unknown", again)
				}
			default: // a refused click does not spend the owner's confirmation
				if _, st := c.check(cmdRemove, nonce, "1", t0); tt.nonce == nil && st != confirmOK {
					t.Errorf("after a refused click the owner gets %v", st)
				}
			}
		})
	}
}

func TestConfirmationsBounded(t *testing.T) {
	t0 := time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC)
	c := newConfirmations(confirmTTL, 3)
	var nonces []string
	for i := range 5 {
		nonces = append(nonces, c.add(pendingConfirm{command: cmdRemove, user: "1"}, t0.Add(time.Duration(i)*time.Second)))
	}
	at := t0.Add(10 * time.Second)
	for i, n := range nonces {
		_, st := c.check(cmdRemove, n, "1", at)
		if want := i >= 2; (st == confirmOK) != want {
			t.Errorf("confirmation %d: %v (the oldest are forgotten beyond 3)", i, st)
		}
	}
	// Expired ones are dropped when another is added.
	c.add(pendingConfirm{command: cmdRemove, user: "1"}, t0.Add(confirmTTL+time.Hour))
	if len(c.pending) != 1 {
		t.Errorf("%d pending after expiry, want 1", len(c.pending))
	}
}
