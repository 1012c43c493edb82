package server_test

import (
	"testing"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/server"
)

// A node dies mid-vote: its listener and every connection are cut with
// answers in flight. The phones reconnect to the other node with their
// tokens and send again what had no ack; no acknowledged answer is lost and
// none is counted twice.
func TestNodeKilledMidVote(t *testing.T) {
	cfg := server.Config{RedisURL: testutil.RedisURL(t), RedisPrefix: newPrefix(t)}
	a := startFaultNode(t, cfg)
	b := startFaultNode(t, cfg)
	f := newSession(t, b.node)
	qid := f.question(map[string]any{"type": "choice", "prompt": "Avdelning?", "options": []string{"Skola", "Vård", "Teknik"}})
	f.state(map[string]any{"questionId": qid})
	screen := dial(t, b.node)
	screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
	screen.next("question", nil)

	const phones = 30
	conns := make([]*websocket.Conn, phones)
	tokens := make([]string, phones)
	for i := range conns {
		c := dial(t, a.node)
		conns[i] = c.ws
		tokens[i] = c.join(f.s.Code, "")["token"].(string)
		c.next("question", func(m map[string]any) bool { return m["question"] != nil })
	}

	acked := testutil.AnswersInFlight(t, conns, func(i int) map[string]any {
		return map[string]any{"questionId": qid, "value": []int{i % 3}}
	}, func() { a.kill(t) })

	// Phones reconnect to node B. Those without an ack send again; every
	// other acknowledged phone sends again too, as a phone that missed its
	// ack would: it must replace, not double.
	for i := range phones {
		p := dial(t, b.node)
		if w := p.join(f.s.Code, tokens[i]); w["token"] != tokens[i] {
			t.Fatalf("phone %d: rejoin on node B gave token %v", i, w["token"])
		}
		if !acked[i] || i%2 == 0 {
			if m := p.answer("again", qid, []int{i % 3}); m["type"] != "ack" {
				t.Fatalf("phone %d on node B: %v", i, m)
			}
		}
	}
	want := []float64{phones / 3, phones / 3, phones / 3}
	screen.next("results", func(m map[string]any) bool { return m["responses"] == float64(phones) })
	res := f.results()[qid].(map[string]any)
	if res["responses"] != float64(phones) {
		t.Fatalf("responses %v, want %d", res["responses"], phones)
	}
	for i, c := range res["counts"].([]any) {
		if c != want[i] {
			t.Fatalf("counts %v, want %v", res["counts"], want)
		}
	}
}
