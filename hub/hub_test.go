package hub_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/internal/testutil"
)

// wsServer serves real WebSockets into h; each connection joins the room and
// audience named in its URL (?room=a&aud=screen) on its first message.
func wsServer(t testing.TB, h *hub.Hub) *httptest.Server {
	t.Helper()
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		aud := hub.Phones
		if r.URL.Query().Get("aud") == "screen" {
			aud = hub.Screens
		}
		h.Serve(ws, newJoiner(r.URL.Query().Get("room"), aud))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func dial(t *testing.T, srv *httptest.Server, room, aud string) *websocket.Conn {
	t.Helper()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/?room=" + room + "&aud=" + aud
	c, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.WriteMessage(websocket.TextMessage, []byte("join")); err != nil {
		t.Fatalf("join: %v", err)
	}
	return c
}

func read(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, data, err := c.ReadMessage()
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return string(data)
}

func TestBroadcastReachesOnlyItsAudience(t *testing.T) {
	h := newHub(t, hub.Config{})
	srv := wsServer(t, h)
	phone1 := dial(t, srv, "a", "phone")
	phone2 := dial(t, srv, "a", "phone")
	screen := dial(t, srv, "a", "screen")
	other := dial(t, srv, "b", "phone")
	testutil.WaitFor(t, time.Second, "joins", func() bool { return h.Count("a", hub.Everyone) == 3 && h.Count("b", hub.Everyone) == 1 })

	if n := h.Broadcast("a", hub.Screens, []byte(`screens`)); n != 1 {
		t.Fatalf("screens broadcast queued to %d, want 1", n)
	}
	if n := h.Broadcast("a", hub.Everyone, []byte(`all`)); n != 3 {
		t.Fatalf("everyone broadcast queued to %d, want 3", n)
	}
	if got := read(t, screen); got != "screens" {
		t.Fatalf("screen got %q first, want screens", got)
	}
	for name, c := range map[string]*websocket.Conn{"phone1": phone1, "phone2": phone2, "screen": screen} {
		if got := read(t, c); got != "all" {
			t.Fatalf("%s got %q, want all", name, got)
		}
	}
	h.Broadcast("b", hub.Everyone, []byte(`b only`))
	if got := read(t, other); got != "b only" {
		t.Fatalf("room b got %q", got)
	}
}

func TestRoomIsRemovedWhenEmpty(t *testing.T) {
	h := newHub(t, hub.Config{})
	f := newFake()
	j := serveFake(h, "r", hub.Phones, f)
	if h.Count("r", hub.Phones) != 1 {
		t.Fatal("phone not in room")
	}
	f.Close()
	<-j.closedC
	if n := h.Broadcast("r", hub.Everyone, []byte("x")); n != 0 {
		t.Fatalf("broadcast to emptied room queued to %d", n)
	}
}

func TestSlowConnectionIsDroppedWithoutStallingTheRoom(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := hub.NewMetrics(reg)
	h := newHub(t, hub.Config{SendQueue: 4, Metrics: m})
	slow := newFake()
	slow.blocked = true
	js := serveFake(h, "r", hub.Phones, slow)
	fast := newFake()
	serveFake(h, "r", hub.Phones, fast)

	// The slow phone never finishes a write; the fast one must still get
	// every frame, each soon after it is sent.
	for i := int64(1); i <= 20; i++ {
		h.Broadcast("r", hub.Everyone, []byte("frame"))
		testutil.WaitFor(t, time.Second, "fast phone to get the frame", func() bool { return fast.writes.Load() == i })
	}
	select {
	case <-js.closedC:
	case <-time.After(2 * time.Second):
		t.Fatal("slow phone was not dropped")
	}
	if h.Count("r", hub.Everyone) != 1 {
		t.Fatalf("room has %d members, want 1", h.Count("r", hub.Everyone))
	}
	if n := counter(t, reg, "ting_hub_slow_dropped_total"); n != 1 {
		t.Errorf("ting_hub_slow_dropped_total %v, want 1", n)
	}
	// The dropped phone's copies are given up, so every fan-out completes.
	testutil.WaitFor(t, time.Second, "every fan-out observed", func() bool { return fanouts(t, reg) == 20 })
}

func TestInvalidateCoalescesBursts(t *testing.T) {
	var refreshes atomic.Int32
	var running atomic.Int32
	interval := 50 * time.Millisecond
	h := newHub(t, hub.Config{CoalesceInterval: interval, Refresh: func(string) {
		if running.Add(1) > 1 {
			t.Error("two refreshes of one room at once")
		}
		time.Sleep(time.Millisecond)
		refreshes.Add(1)
		running.Add(-1)
	}})
	serveFake(h, "r", hub.Screens, newFake())

	start := time.Now()
	for time.Since(start) < 5*interval {
		h.Invalidate("r")
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	// The last invalidation must still lead to a refresh.
	testutil.WaitFor(t, time.Second, "trailing refresh", func() bool {
		return refreshes.Load() >= 2
	})
	time.Sleep(2 * interval)
	got := int(refreshes.Load())
	maxWant := int(elapsed/interval) + 2
	if got > maxWant {
		t.Fatalf("%d refreshes in %v; coalescing allows at most %d", got, elapsed, maxWant)
	}
	h.Invalidate("no such room") // must not panic or refresh
}

func TestFrameLimits(t *testing.T) {
	h := newHub(t, hub.Config{MaxMessageSize: 8 << 10})
	f := newFake()
	j := serveFake(h, "r", hub.Phones, f)
	f.in <- []byte(strings.Repeat("x", hub.SoftLimit+1))
	testutil.WaitFor(t, time.Second, "too-large callback", func() bool { return j.tooBig.Load() == 1 })
}

func TestShutdownSendsGoingAway(t *testing.T) {
	h := newHub(t, hub.Config{})
	srv := wsServer(t, h)
	c := dial(t, srv, "r", "phone")
	testutil.WaitFor(t, time.Second, "join", func() bool { return h.Count("r", hub.Everyone) == 1 })

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := h.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, _, err := c.ReadMessage()
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Fatalf("read after shutdown: %v, want close 1001", err)
	}
}

// newHub returns a hub that is shut down when the test ends.
func newHub(t testing.TB, cfg hub.Config) *hub.Hub {
	t.Helper()
	h := hub.New(cfg)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := h.Shutdown(ctx); err != nil {
			t.Errorf("hub shutdown: %v", err)
		}
	})
	return h
}

func TestCloseRoomClosesOnlyThatRoomAfterQueuedFrames(t *testing.T) {
	h := newHub(t, hub.Config{})
	srv := wsServer(t, h)
	phone := dial(t, srv, "a", "phone")
	screen := dial(t, srv, "a", "screen")
	other := dial(t, srv, "b", "phone")
	testutil.WaitFor(t, time.Second, "joins", func() bool { return h.Count("a", hub.Everyone) == 2 && h.Count("b", hub.Everyone) == 1 })

	h.Broadcast("a", hub.Everyone, []byte(`gone`))
	if n := h.CloseRoom("a", 4004, "deleted"); n != 2 {
		t.Fatalf("CloseRoom closed %d, want 2", n)
	}
	for name, c := range map[string]*websocket.Conn{"phone": phone, "screen": screen} {
		if got := read(t, c); got != "gone" {
			t.Fatalf("%s got %q before the close, want gone", name, got)
		}
		_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
		if _, _, err := c.ReadMessage(); !websocket.IsCloseError(err, 4004) {
			t.Fatalf("%s: %v, want close 4004", name, err)
		}
	}
	testutil.WaitFor(t, time.Second, "room a to empty", func() bool { return h.Count("a", hub.Everyone) == 0 })
	h.Broadcast("b", hub.Everyone, []byte(`still here`))
	if got := read(t, other); got != "still here" {
		t.Fatalf("room b got %q", got)
	}
	if n := h.CloseRoom("nope", 4004, ""); n != 0 {
		t.Fatalf("CloseRoom of no room closed %d", n)
	}
}

// panicker panics on "boom", as a handler with a bug would on a hostile frame.
type panicker struct{ *joiner }

func (p panicker) HandleMessage(c *hub.Conn, data []byte) {
	if string(data) == "boom" {
		panic("a bug meets a hostile frame")
	}
	p.joiner.HandleMessage(c, data)
}

// A panic while handling one connection's frame closes that connection
// only; the node and the other connections of the room go on.
func TestHandlerPanicClosesOnlyItsConnection(t *testing.T) {
	h := newHub(t, hub.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	bad, good := newFake(), newFake()
	bj := newJoiner("r", hub.Phones)
	h.Serve(bad, panicker{bj})
	bad.in <- []byte("join")
	<-bj.joined
	serveFake(h, "r", hub.Phones, good)

	bad.in <- []byte("boom")
	select {
	case <-bj.closedC:
	case <-time.After(5 * time.Second):
		t.Fatal("the panicking connection was not closed")
	}
	h.Broadcast("r", hub.Phones, []byte("still here"))
	testutil.WaitFor(t, 5*time.Second, "the other connection's frame", func() bool { return good.writes.Load() == 1 })
}
