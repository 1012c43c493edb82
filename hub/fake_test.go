package hub_test

import (
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/hub"
)

// fakeTransport is an in-memory connection: frames to read come from in;
// every frame written calls onWrite, pings are counted instead; a blocked
// one never finishes a write. It is no syscall.Conn, so the hub writes to
// it from writer goroutines only.
type fakeTransport struct {
	nc      net.Conn // fakeNetConn unless a test sets another
	in      chan []byte
	closed  chan struct{}
	once    sync.Once
	blocked bool
	writes  atomic.Int64
	pings   atomic.Int64
	onWrite func()
}

var _ hub.Transport = (*fakeTransport)(nil)

var errClosed = errors.New("fake: closed")

func newFake() *fakeTransport {
	f := &fakeTransport{in: make(chan []byte, 16), closed: make(chan struct{})}
	f.nc = fakeNetConn{f}
	return f
}

// newNullFake returns a fake whose writes go to /dev/null through a real
// descriptor: the hub writes to it at once, as to an idle socket, with a
// system call that costs next to nothing.
func newNullFake(tb testing.TB) *fakeTransport {
	tb.Helper()
	file, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { file.Close() })
	f := newFake()
	f.nc = nullConn{file}
	return f
}

// nullConn is a net.Conn on an *os.File; its SyscallConn lets the hub write
// to the descriptor directly.
type nullConn struct{ *os.File }

func (nullConn) LocalAddr() net.Addr  { return &net.TCPAddr{} }
func (nullConn) RemoteAddr() net.Addr { return &net.TCPAddr{} }

func (f *fakeTransport) ReadMessage() (int, []byte, error) {
	select {
	case m := <-f.in:
		return websocket.TextMessage, m, nil
	case <-f.closed:
		return 0, nil, errClosed
	}
}

func (f *fakeTransport) SetReadLimit(int64)                      {}
func (f *fakeTransport) SetReadDeadline(time.Time) error         { return nil }
func (f *fakeTransport) SetPingHandler(func(string) error)       {}
func (f *fakeTransport) SetPongHandler(func(string) error)       {}
func (f *fakeTransport) SetCloseHandler(func(int, string) error) {}
func (f *fakeTransport) NetConn() net.Conn                       { return f.nc }
func (f *fakeTransport) Close() error {
	f.once.Do(func() { close(f.closed) })
	return nil
}

// fakeNetConn is the write side of a fakeTransport: each Write is one frame
// (the hub writes a batch frame by frame to a connection without writev).
type fakeNetConn struct{ f *fakeTransport }

func (n fakeNetConn) Write(b []byte) (int, error) {
	f := n.f
	if f.blocked {
		<-f.closed
		return 0, errClosed
	}
	select {
	case <-f.closed:
		return 0, errClosed
	default:
	}
	switch {
	case len(b) > 0 && b[0] == 0x80|websocket.PingMessage:
		f.pings.Add(1)
	case len(b) > 0 && b[0] == 0x80|websocket.CloseMessage:
	default:
		f.writes.Add(1)
		if f.onWrite != nil {
			f.onWrite()
		}
	}
	return len(b), nil
}

func (n fakeNetConn) Read([]byte) (int, error)         { return 0, errClosed }
func (n fakeNetConn) Close() error                     { return n.f.Close() }
func (n fakeNetConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (n fakeNetConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (n fakeNetConn) SetDeadline(time.Time) error      { return nil }
func (n fakeNetConn) SetReadDeadline(time.Time) error  { return nil }
func (n fakeNetConn) SetWriteDeadline(time.Time) error { return nil }

// joiner is a Handler that joins the room named in its first message.
type joiner struct {
	room    string
	aud     hub.Audience
	joined  chan struct{}
	tooBig  atomic.Int32
	closedC chan struct{}
}

func newJoiner(room string, aud hub.Audience) *joiner {
	return &joiner{room: room, aud: aud, joined: make(chan struct{}), closedC: make(chan struct{})}
}

func (j *joiner) HandleMessage(c *hub.Conn, data []byte) {
	switch string(data) {
	case "join":
		c.Join(j.room, j.aud)
		close(j.joined)
	case "bye": // a last frame, then a policy close
		c.Send([]byte("bye"))
		c.Close(websocket.ClosePolicyViolation, "bye")
	}
}
func (j *joiner) HandleTooLarge(*hub.Conn) { j.tooBig.Add(1) }
func (j *joiner) HandleClose(*hub.Conn)    { close(j.closedC) }

// serveFake runs a fake connection in a room and returns once it has joined.
func serveFake(h *hub.Hub, room string, aud hub.Audience, f *fakeTransport) *joiner {
	j := newJoiner(room, aud)
	h.Serve(f, j)
	f.in <- []byte("join")
	<-j.joined
	return j
}
