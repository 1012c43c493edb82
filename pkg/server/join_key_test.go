package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/ting-live/ting/pkg/server"
	"github.com/ting-live/ting/pkg/session"
)

// Small join budgets, so that a test spends them in a few joins.
var keyLimits = session.JoinLimits{FailedPerAddress: 10, FailedPerNode: 30}

func withKeyLimits(c *server.Config) { c.Joins = keyLimits }

// linkKeyOf is the k of a session's joinUrl.
func linkKeyOf(t *testing.T, joinURL string) string {
	t.Helper()
	u, err := url.Parse(joinURL)
	if err != nil {
		t.Fatalf("joinUrl %q: %v", joinURL, err)
	}
	k := u.Query().Get("k")
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`).MatchString(k) || u.Path != "/" || u.Query().Get("code") == "" {
		t.Fatalf("joinUrl %q: want /?code=<code>&k=<22 base64url characters>", joinURL)
	}
	return k
}

// joinKeyed joins on a fresh connection from addr with a link key, as a
// phone that opened the join link does.
func joinKeyed(t *testing.T, n *node, addr, code, key string) map[string]any {
	t.Helper()
	c := mustDialFrom(t, n, addr)
	defer c.ws.Close()
	c.send(map[string]any{"type": "join", "code": code, "key": key, "ref": "j"})
	return c.until("a welcome or an error", func(m map[string]any) bool {
		return m["type"] == "welcome" || (m["type"] == "error" && m["ref"] == "j")
	})
}

// spend makes wrong-code joins from addr until they answer rate_limited,
// and returns that answer.
func spend(t *testing.T, n *node, addr, code string, from int) map[string]any {
	t.Helper()
	for i := range 3 * keyLimits.FailedPerAddress {
		if m := joinOnce(t, n, addr, wrongCode(code, from+i), ""); outcome(m) == "rate_limited" {
			return m
		}
	}
	t.Fatalf("%d wrong codes from %s were never rate_limited", 3*keyLimits.FailedPerAddress, addr)
	return nil
}

// sameRefusal fails unless m is the refusal a spent budget gives.
func sameRefusal(t *testing.T, what string, m, want map[string]any) {
	t.Helper()
	if outcome(m) != "rate_limited" || m["message"] != want["message"] {
		t.Fatalf("%s: %v, want %v", what, m, want)
	}
}

// A guesser at a theatre's address spends its failed lookups: a phone
// there that typed the code is refused like the guesser, one that opened
// the join link (its key) joins. A wrong key, the key of another session
// and a wrong code with the key all get the spent budget's answer, word
// for word. The node's budget likewise, on Redis across nodes.
func TestJoinKeyPassesSpentBudgets(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			prefix := newPrefix(t)
			n := startNodeWith(t, engine, prefix, withKeyLimits)
			f, g := newSession(t, n), newSession(t, n)
			key, otherKey := linkKeyOf(t, f.s.JoinURL), linkKeyOf(t, g.s.JoinURL)
			if key == otherKey {
				t.Fatalf("two sessions with one link key %q", key)
			}
			var got created
			if code := call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &got); code != 200 || got.JoinURL != f.s.JoinURL {
				t.Fatalf("GET session: %d, joinUrl %q, want %q", code, got.JoinURL, f.s.JoinURL)
			}

			// Before the budget is spent, a key changes nothing.
			if m := joinKeyed(t, n, "203.0.113.7", f.s.Code, key); m["type"] != "welcome" {
				t.Fatalf("keyed join, budget not spent: %v", m)
			}
			if m := joinKeyed(t, n, "203.0.113.7", f.s.Code, otherKey); m["type"] != "welcome" {
				t.Fatalf("join with another session's key, budget not spent: %v", m)
			}

			const theatre = "198.51.100.1"
			refusal := spend(t, n, theatre, f.s.Code, 0)
			sameRefusal(t, "the right code without a key", joinOnce(t, n, theatre, f.s.Code, ""), refusal)
			sameRefusal(t, "the right code with a wrong key", joinKeyed(t, n, theatre, f.s.Code, "AAAAAAAAAAAAAAAAAAAAAA"), refusal)
			sameRefusal(t, "the right code with another session's key", joinKeyed(t, n, theatre, f.s.Code, otherKey), refusal)
			sameRefusal(t, "a wrong code with the key", joinKeyed(t, n, theatre, wrongCode(f.s.Code, 500), key), refusal)
			for i := range 5 {
				if m := joinKeyed(t, n, theatre, f.s.Code, key); m["type"] != "welcome" {
					t.Fatalf("phone %d with the join link at the guessing address: %v", i, m)
				}
			}
			if m := joinKeyed(t, n, theatre, g.s.Code, otherKey); m["type"] != "welcome" {
				t.Fatalf("the other session's link at the guessing address: %v", m)
			}

			// Three more addresses spend the node's budget.
			other := n
			if engine == "redis" {
				other = startNodeWith(t, engine, prefix, withKeyLimits)
			}
			for a := 2; a <= 4; a++ {
				spend(t, other, fmt.Sprintf("198.51.100.%d", a), f.s.Code, 1000*a)
			}
			const fresh = "192.0.2.44"
			refusal = joinOnce(t, other, fresh, wrongCode(f.s.Code, 9999), "")
			if outcome(refusal) != "rate_limited" {
				t.Fatalf("a fresh address once the node's budget is spent: %v, want rate_limited", refusal)
			}
			sameRefusal(t, "node spent: the right code without a key", joinOnce(t, other, fresh, f.s.Code, ""), refusal)
			sameRefusal(t, "node spent: the right code with another session's key", joinKeyed(t, other, fresh, f.s.Code, otherKey), refusal)
			if m := joinKeyed(t, other, fresh, f.s.Code, key); m["type"] != "welcome" {
				t.Fatalf("node spent: the join link from a fresh address: %v", m)
			}

			// Past the key, the session's own rules hold: closed for joins.
			f.on(other).state(map[string]any{"joinsClosed": true})
			if m := joinKeyed(t, other, fresh, f.s.Code, key); outcome(m) != "joins_closed" {
				t.Fatalf("the join link of a session closed for joins: %v, want joins_closed", m)
			}
		})
	}
}

// An IPv6 client holds a whole /64: guesses from addresses rotating
// inside it share one budget, and another /64 has its own.
func TestIPv6GuessesShareTheirSlash64(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNodeWith(t, engine, newPrefix(t), withKeyLimits)
			f := newSession(t, n)
			codes := map[string]int{}
			for i := range 2 * keyLimits.FailedPerAddress {
				addr := fmt.Sprintf("2001:db8:7:42:%x::%x", i, i+1)
				codes[outcome(joinOnce(t, n, addr, wrongCode(f.s.Code, i), ""))]++
			}
			if codes["unknown_session"] > keyLimits.FailedPerAddress || codes["rate_limited"] < keyLimits.FailedPerAddress {
				t.Fatalf("guesses from one /64 on rotating addresses: %v, want at most %d unknown_session", codes, keyLimits.FailedPerAddress)
			}
			if m := joinOnce(t, n, "2001:db8:7:42::beef", f.s.Code, ""); outcome(m) != "rate_limited" {
				t.Fatalf("the right code from the same /64: %v, want rate_limited", m)
			}
			if m := joinOnce(t, n, "2001:db8:7:43::1", f.s.Code, ""); m["type"] != "welcome" {
				t.Fatalf("the right code from the next /64: %v, want welcome", m)
			}
		})
	}
}

// One address may hold ConnsPerAddress sockets; an IPv6 client counts by
// its /64, so new addresses inside it open no more.
func TestIPv6SocketsShareTheirSlash64(t *testing.T) {
	n := startNodeWith(t, "embedded", "", func(c *server.Config) { c.ConnsPerAddress = 3 })
	for i := range 3 {
		mustDialFrom(t, n, fmt.Sprintf("2001:db8:9:1::%x", i+1))
	}
	_, err := dialFrom(t, n, "2001:db8:9:1:ffff::1")
	if de, ok := err.(*dialError); !ok || de.status != http.StatusTooManyRequests {
		t.Fatalf("a fourth socket from the same /64: %v, want 429", err)
	}
	mustDialFrom(t, n, "2001:db8:9:2::1") // another /64
}

// The QR code route draws the link it is given a key for, and refuses a
// key that is no base64url.
func TestQRCodeTakesTheLinkKey(t *testing.T) {
	n := startNode(t, "embedded", "")
	f := newSession(t, n)
	key := linkKeyOf(t, f.s.JoinURL)
	svgs := map[int]string{}
	for i, tc := range []struct {
		query string
		want  int
	}{
		{"?code=" + f.s.Code + "&k=" + key, 200},
		{"?code=" + f.s.Code, 200},
		{"?code=" + f.s.Code + "&k=" + url.QueryEscape("a b<"), 400},
	} {
		res, err := http.Get(n.URL + "/qr.svg" + tc.query)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("GET /qr.svg%s: %d, want %d", tc.query, res.StatusCode, tc.want)
		}
		svgs[i] = string(body)
	}
	if svgs[0] == svgs[1] {
		t.Error("the QR code with the key is the one without it")
	}
}
