package server_test

import "testing"

// Two nodes on one Redis act as one: phones on A, the big screen and the
// facilitator on B.
func TestTwoNodesOnOneRedis(t *testing.T) {
	prefix := newPrefix(t)
	a := startNode(t, "redis", prefix)
	b := startNode(t, "redis", prefix)
	f := newSession(t, b)
	qid := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?"})

	screen := dial(t, b)
	screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
	screen.next("question", nil)

	phones := make([]*client, 5)
	for i := range phones {
		phones[i] = dial(t, a)
		phones[i].join(f.s.Code, "")
	}
	screen.next("participants", func(m map[string]any) bool { return m["count"] == 5.0 })

	f.on(b).state(map[string]any{"questionId": qid})
	for _, p := range phones {
		p.next("question", func(m map[string]any) bool { return m["question"] != nil })
	}
	for i, p := range phones {
		word := "tillit"
		if i%2 == 1 {
			word = "Tillit"
		}
		if r := p.answer("x", qid, []string{word}); r["type"] != "ack" {
			t.Fatalf("phone %d: %v", i, r)
		}
	}
	res := screen.next("results", func(m map[string]any) bool { return m["responses"] == 5.0 })
	if w := wordsOf(res); w["tillit"] != 5 || len(w) != 1 {
		t.Fatalf("words on node B's screen: %v", w)
	}
	// The REST API of node A agrees.
	if r := f.on(a).results()[qid].(map[string]any); r["responses"] != 5.0 {
		t.Fatalf("node A results %v", r)
	}
	// Results made visible on B reach the phones on A.
	f.on(b).state(map[string]any{"resultsVisible": true})
	phones[0].next("results", func(m map[string]any) bool { return m["responses"] == 5.0 })
}
