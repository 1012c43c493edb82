package server_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ting-live/ting/pkg/session"
)

// A script with the code from the screen joins as new participants in a
// loop, a new connection for each, and votes each time. Past the
// address's new participants a minute it gets rate_limited; a theatre
// phone at another address joins and votes meanwhile, and the votes for
// the script's option are bounded by the limit.
func TestJoinStuffingIsLimited(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			ch := f.question(map[string]any{"type": "choice", "prompt": "Vem?", "options": []string{"A", "B"}})
			f.state(map[string]any{"questionId": ch})
			calm := mustDialFrom(t, n, "192.0.2.10")
			calm.join(f.s.Code, "")

			const tries = session.DefaultNewParticipantsPerAddress + 100
			codes := map[string]int{}
			votes := 0
			start := time.Now()
			for i := range tries {
				c := mustDialFrom(t, n, "198.51.100.1")
				m := c.tryJoin(f.s.Code, "")
				codes[outcome(m)]++
				if m["type"] == "welcome" {
					if a := c.answer(fmt.Sprint("v", i), ch, []int{0}); a["type"] == "ack" {
						votes++
					}
				}
				c.ws.Close()
			}
			t.Logf("%s: %d joins as new participants from one address in %v: %v; %d votes for one option", engine, tries, since(start), codes, votes)
			if codes["welcome"] > session.DefaultNewParticipantsPerAddress || codes["rate_limited"] < 95 {
				t.Fatalf("join loop: %v, want at most %d welcomes, then rate_limited", codes, session.DefaultNewParticipantsPerAddress)
			}
			if a := calm.answer("c", ch, []int{1}); a["type"] != "ack" {
				t.Fatalf("calm phone: %v", a)
			}
			if m := joinOnce(t, n, "203.0.113.7", f.s.Code, ""); m["type"] != "welcome" {
				t.Fatalf("a phone at another address: %v", m)
			}
			counts := f.results()[ch].(map[string]any)["counts"].([]any)
			if counts[0].(float64) > float64(session.DefaultNewParticipantsPerAddress) || counts[1] != 1.0 {
				t.Fatalf("counts %v", counts)
			}
		})
	}
}

// A phone that rejoins with its token in a loop is charged for each
// rejoin on its own limit, whatever connection it comes on.
func TestRejoinLoopIsRateLimited(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			token := mustDialFrom(t, n, "198.51.100.1").join(f.s.Code, "")["token"].(string)
			codes := map[string]int{}
			start := time.Now()
			for range 60 {
				codes[outcome(joinOnce(t, n, "198.51.100.1", f.s.Code, token))]++
			}
			t.Logf("%s: 60 rejoins with one token in %v: %v", engine, since(start), codes)
			if codes["rate_limited"] < 30 {
				t.Fatalf("60 rejoins with one token: %v, want most rate_limited", codes)
			}
			// Another phone of the same address joins and rejoins as usual.
			other := mustDialFrom(t, n, "198.51.100.1")
			tok := other.join(f.s.Code, "")["token"].(string)
			if m := joinOnce(t, n, "198.51.100.1", f.s.Code, tok); m["type"] != "welcome" {
				t.Fatalf("another phone's rejoin: %v", m)
			}
		})
	}
}

// maxParticipants caps new participants (session_full) and never a
// participant who is in; the facilitator raises it, and closes the session
// for new participants (joins_closed); the live panel sees joins a minute.
func TestParticipantCapAndClosedJoins(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := &facilitator{t: t, base: n.URL}
			if code := call(t, "POST", n.URL+"/api/v1/sessions", adminKey, map[string]any{"title": "Teater", "maxParticipants": 3}, &f.s); code != 201 {
				t.Fatalf("create: %d", code)
			}
			screen := dial(t, n)
			screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
			screen.next("participants", nil)
			var tokens []string
			for range 3 {
				tokens = append(tokens, mustDialFrom(t, n, "203.0.113.7").join(f.s.Code, "")["token"].(string))
			}
			if m := joinOnce(t, n, "203.0.113.7", f.s.Code, ""); outcome(m) != "session_full" || m["message"] == "" {
				t.Fatalf("a fourth participant: %v, want session_full", m)
			}
			if m := joinOnce(t, n, "198.51.100.1", f.s.Code, tokens[1]); m["type"] != "welcome" {
				t.Fatalf("a participant rejoining a full session: %v", m)
			}
			p := screen.next("participants", func(m map[string]any) bool { return m["count"] == 3.0 })
			if p["joinsPerMinute"] != 3.0 {
				t.Fatalf("participants frame %v, want joinsPerMinute 3", p)
			}

			var sess map[string]any
			if code := call(t, "PATCH", f.url(""), f.s.FacilitatorToken, map[string]any{"maxParticipants": 4}, &sess); code != 200 || sess["maxParticipants"] != 4.0 {
				t.Fatalf("raise the cap: %d %v", code, sess["maxParticipants"])
			}
			if m := joinOnce(t, n, "203.0.113.7", f.s.Code, ""); m["type"] != "welcome" {
				t.Fatalf("a fourth participant after the cap was raised: %v", m)
			}
			for _, bad := range []any{-1, 1_000_000, "many"} {
				if code := call(t, "PATCH", f.url(""), f.s.FacilitatorToken, map[string]any{"maxParticipants": bad}, nil); code != 400 {
					t.Fatalf("maxParticipants %v: %d, want 400", bad, code)
				}
			}

			var st map[string]any
			if code := call(t, "PATCH", f.url("/state"), f.s.FacilitatorToken, map[string]any{"joinsClosed": true}, &st); code != 200 || st["joinsClosed"] != true {
				t.Fatalf("close joins: %d %v", code, st)
			}
			if code := call(t, "PATCH", f.url(""), f.s.FacilitatorToken, map[string]any{"maxParticipants": 0}, &sess); code != 200 || sess["maxParticipants"] != 2000.0 {
				t.Fatalf("default cap: %d %v", code, sess["maxParticipants"])
			}
			if m := joinOnce(t, n, "203.0.113.7", f.s.Code, ""); outcome(m) != "joins_closed" || m["message"] == "" {
				t.Fatalf("a new participant of a session closed for joins: %v, want joins_closed", m)
			}
			if m := joinOnce(t, n, "203.0.113.7", f.s.Code, tokens[0]); m["type"] != "welcome" {
				t.Fatalf("a participant rejoining a session closed for joins: %v", m)
			}
			call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &sess)
			if sess["state"].(map[string]any)["joinsClosed"] != true {
				t.Fatalf("session state %v, want joinsClosed", sess["state"])
			}
			f.state(map[string]any{"joinsClosed": false})
			if m := joinOnce(t, n, "203.0.113.7", f.s.Code, ""); m["type"] != "welcome" {
				t.Fatalf("a new participant after joins reopened: %v", m)
			}
		})
	}
}
