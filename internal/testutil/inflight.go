package testutil

import (
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// AnswersInFlight sends every phone's answer at once (answer(i) gives the
// frame's fields besides its type and ref) and, once a quarter of them are
// acknowledged, calls fault (a node, a process or Redis dying) while the
// rest are on their way. It returns which phones got an ack.
func AnswersInFlight(t testing.TB, conns []*websocket.Conn, answer func(i int) map[string]any, fault func()) []bool {
	t.Helper()
	var (
		mu      sync.Mutex
		acked   = make([]bool, len(conns))
		nAcked  int
		quarter = make(chan struct{})
		once    sync.Once
		wg      sync.WaitGroup
	)
	for i, ws := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := answer(i)
			msg["type"], msg["ref"] = "answer", "a"
			if ws.WriteJSON(msg) != nil {
				return
			}
			m, err := ReadUntil(ws, 15*time.Second, func(m map[string]any) bool { return m["ref"] == "a" })
			if err != nil || m["type"] != "ack" {
				return // cut before the ack
			}
			mu.Lock()
			defer mu.Unlock()
			acked[i] = true
			if nAcked++; nAcked >= len(conns)/4 {
				once.Do(func() { close(quarter) })
			}
		}()
	}
	select {
	case <-quarter:
	case <-time.After(15 * time.Second):
		t.Fatal("a quarter of the answers were never acknowledged")
	}
	fault()
	wg.Wait()
	t.Logf("%d of %d answers acknowledged before the fault", nAcked, len(conns))
	return acked
}

// ReadUntil reads frames until ok holds for one, or the deadline passes.
func ReadUntil(ws *websocket.Conn, timeout time.Duration, ok func(map[string]any) bool) (map[string]any, error) {
	_ = ws.SetReadDeadline(time.Now().Add(timeout))
	for {
		var m map[string]any
		if err := ws.ReadJSON(&m); err != nil {
			return nil, err
		}
		if ok(m) {
			return m, nil
		}
	}
}
