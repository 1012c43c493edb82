package hub_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/hub"
)

// fakeTransport is an in-memory connection: frames to read come from in;
// every write calls onWrite; a blocked one never finishes a write.
type fakeTransport struct {
	in      chan []byte
	closed  chan struct{}
	once    sync.Once
	blocked bool
	writes  atomic.Int64
	onWrite func()
}

var _ hub.Transport = (*fakeTransport)(nil)

var errClosed = errors.New("fake: closed")

func newFake() *fakeTransport {
	return &fakeTransport{in: make(chan []byte, 16), closed: make(chan struct{})}
}

func (f *fakeTransport) ReadMessage() (int, []byte, error) {
	select {
	case m := <-f.in:
		return websocket.TextMessage, m, nil
	case <-f.closed:
		return 0, nil, errClosed
	}
}

func (f *fakeTransport) write() error {
	if f.blocked {
		<-f.closed
		return errClosed
	}
	f.writes.Add(1)
	if f.onWrite != nil {
		f.onWrite()
	}
	return nil
}

func (f *fakeTransport) WriteMessage(int, []byte) error                        { return f.write() }
func (f *fakeTransport) WritePreparedMessage(*websocket.PreparedMessage) error { return f.write() }
func (f *fakeTransport) WriteControl(int, []byte, time.Time) error             { return nil }
func (f *fakeTransport) SetReadLimit(int64)                                    {}
func (f *fakeTransport) SetReadDeadline(time.Time) error                       { return nil }
func (f *fakeTransport) SetWriteDeadline(time.Time) error                      { return nil }
func (f *fakeTransport) SetPongHandler(func(string) error)                     {}
func (f *fakeTransport) Close() error {
	f.once.Do(func() { close(f.closed) })
	return nil
}

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
	if string(data) == "join" {
		c.Join(j.room, j.aud)
		close(j.joined)
	}
}
func (j *joiner) HandleTooLarge(*hub.Conn) { j.tooBig.Add(1) }
func (j *joiner) HandleClose(*hub.Conn)    { close(j.closedC) }

// serveFake runs a fake connection in a room and returns once it has joined.
func serveFake(h *hub.Hub, room string, aud hub.Audience, f *fakeTransport) *joiner {
	j := newJoiner(room, aud)
	go h.Serve(f, j)
	f.in <- []byte("join")
	<-j.joined
	return j
}
