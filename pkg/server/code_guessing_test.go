package server_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ting-live/ting/pkg/session"
)

// A script guesses join codes from one address, reconnecting for every
// guess. Past the address's failed lookups a minute every guess answers
// rate_limited, the right code too (a hit must not be told from a miss),
// while a phone of the session rejoins with its token and a theatre at
// another address joins. Past the node's budget (on Redis: every node's)
// a second guessing address meets the limit at once.
func TestCodeGuessingIsLimited(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			prefix := newPrefix(t)
			n := startNode(t, engine, prefix)
			f := newSession(t, n)
			wc := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?", "maxEntries": 3})
			f.state(map[string]any{"questionId": wc})
			calm := mustDialFrom(t, n, "192.0.2.10")
			token := calm.join(f.s.Code, "")["token"].(string)

			start := time.Now()
			codes := map[string]int{}
			firstLimited := -1
			for i := range 2 * session.DefaultFailedLookupsPerAddress {
				c := outcome(joinOnce(t, n, "198.51.100.1", wrongCode(f.s.Code, i), ""))
				codes[c]++
				if c == "rate_limited" && firstLimited < 0 {
					firstLimited = i
				}
			}
			t.Logf("%s: %d guesses from one address in %v: %v, first rate_limited at guess %d", engine, 2*session.DefaultFailedLookupsPerAddress, since(start), codes, firstLimited)
			if codes["unknown_session"] > session.DefaultFailedLookupsPerAddress || codes["rate_limited"] < session.DefaultFailedLookupsPerAddress-5 {
				t.Fatalf("guesses from one address: %v, want at most %d unknown_session, the rest rate_limited", codes, session.DefaultFailedLookupsPerAddress)
			}
			// The right code from the guessing address gets the same answer as a wrong one.
			if m := joinOnce(t, n, "198.51.100.1", f.s.Code, ""); outcome(m) != "rate_limited" {
				t.Fatalf("the right code from a guessing address: %v, want rate_limited", m)
			}
			// A participant's token still rejoins from there (a phone on the same network).
			if m := joinOnce(t, n, "198.51.100.1", f.s.Code, token); m["type"] != "welcome" || m["token"] != token {
				t.Fatalf("rejoin with a token from the guessing address: %v", m)
			}
			// The calm phone answers, and a theatre at another address joins.
			if a := calm.answer("c1", wc, []string{"Tillit"}); a["type"] != "ack" {
				t.Fatalf("calm phone: %v", a)
			}
			for i := range 20 {
				if m := joinOnce(t, n, "203.0.113.7", f.s.Code, ""); m["type"] != "welcome" {
					t.Fatalf("theatre phone %d: %v", i, m)
				}
			}

			// More addresses spend the node's budget; with Redis a second
			// node shares it.
			other := n
			if engine == "redis" {
				other = startNode(t, engine, prefix)
			}
			nodeCodes := map[string]int{}
			for a := 2; a <= 4; a++ {
				for i := range session.DefaultFailedLookupsPerAddress {
					nodeCodes[outcome(joinOnce(t, other, fmt.Sprintf("198.51.100.%d", a), wrongCode(f.s.Code, 1000*a+i), ""))]++
				}
			}
			t.Logf("%s: %d guesses from three more addresses: %v", engine, 3*session.DefaultFailedLookupsPerAddress, nodeCodes)
			total := codes["unknown_session"] + nodeCodes["unknown_session"]
			if total > session.DefaultFailedLookupsPerNode+5 {
				t.Fatalf("%d failed lookups answered in a minute, want at most about %d for the node", total, session.DefaultFailedLookupsPerNode)
			}
			if m := joinOnce(t, other, "198.51.100.9", wrongCode(f.s.Code, 9999), ""); outcome(m) != "rate_limited" {
				t.Fatalf("a fresh address once the node's budget is spent: %v, want rate_limited", m)
			}
			if m := joinOnce(t, other, "198.51.100.9", f.s.Code, token); m["type"] != "welcome" {
				t.Fatalf("rejoin with a token once the node's budget is spent: %v", m)
			}
		})
	}
}

// 400 phones of one theatre, behind one address, type the right code at
// once (ten of them mistype it first): every one joins, well within 30 s.
func TestTheatreOfFourHundredJoins(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			const phones = 400
			start := time.Now()
			var wg sync.WaitGroup
			errs := make(chan string, phones)
			sem := make(chan struct{}, 50) // 50 phones typing at the same moment
			for i := range phones {
				wg.Add(1)
				go func() {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					c, err := dialFrom(t, n, "203.0.113.50")
					if err != nil {
						errs <- err.Error()
						return
					}
					if i%40 == 0 { // a typo first
						if m := c.tryJoin(wrongCode(f.s.Code, i), ""); outcome(m) != "unknown_session" {
							errs <- fmt.Sprintf("typo of phone %d: %v", i, m)
							return
						}
					}
					if m := c.tryJoin(f.s.Code, ""); m["type"] != "welcome" {
						errs <- fmt.Sprintf("phone %d: %v", i, m)
					}
				}()
			}
			wg.Wait()
			close(errs)
			for e := range errs {
				t.Fatal(e)
			}
			took := time.Since(start)
			t.Logf("%s: %d phones from one address joined in %v", engine, phones, took.Round(time.Millisecond))
			if took > 30*time.Second {
				t.Fatalf("400 phones took %v to join, want under 30 s", took)
			}
		})
	}
}

// A self-paced session stays open for days: its join code has the most
// digits the API allows (8, no leading zero), as a live session's does, on
// both engines.
func TestSessionCodeLengthByPace(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			for _, pace := range []string{"audience", "live"} {
				for i := range 20 {
					var s created
					if code := call(t, "POST", n.URL+"/api/v1/sessions", adminKey, map[string]string{"title": "Kurs", "pace": pace}, &s); code != 201 {
						t.Fatalf("%s session: %d", pace, code)
					}
					if len(s.Code) != 8 || s.Code[0] == '0' || strings.Trim(s.Code, "0123456789") != "" {
						t.Fatalf("%s session %d: code %q, want 8 digits without a leading zero", pace, i, s.Code)
					}
				}
			}
		})
	}
}
