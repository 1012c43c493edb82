package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestLivePoll(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			wc := f.question(map[string]any{"type": "wordcloud", "prompt": "Vad gör dig stolt?", "maxEntries": 3})
			ch := f.question(map[string]any{"type": "choice", "prompt": "Avdelning?", "options": []string{"Skola", "Vård", "Teknik"}})

			screen := dial(t, n)
			screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
			if q := screen.next("question", nil); q["question"] != nil {
				t.Fatalf("screen first question %v, want null", q)
			}

			phone := dial(t, n)
			w := phone.join(f.s.Code, "")
			token, _ := w["token"].(string)
			if token == "" || w["session"].(map[string]any)["title"] != "Medarbetarskap" {
				t.Fatalf("welcome %v", w)
			}
			phone.next("question", nil)
			screen.next("participants", func(m map[string]any) bool { return m["count"] == 1.0 })

			// Answers before the question is open are refused.
			if e := phone.answer("early", wc, []string{"x"}); e["code"] != "not_current" {
				t.Fatalf("early answer: %v", e)
			}

			f.state(map[string]any{"questionId": wc})
			q := phone.next("question", func(m map[string]any) bool { return m["question"] != nil })
			if q["question"].(map[string]any)["id"] != wc {
				t.Fatalf("phone question %v", q)
			}

			phone2 := dial(t, n)
			phone2.join(f.s.Code, "")
			phone3 := dial(t, n)
			phone3.join(f.s.Code, "")
			for _, a := range []struct {
				c     *client
				words []string
			}{
				{phone, []string{"Kaffe", "får"}},
				{phone2, []string{"kaffe ", "far"}},
				{phone3, []string{"kaffe", "  Ｋａｆｆｅ  "}}, // the same word twice counts once
			} {
				if r := a.c.answer("r1", wc, a.words); r["type"] != "ack" {
					t.Fatalf("answer %v: %v", a.words, r)
				}
			}
			res := screen.next("results", func(m map[string]any) bool { return m["responses"] == 3.0 })
			words := wordsOf(res)
			if words["kaffe"] != 3 || words["får"] != 1 || words["far"] != 1 || len(words) != 3 {
				t.Fatalf("words %v (display should be the most used spelling, får and far apart)", words)
			}

			// The same participant, reconnecting with its token, replaces its answer.
			phone.ws.Close()
			again := dial(t, n)
			if w := again.join(f.s.Code, token); w["token"] != token {
				t.Fatalf("rejoin gave token %v, want %v", w["token"], token)
			}
			again.answer("r2", wc, []string{"Samarbete"})
			res = screen.next("results", func(m map[string]any) bool { return wordsOf(m)["Samarbete"] == 1 })
			words = wordsOf(res)
			if res["responses"] != 3.0 || words["kaffe"] != 2 || words["får"] != 0 {
				t.Fatalf("after replacing: responses %v words %v", res["responses"], words)
			}

			// Phones see results only when they are visible.
			f.state(map[string]any{"resultsVisible": true})
			phone2.next("results", func(m map[string]any) bool { return m["questionId"] == wc })

			// Bad answers get the contract's codes.
			for _, tc := range []struct {
				value any
				code  string
			}{
				{[]string{"a", "b", "c", "d"}, "invalid_answer"},
				{[]string{strings.Repeat("å", 51)}, "invalid_answer"},
				{[]string{"   "}, "invalid_answer"},
				{"kaffe", "invalid_answer"},
			} {
				if e := phone2.answer("bad", wc, tc.value); e["code"] != tc.code || e["message"] == "" {
					t.Fatalf("answer %v: %v, want %s", tc.value, e, tc.code)
				}
			}

			f.state(map[string]any{"locked": true})
			phone2.next("question", func(m map[string]any) bool { return m["locked"] == true })
			if e := phone2.answer("locked", wc, []string{"x"}); e["code"] != "locked" {
				t.Fatalf("locked answer: %v", e)
			}

			f.state(map[string]any{"questionId": ch, "locked": false})
			phone2.next("question", func(m map[string]any) bool {
				q, _ := m["question"].(map[string]any)
				return q != nil && q["id"] == ch
			})
			for _, tc := range []struct {
				value any
				code  string
			}{{[]int{3}, "invalid_answer"}, {[]int{0, 1}, "invalid_answer"}, {[]int{}, "invalid_answer"}} {
				if e := phone2.answer("bad", ch, tc.value); e["code"] != tc.code {
					t.Fatalf("choice %v: %v", tc.value, e)
				}
			}
			phone2.answer("c1", ch, []int{1})
			phone3.answer("c1", ch, []int{1})
			phone3.answer("c2", ch, []int{2}) // changes its mind
			screen.next("results", func(m map[string]any) bool {
				c, _ := m["counts"].([]any)
				return m["questionId"] == ch && m["responses"] == 2.0 && len(c) == 3 && c[0] == 0.0 && c[1] == 1.0 && c[2] == 1.0
			})
			r := f.results()
			if r[ch].(map[string]any)["responses"] != 2.0 || r[wc].(map[string]any)["responses"] != 3.0 {
				t.Fatalf("REST results %v", r)
			}
		})
	}
}

func TestProtocolErrors(t *testing.T) {
	n := startNode(t, "embedded", "")
	f := newSession(t, n)
	c := dial(t, n)
	c.send(map[string]any{"type": "join", "code": "99999999", "ref": "j"})
	if e := c.next("error", nil); e["code"] != "unknown_session" {
		t.Fatalf("unknown code: %v", e)
	}
	_ = c.ws.WriteMessage(websocket.TextMessage, []byte("{not json"))
	if e := c.next("error", nil); e["code"] != "bad_request" {
		t.Fatalf("bad json: %v", e)
	}
	c.send(map[string]any{"type": "dance"})
	if e := c.next("error", nil); e["code"] != "unknown_type" {
		t.Fatalf("unknown type: %v", e)
	}
	c.send(map[string]any{"type": "answer", "ref": "a", "questionId": "q", "value": []int{0}})
	if e := c.next("error", nil); e["code"] != "not_joined" {
		t.Fatalf("answer before join: %v", e)
	}
	_ = c.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"ping","pad":"`+strings.Repeat("x", 5000)+`"}`))
	if e := c.next("error", nil); e["code"] != "too_large" {
		t.Fatalf("large frame: %v", e)
	}
	screen := dial(t, n)
	screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": "wrong"})
	if e := screen.next("error", nil); e["code"] != "forbidden" {
		t.Fatalf("present with wrong token: %v", e)
	}
}

func TestRateLimitIsPerParticipant(t *testing.T) {
	n := startNode(t, "embedded", "")
	f := newSession(t, n)
	qid := f.question(map[string]any{"type": "choice", "prompt": "?", "options": []string{"A", "B"}})
	f.state(map[string]any{"questionId": qid})
	flooder := dial(t, n)
	flooder.join(f.s.Code, "")
	calm := dial(t, n)
	calm.join(f.s.Code, "")

	limited := false
	for i := 0; i < 60 && !limited; i++ {
		flooder.send(map[string]any{"type": "answer", "ref": "f", "questionId": qid, "value": []int{0}})
		m := flooder.next2("ack", "error", "f")
		limited = m["code"] == "rate_limited"
	}
	if !limited {
		t.Fatal("60 answers in a row were never rate limited")
	}
	// Another phone behind the same address is not affected.
	if a := calm.answer("c", qid, []int{1}); a["type"] != "ack" {
		t.Fatalf("calm phone: %v", a)
	}
}

func TestShutdownClosesPhones(t *testing.T) {
	n := startNode(t, "embedded", "")
	f := newSession(t, n)
	p := dial(t, n)
	p.join(f.s.Code, "")
	n.stop(t)
	_ = p.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := p.ws.ReadMessage(); err != nil {
			if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
				t.Fatalf("phone saw %v, want close 1001", err)
			}
			return
		}
	}
}
