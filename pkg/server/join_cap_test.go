package server_test

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// 100 phones scan the QR code of a session that takes 40 at the same
// moment, half of them on each of two nodes on one Redis: exactly 40 are
// welcomed and 60 told session_full, and both nodes count 40. (With the
// count and the add two steps, more than 40 got in.) The store suite
// holds the cap of every engine under adds at once.
func TestParticipantCapHoldsAcrossNodes(t *testing.T) {
	prefix := newPrefix(t)
	a := startNode(t, "redis", prefix)
	b := startNode(t, "redis", prefix)
	const phones, max = 100, 40
	f := &facilitator{t: t, base: a.URL}
	if code := call(t, "POST", a.URL+"/api/v1/sessions", adminKey, map[string]any{"title": "Teater", "maxParticipants": max}, &f.s); code != 201 {
		t.Fatalf("create: %d", code)
	}
	// Every phone is connected first, then all send their join at once.
	cs := make([]*client, phones)
	for i := range cs {
		n := a
		if i%2 == 1 {
			n = b
		}
		cs[i] = mustDialFrom(t, n, fmt.Sprintf("198.51.100.%d", i+1))
	}
	outcomes := make([]string, phones)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() {
			<-start
			if err := c.ws.WriteJSON(map[string]any{"type": "join", "code": f.s.Code, "ref": "j"}); err != nil {
				outcomes[i] = "send: " + err.Error()
				return
			}
			_ = c.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
			for {
				var m map[string]any
				if err := c.ws.ReadJSON(&m); err != nil {
					outcomes[i] = "read: " + err.Error()
					return
				}
				if m["type"] == "welcome" || (m["type"] == "error" && m["ref"] == "j") {
					outcomes[i] = outcome(m)
					return
				}
			}
		})
	}
	close(start)
	wg.Wait()
	got := map[string]int{}
	for _, o := range outcomes {
		got[o]++
	}
	if got["welcome"] != max || got["session_full"] != phones-max || len(got) != 2 {
		t.Fatalf("%d joins at once to a session of %d on two nodes: %v; want %d welcome, %d session_full", phones, max, got, max, phones-max)
	}
	// A big screen on either node counts 40.
	for name, n := range map[string]*node{"A": a, "B": b} {
		screen := dial(t, n)
		screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
		if p := screen.next("participants", nil); p["count"] != float64(max) {
			t.Fatalf("node %s's screen counts %v participants, want %d", name, p["count"], max)
		}
	}
}
