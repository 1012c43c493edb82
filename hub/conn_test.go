package hub_test

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/internal/testutil"
)

// TestIdleConnectionKeepsOnlyItsReader: a writer goroutine runs while
// frames wait and ends with the queue, so an idle connection costs one
// goroutine.
func TestIdleConnectionKeepsOnlyItsReader(t *testing.T) {
	h := newHub(t, hub.Config{})
	const n = 50
	fakes := make([]*fakeTransport, n)
	for i := range fakes {
		fakes[i] = newFake()
		serveFake(h, "r", hub.Phones, fakes[i])
	}
	for i := 0; i < 3; i++ {
		h.Broadcast("r", hub.Everyone, []byte("frame"))
	}
	testutil.WaitFor(t, 2*time.Second, "every frame written", func() bool {
		for _, f := range fakes {
			if f.writes.Load() != 3 {
				return false
			}
		}
		return true
	})
	// Counted by function, not by runtime.NumGoroutine: goroutines of
	// earlier tests may still be ending.
	testutil.WaitFor(t, 2*time.Second, "writers to end", func() bool {
		return goroutinesIn("hub.(*Conn).writeLoop") == 0 && goroutinesIn("hub.(*Conn).run") == n
	})
	for _, f := range fakes {
		f.Close()
	}
}

// goroutinesIn counts the goroutines with fn on their stack.
func goroutinesIn(fn string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, fn+"(") {
			count++
		}
	}
	return count
}

// TestIdleConnectionsArePinged: one hub-wide timer pings every connection,
// idle ones included, every 9/10 of PongWait.
func TestIdleConnectionsArePinged(t *testing.T) {
	h := newHub(t, hub.Config{PongWait: 100 * time.Millisecond})
	fakes := []*fakeTransport{newFake(), newFake(), newFake()}
	for _, f := range fakes {
		serveFake(h, "r", hub.Phones, f)
	}
	testutil.WaitFor(t, 2*time.Second, "three pings to every connection", func() bool {
		for _, f := range fakes {
			if f.pings.Load() < 3 {
				return false
			}
		}
		return true
	})
	for _, f := range fakes {
		f.Close()
	}
}

// TestSilentConnectionIsClosedAfterPongWait: a client that answers pings
// stays; one that reads but never answers a ping is closed once PongWait
// has passed without a pong.
func TestSilentConnectionIsClosedAfterPongWait(t *testing.T) {
	const pongWait = 500 * time.Millisecond
	h := newHub(t, hub.Config{PongWait: pongWait})
	srv := wsServer(t, h)
	alive := dial(t, srv, "r", "phone")
	// The silent client's time runs from its last frame, its join: it
	// cannot end sooner than PongWait after its dial began.
	start := time.Now()
	silent := dial(t, srv, "r", "phone")
	silent.SetPingHandler(func(string) error { return nil })
	testutil.WaitFor(t, time.Second, "joins", func() bool { return h.Count("r", hub.Everyone) == 2 })

	aliveEnded := readUntilEnd(alive)
	silentEnded := readUntilEnd(silent)
	select {
	case err := <-silentEnded:
		if took := time.Since(start); took < pongWait {
			t.Fatalf("silent client closed after %v, before PongWait %v (%v)", took, pongWait, err)
		}
	case <-time.After(5 * pongWait):
		t.Fatal("silent client still open after 5 x PongWait")
	}
	select {
	case err := <-aliveEnded:
		t.Fatalf("the client that answers pings was closed: %v", err)
	case <-time.After(2 * pongWait):
	}
	testutil.WaitFor(t, time.Second, "silent client to leave", func() bool { return h.Count("r", hub.Everyone) == 1 })
}

// readUntilEnd reads c on a goroutine (answering pings as its handler
// says) and reports the error that ends it.
func readUntilEnd(c *websocket.Conn) <-chan error {
	ended := make(chan error, 1)
	go func() {
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				ended <- err
				return
			}
		}
	}()
	return ended
}

// TestCloseWritesQueuedFramesFirst: a frame sent just before Close (an
// error, say) reaches the client before the close frame.
func TestCloseWritesQueuedFramesFirst(t *testing.T) {
	h := newHub(t, hub.Config{})
	srv := wsServer(t, h)
	c := dial(t, srv, "r", "phone")
	if err := c.WriteMessage(websocket.TextMessage, []byte("bye")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, c); got != "bye" {
		t.Fatalf("got %q, want the frame sent before the close", got)
	}
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, _, err := c.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation || ce.Text != "bye" {
		t.Fatalf("read after bye: %v, want close 1008 bye", err)
	}
	testutil.WaitFor(t, time.Second, "the connection to leave", func() bool { return h.Count("r", hub.Everyone) == 0 })
}

// TestFanoutIsObservedOnceEveryCopyIsWritten: ting_hub_fanout_seconds gets
// one observation per broadcast, after the last member's write.
func TestFanoutIsObservedOnceEveryCopyIsWritten(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := newHub(t, hub.Config{Metrics: hub.NewMetrics(reg)})
	fakes := []*fakeTransport{newFake(), newFake(), newFake()}
	for _, f := range fakes {
		serveFake(h, "r", hub.Phones, f)
	}
	h.Broadcast("r", hub.Everyone, []byte("one"))
	h.Broadcast("r", hub.Everyone, []byte("two"))
	testutil.WaitFor(t, time.Second, "two fan-outs observed", func() bool { return fanouts(t, reg) == 2 })
	for _, f := range fakes {
		if n := f.writes.Load(); n != 2 {
			t.Errorf("a member got %d writes, want 2", n)
		}
		f.Close()
	}
}

// fanouts returns how many broadcasts ting_hub_fanout_seconds has observed.
func fanouts(t testing.TB, reg *prometheus.Registry) uint64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == "ting_hub_fanout_seconds" {
			return mf.GetMetric()[0].GetHistogram().GetSampleCount()
		}
	}
	t.Fatal("no ting_hub_fanout_seconds")
	return 0
}

// counter returns the value of a counter without labels.
func counter(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("no %s", name)
	return 0
}

// TestFramesTheSocketCannotTakeAtOnceArriveInOrder: with a small socket
// buffer and a client that does not read yet, frames are written partly at
// once and the rest by a writer goroutine; every frame still arrives whole
// and in order, at every length the header encodes differently.
func TestFramesTheSocketCannotTakeAtOnceArriveInOrder(t *testing.T) {
	h := newHub(t, hub.Config{SendQueue: 1000})
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		_ = ws.NetConn().(*net.TCPConn).SetWriteBuffer(4096)
		h.Serve(ws, newJoiner("r", hub.Phones))
	}))
	t.Cleanup(srv.Close)
	// A client with a small receive buffer (set before it connects), so
	// that the server's socket fills while the client does not read.
	nd := &net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) {
			_ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
	}}
	d := websocket.Dialer{NetDialContext: nd.DialContext}
	c, _, err := d.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.WriteMessage(websocket.TextMessage, []byte("join")); err != nil {
		t.Fatal(err)
	}
	testutil.WaitFor(t, time.Second, "join", func() bool { return h.Count("r", hub.Everyone) == 1 })

	sizes := []int{0, 1, 125, 126, 127, 1000, 65535, 65536, 70000}
	var want []string
	for round := 0; round < 5; round++ {
		for i, n := range sizes {
			msg := fmt.Sprintf("%d/%d:", round, i)
			msg += strings.Repeat(string(rune('a'+i)), max(0, n-len(msg)))
			want = append(want, msg)
			if got := h.Broadcast("r", hub.Everyone, []byte(msg)); got != 1 {
				t.Fatalf("broadcast %s went to %d", msg[:5], got)
			}
		}
	}
	for i, w := range want {
		if got := read(t, c); got != w {
			t.Fatalf("frame %d: got %d bytes %.12q..., want %d bytes %.12q...", i, len(got), got, len(w), w)
		}
	}
}

// TestPingsAndClosesFromTheClientAreAnswered: the hub answers a client's
// ping with a pong carrying its data, and echoes a client's close.
func TestPingsAndClosesFromTheClientAreAnswered(t *testing.T) {
	h := newHub(t, hub.Config{})
	srv := wsServer(t, h)
	c := dial(t, srv, "r", "phone")
	testutil.WaitFor(t, time.Second, "join", func() bool { return h.Count("r", hub.Everyone) == 1 })

	pong := make(chan string, 1)
	c.SetPongHandler(func(data string) error { pong <- data; return nil })
	if err := c.WriteControl(websocket.PingMessage, []byte("hej"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	ended := readUntilEnd(c)
	select {
	case got := <-pong:
		if got != "hej" {
			t.Fatalf("pong %q, want hej", got)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no pong")
	}
	if err := c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "bye"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-ended:
		if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
			t.Fatalf("after the client's close: %v, want the close 1001 echoed", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the close was not echoed")
	}
	testutil.WaitFor(t, time.Second, "the connection to leave", func() bool { return h.Count("r", hub.Everyone) == 0 })
}
