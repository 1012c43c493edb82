package server_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/api"
	"github.com/ting-live/ting/pkg/server"
	"github.com/ting-live/ting/pkg/session"
)

// proxyLimits is the limits' configuration of these tests: a small
// per-address budget of failed lookups and new participants, a node's
// budget that does not bite first, and few sockets per address.
const (
	proxyFailedPerAddress = 8
	proxyNewPerAddress    = 6
	proxyConnsPerAddress  = 4
)

// startProxyNode runs a node that trusts the proxies trusted (as
// TING_TRUSTED_PROXIES reads them), with the limits above.
func startProxyNode(t *testing.T, engine, trusted string) *node {
	t.Helper()
	p, err := api.ParseTrustedProxies(trusted)
	if err != nil {
		t.Fatal(err)
	}
	return startNodeWith(t, engine, newPrefix(t), func(c *server.Config) {
		c.TrustedProxies = p
		c.Joins = session.JoinLimits{FailedPerAddress: proxyFailedPerAddress, FailedPerNode: 1000, NewPerAddress: proxyNewPerAddress}
		c.ConnsPerAddress = proxyConnsPerAddress
	})
}

// guess sends n wrong codes, each on a fresh connection whose
// X-Forwarded-For is xff(i), and counts the answers.
func guess(t *testing.T, n *node, code string, count int, xff func(i int) string) map[string]int {
	t.Helper()
	got := map[string]int{}
	for i := range count {
		got[outcome(joinOnce(t, n, xff(i), wrongCode(code, i), ""))]++
	}
	return got
}

// A phone that reaches Ting itself (the test, on loopback) and is not a
// trusted proxy cannot escape the per-address limits by naming another
// address in X-Forwarded-For: with no proxy trusted, or only proxies
// elsewhere, every guess counts against the peer's own address, and so do
// new participants and open sockets.
func TestSpoofedForwardedForCountsThePeer(t *testing.T) {
	for _, engine := range engines {
		for _, trusted := range []string{"none", "192.0.2.0/24, 2001:db8::1"} {
			t.Run(engine+"/"+trusted, func(t *testing.T) {
				n := startProxyNode(t, engine, trusted)
				f := newSession(t, n)
				rotating := func(i int) string { return fmt.Sprintf("198.51.100.%d", 1+i%250) }

				got := guess(t, n, f.s.Code, 3*proxyFailedPerAddress, rotating)
				t.Logf("%s, trusting %q: %d guesses, each naming another address: %v", engine, trusted, 3*proxyFailedPerAddress, got)
				if got["unknown_session"] > proxyFailedPerAddress || got["rate_limited"] < 2*proxyFailedPerAddress {
					t.Fatalf("guesses with a rotating X-Forwarded-For: %v, want at most %d unknown_session, the rest rate_limited", got, proxyFailedPerAddress)
				}
				// The right code, from yet another named address, is refused like a miss.
				if m := joinOnce(t, n, "203.0.113.99", f.s.Code, ""); outcome(m) != "rate_limited" {
					t.Fatalf("the right code with a fresh X-Forwarded-For: %v, want rate_limited", m)
				}

				// Open sockets: the peer's budget, whatever each names. The
				// guesses' sockets are closed; the node lets go of each a
				// moment later.
				holdSockets(t, n, proxyConnsPerAddress, rotating)
				_, err := dialFrom(t, n, "203.0.113.98")
				var de *dialError
				if !errors.As(err, &de) || de.status != http.StatusTooManyRequests {
					t.Fatalf("a socket past the peer's %d, naming a fresh address: %v, want 429", proxyConnsPerAddress, err)
				}
			})
		}
	}
}

// New participants a minute count the peer too when it is not a trusted
// proxy: joins naming a fresh address each stop at the peer's budget.
func TestSpoofedForwardedForCannotAddParticipants(t *testing.T) {
	n := startProxyNode(t, "embedded", "none")
	f := newSession(t, n)
	got := map[string]int{}
	for i := range 2 * proxyNewPerAddress {
		got[outcome(joinOnce(t, n, fmt.Sprintf("198.51.100.%d", 1+i), f.s.Code, ""))]++
	}
	t.Logf("%d joins, each naming another address: %v", 2*proxyNewPerAddress, got)
	if got["welcome"] != proxyNewPerAddress || got["rate_limited"] != proxyNewPerAddress {
		t.Fatalf("joins with a rotating X-Forwarded-For: %v, want %d welcome and %d rate_limited", got, proxyNewPerAddress, proxyNewPerAddress)
	}
}

// Behind a trusted proxy, the address X-Forwarded-For names is the one the
// limits count: two clients get a budget each, and a client that puts a
// made-up address of its own in front of the one the proxy adds is still
// counted at its own.
func TestTrustedProxyForwardsTheClient(t *testing.T) {
	for _, engine := range engines {
		for _, trusted := range []string{"", "127.0.0.1", "loopback", "10.0.0.0/8, 127.0.0.0/8"} {
			t.Run(engine+"/"+trusted, func(t *testing.T) {
				n := startProxyNode(t, engine, trusted)
				f := newSession(t, n)

				// The first client, a phone with a private address (an
				// intranet's), spends its budget, making up an address in
				// front of the one the proxy appends each time.
				spoofing := func(i int) string { return fmt.Sprintf("203.0.113.%d, 172.16.5.5", 1+i%250) }
				first := guess(t, n, f.s.Code, 2*proxyFailedPerAddress, spoofing)
				if first["unknown_session"] > proxyFailedPerAddress || first["rate_limited"] < proxyFailedPerAddress {
					t.Fatalf("guesses of the first client: %v, want at most %d unknown_session, the rest rate_limited", first, proxyFailedPerAddress)
				}
				// The second client, through the same proxy, has a budget of
				// its own: its typos, one short of it, all answer, and then
				// the right code joins.
				second := guess(t, n, f.s.Code, proxyFailedPerAddress-1, func(int) string { return "198.51.100.2" })
				t.Logf("%s, trusting %q: first client %v, second client %v", engine, trusted, first, second)
				if second["unknown_session"] != proxyFailedPerAddress-1 {
					t.Fatalf("guesses of the second client: %v, want all %d unknown_session", second, proxyFailedPerAddress-1)
				}
				if m := joinOnce(t, n, "198.51.100.2", f.s.Code, ""); m["type"] != "welcome" {
					t.Fatalf("the right code from the second client: %v, want a welcome", m)
				}

				// Sockets: each client holds its own.
				for _, addr := range []string{"198.51.100.3", "198.51.100.4"} {
					for range proxyConnsPerAddress {
						mustDialFrom(t, n, addr)
					}
				}
				_, err := dialFrom(t, n, "198.51.100.3")
				var de *dialError
				if !errors.As(err, &de) || de.status != http.StatusTooManyRequests {
					t.Fatalf("a socket past one client's %d: %v, want 429", proxyConnsPerAddress, err)
				}
			})
		}
	}
}

// Links take https from X-Forwarded-Proto only when the peer is a trusted
// proxy.
func TestForwardedProtoFromTrustedProxyOnly(t *testing.T) {
	for _, tc := range []struct{ trusted, want string }{
		{"", "https://"},
		{"127.0.0.1", "https://"},
		{"none", "http://"},
		{"192.0.2.0/24", "http://"},
	} {
		p, err := api.ParseTrustedProxies(tc.trusted)
		if err != nil {
			t.Fatal(err)
		}
		n := startNodeWith(t, "embedded", "", func(c *server.Config) { c.TrustedProxies = p })
		var s created
		hdr := map[string]string{"X-Forwarded-Proto": "https"}
		if code := callWith(t, "POST", n.URL+"/api/v1/sessions", adminKey, hdr, map[string]string{"title": "Medarbetarskap", "language": "sv"}, &s); code != 201 {
			t.Fatalf("create session: %d", code)
		}
		if !strings.HasPrefix(s.JoinURL, tc.want) {
			t.Errorf("trusting %q: joinUrl %q, want it to start %s", tc.trusted, s.JoinURL, tc.want)
		}
	}
}

// holdSockets opens count sockets, the i-th naming addr(i), once the
// node has let go of sockets closed just before: until then a dial past
// the budget closes what it opened and tries again.
func holdSockets(t *testing.T, n *node, count int, addr func(i int) string) {
	t.Helper()
	testutil.WaitFor(t, 5*time.Second, fmt.Sprintf("%d sockets open at once", count), func() bool {
		var held []*client
		for i := range count {
			c, err := dialFrom(t, n, addr(i))
			if err != nil {
				for _, h := range held {
					h.ws.Close()
				}
				time.Sleep(50 * time.Millisecond)
				return false
			}
			held = append(held, c)
		}
		return true
	})
}
