package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/server"
	"github.com/ting-live/ting/pkg/store"
)

// A Redis that crashes and comes back with its append-only file loses no
// acknowledged answer. While it is away answers get "unavailable", never an
// ack, and /readyz says not ready; afterwards both nodes take answers again
// and push results to their screens.
func TestRedisRestartLosesNoAckedAnswer(t *testing.T) {
	r := startOwnRedis(t)
	cfg := server.Config{RedisURL: r.URL(), RedisPrefix: "restart"}
	a := startFaultNode(t, cfg)
	b := startFaultNode(t, cfg)
	f := newSession(t, a.node)
	qid := f.question(map[string]any{"type": "choice", "prompt": "Avdelning?", "options": []string{"Skola", "Vård", "Teknik"}})
	f.state(map[string]any{"questionId": qid})

	screen := dial(t, b.node) // the screen on the other node sees answers only through Redis
	screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
	screen.next("question", nil)

	const n = 12
	phones := make([]*client, n)
	for i := range phones {
		phones[i] = dial(t, a.node)
		phones[i].join(f.s.Code, "")
		phones[i].next("question", func(m map[string]any) bool { return m["question"] != nil })
	}
	want := make([]float64, 3)
	for i := 0; i < n/2; i++ {
		if m := phones[i].answer("before", qid, []int{i % 3}); m["type"] != "ack" {
			t.Fatalf("phone %d before the crash: %v", i, m)
		}
		want[i%3]++
	}
	screen.next("results", func(m map[string]any) bool { return m["responses"] == float64(n/2) })

	r.kill()
	testutil.WaitFor(t, 10*time.Second, "/readyz to report not ready", func() bool { return readyStatus(a.URL) == 503 })
	if m := phones[n/2].answer("away", qid, []int{0}); m["type"] != "error" || m["code"] != "unavailable" || m["message"] == "" {
		t.Fatalf("answer while Redis is away: %v, want an unavailable error", m)
	}
	var e struct{ Error struct{ Code string } }
	if code := call(t, "PATCH", f.url("/state"), f.s.FacilitatorToken, map[string]any{"locked": true}, &e); code != 503 || e.Error.Code != "unavailable" {
		t.Fatalf("state change while Redis is away: %d %+v, want 503 unavailable", code, e)
	}
	late := dial(t, b.node)
	late.send(map[string]any{"type": "join", "code": f.s.Code, "ref": "late"})
	if m := late.next2("welcome", "error", "late"); m["code"] != "unavailable" {
		t.Fatalf("join while Redis is away: %v, want an unavailable error", m)
	}

	r.restart()
	testutil.WaitFor(t, 10*time.Second, "/readyz to report ready again", func() bool {
		return readyStatus(a.URL) == 200 && readyStatus(b.URL) == 200
	})
	for i := n / 2; i < n; i++ {
		// The phone that was refused sends again; Redis may still be
		// reconnecting on this node, so a phone retries an unavailable answer.
		testutil.WaitFor(t, 10*time.Second, fmt.Sprintf("phone %d's answer to be acked", i), func() bool {
			m := phones[i].answer(fmt.Sprintf("after-%d", i), qid, []int{i % 3})
			return m["type"] == "ack"
		})
		want[i%3]++
	}
	// Node B resubscribed: its screen sees every answer.
	screen.next("results", func(m map[string]any) bool { return m["responses"] == float64(n) })

	res := f.results()[qid].(map[string]any)
	counts := res["counts"].([]any)
	if res["responses"] != float64(n) {
		t.Fatalf("responses %v after the restart, want %d", res["responses"], n)
	}
	for i, c := range counts {
		if c != want[i] {
			t.Fatalf("counts %v, want %v", counts, want)
		}
	}
}

// A notice lost while a node's subscription was down (here: an answer
// stored without one) reaches its screens once the node has resubscribed:
// a resubscription pushes a fresh snapshot.
func TestRedisResubscribePushesSnapshot(t *testing.T) {
	r := startOwnRedis(t)
	cfg := server.Config{RedisURL: r.URL(), RedisPrefix: "resub"}
	n := startFaultNode(t, cfg)
	f := newSession(t, n.node)
	qid := f.question(map[string]any{"type": "choice", "prompt": "?", "options": []string{"A", "B"}})
	f.state(map[string]any{"questionId": qid})
	screen := dial(t, n.node)
	screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
	screen.next("results", func(m map[string]any) bool { return m["responses"] == 0.0 })
	phone := dial(t, n.node)
	phone.join(f.s.Code, "")
	phone.next("question", func(m map[string]any) bool { return m["question"] != nil })

	// An answer and a state change that reach the store but whose notices are lost.
	rc := redis.NewClient(&redis.Options{Addr: r.addr()})
	defer rc.Close()
	st := store.NewRedisStore(store.RedisConfig{Client: rc, Prefix: "resub"})
	if _, err := st.Record(context.Background(), f.s.ID, model.Answer{
		QuestionID: qid, ParticipantID: "lost-notice", Tally: map[string]int64{"c1": 1}, At: time.Now(),
	}); err != nil {
		t.Fatal(err)
	}
	visible := true
	if _, _, err := st.UpdateState(context.Background(), f.s.ID, model.StatePatch{ResultsVisible: &visible}); err != nil {
		t.Fatal(err)
	}
	r.restart()
	screen.next("results", func(m map[string]any) bool {
		c, _ := m["counts"].([]any)
		return m["responses"] == 1.0 && len(c) == 2 && c[1] == 1.0
	})
	phone.next("question", func(m map[string]any) bool { return m["resultsVisible"] == true })
	phone.next("results", func(m map[string]any) bool { return m["responses"] == 1.0 })
}

// Redis is killed with answers in flight: every answer acknowledged before
// the crash is there after the restart, once; the phones whose answers got
// an error send them again and each counts once.
func TestRedisCrashMidVote(t *testing.T) {
	r := startOwnRedis(t)
	n := startFaultNode(t, server.Config{RedisURL: r.URL(), RedisPrefix: "crash"})
	f := newSession(t, n.node)
	qid := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?", "maxEntries": 1})
	f.state(map[string]any{"questionId": qid})

	const phones = 30
	conns := make([]*client, phones)
	for i := range conns {
		conns[i] = dial(t, n.node)
		conns[i].join(f.s.Code, "")
		conns[i].next("question", func(m map[string]any) bool { return m["question"] != nil })
	}
	word := func(i int) string { return fmt.Sprintf("ord%02d", i) }
	ws := make([]*websocket.Conn, phones)
	for i, c := range conns {
		ws[i] = c.ws
	}
	acked := testutil.AnswersInFlight(t, ws, func(i int) map[string]any {
		return map[string]any{"questionId": qid, "value": []string{word(i)}}
	}, r.kill)

	r.restart()
	testutil.WaitFor(t, 10*time.Second, "/readyz to report ready again", func() bool { return readyStatus(n.URL) == 200 })
	words := wordsOf(f.results()[qid].(map[string]any))
	for i := range phones {
		if w := word(i); (acked[i] && words[w] != 1) || words[w] > 1 {
			t.Errorf("after the restart %q counts %v (acknowledged: %v)", w, words[w], acked[i])
		}
	}
	for i, c := range conns {
		if acked[i] {
			continue
		}
		testutil.WaitFor(t, 10*time.Second, fmt.Sprintf("phone %d's answer to be acked", i), func() bool {
			return c.answer("again", qid, []string{word(i)})["type"] == "ack"
		})
	}
	res := f.results()[qid].(map[string]any)
	words = wordsOf(res)
	if res["responses"] != float64(phones) || len(words) != phones {
		t.Fatalf("responses %v, %d words; want %d of each", res["responses"], len(words), phones)
	}
	for w, c := range words {
		if c != 1 {
			t.Fatalf("%q counts %v", w, c)
		}
	}
}
