package hub_test

import (
	"errors"
	"github.com/ting-live/ting/internal/testutil"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/hub"
)

// A connection that joins no room within JoinWait is closed with 4001; one
// that joined stays.
func TestUnjoinedConnectionIsClosed(t *testing.T) {
	const wait = 200 * time.Millisecond
	h := newHub(t, hub.Config{JoinWait: wait})
	srv := wsServer(t, h)
	joined := dial(t, srv, "r", "phone")
	start := time.Now()
	idle, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/?room=r", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	select {
	case err := <-readUntilEnd(idle):
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != 4001 {
			t.Fatalf("unjoined connection: %v, want close 4001", err)
		}
		if took := time.Since(start); took < wait {
			t.Fatalf("closed after %v, before JoinWait %v", took, wait)
		}
	case <-time.After(10 * wait):
		t.Fatal("unjoined connection still open")
	}
	joinedEnded := readUntilEnd(joined)
	select {
	case err := <-joinedEnded:
		t.Fatalf("the joined connection was closed: %v", err)
	case <-time.After(2 * wait):
	}
}

// limitedJoiner allows its first `allow` binary frames and pings.
type limitedJoiner struct {
	*joiner
	allow        int64
	seen, binary atomic.Int64
}

func (l *limitedJoiner) HandleOther(_ *hub.Conn, ping bool) bool {
	if !ping {
		l.binary.Add(1)
	}
	return l.seen.Add(1) <= l.allow
}

// Binary frames and pings reach a FrameLimiter; a ping it refuses gets no pong.
func TestFrameLimiterSeesBinaryFramesAndPings(t *testing.T) {
	h := newHub(t, hub.Config{})
	lj := &limitedJoiner{joiner: newJoiner("r", hub.Phones), allow: 3}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err == nil {
			h.Serve(ws, lj)
		}
	}))
	t.Cleanup(srv.Close)
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.WriteMessage(websocket.TextMessage, []byte("join"))
	var pongs atomic.Int64
	c.SetPongHandler(func(string) error { pongs.Add(1); return nil })
	readUntilEnd(c)
	for range 10 {
		_ = c.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
	}
	for range 5 {
		_ = c.WriteMessage(websocket.BinaryMessage, []byte{1, 2, 3})
	}
	testutil.WaitFor(t, 2*time.Second, "every frame seen", func() bool { return lj.seen.Load() == 15 && lj.binary.Load() == 5 })
	testutil.WaitFor(t, 2*time.Second, "the allowed pongs", func() bool { return pongs.Load() >= 3 })
	if n := pongs.Load(); n != 3 {
		t.Fatalf("%d pongs for 10 pings with 3 allowed", n)
	}
}
