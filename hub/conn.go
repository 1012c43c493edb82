package hub

import (
	"errors"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

// Close codes the hub sends. Codes 4000-4999 are Ting's own; a client should
// reconnect after closeTooSlow and CloseGoingAway, and not after a policy close.
const (
	closeTooSlow = 4000 // the connection could not keep up and was dropped
	closeNoJoin  = 4001 // the connection joined no room within Config.JoinWait
)

// Handler receives a connection's messages. Its methods run one at a time:
// HandleMessage and HandleTooLarge in frame order, each on a goroutine of
// its own that the connection's reader waits for (see Conn.handle);
// HandleClose on the reader goroutine, after the last of them.
type Handler interface {
	// HandleMessage is called for each text frame.
	HandleMessage(c *Conn, data []byte)
	// HandleTooLarge is called for a frame over the handler's soft limit.
	HandleTooLarge(c *Conn)
	// HandleClose is called once, after the connection has left its room.
	HandleClose(c *Conn)
}

// FrameLimiter is an optional interface of a Handler: frames the Handler
// never sees otherwise (binary frames and pings) count against its limits.
type FrameLimiter interface {
	// HandleOther is called for a binary frame (ping false) or a ping
	// (true); for a ping it reports whether to answer it with a pong.
	HandleOther(c *Conn, ping bool) bool
}

// Conn is one WebSocket connection. An idle connection has one goroutine,
// its reader. Whoever sends a frame writes it at once when the socket takes
// it without waiting; otherwise the frame waits in the queue for a writer
// goroutine, which runs only until the queue is empty.
type Conn struct {
	hub     *Hub
	ws      Transport
	nc      net.Conn
	raw     *rawWriter     // nil: every frame goes through a writer goroutine
	writers sync.WaitGroup // the writer goroutine, while one runs

	mu        sync.Mutex
	queue     []frame // frames waiting for the writer, at most Config.SendQueue
	writing   bool    // a sender or the writer owns the socket; after closing, for good
	closing   bool    // Close was called: the writer ends with a close frame
	discard   bool    // closing without writing more: too slow, or broken
	closeCode int
	closeText string
	roomID    string
	noJoin    *time.Timer // closes the connection unless it joins a room in time
}

// SoftLimit is the frame size above which HandleTooLarge is called instead
// of HandleMessage; frames above Config.MaxMessageSize close the connection.
const SoftLimit = 4 << 10

// Serve starts serving a connection and returns at once: its reader runs on
// a goroutine of its own, so that the caller's goroutine (an HTTP handler's,
// with the request and net/http's buffers on it) can end and be freed.
func (h *Hub) Serve(ws Transport, handler Handler) {
	c := &Conn{hub: h, ws: ws, nc: ws.NetConn()}
	if sc, ok := c.nc.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			c.raw = newRawWriter(rc)
		}
	}
	h.mu.Lock()
	if h.closing {
		h.mu.Unlock()
		_ = c.nc.SetWriteDeadline(time.Now().Add(h.cfg.WriteWait))
		_, _ = c.nc.Write(closeFrame(websocket.CloseGoingAway, "server is restarting").wire)
		_ = ws.Close()
		return
	}
	h.conns[c] = struct{}{}
	h.wg.Add(1)
	h.startPinger()
	if h.cfg.JoinWait > 0 {
		c.noJoin = time.AfterFunc(h.cfg.JoinWait, c.closeUnjoined)
	}
	h.mu.Unlock()
	h.cfg.Metrics.Connections.Inc()
	go c.run(handler)
}

// run is the reader goroutine: it reads until the connection fails or is
// closed, waits for the last writer (which closes the transport), then
// leaves the room.
func (c *Conn) run(handler Handler) {
	h := c.hub
	c.readLoop(handler)
	c.Close(websocket.CloseNormalClosure, "")
	c.writers.Wait() // no writer starts after Close
	c.stopNoJoin()

	if id := c.Room(); id != "" {
		h.leave(c, id)
	}
	handler.HandleClose(c)
	h.mu.Lock()
	delete(h.conns, c)
	h.mu.Unlock()
	h.cfg.Metrics.Connections.Dec()
	h.wg.Done()
}

// readLoop reads frames and hands them to handler until the connection
// fails or closes.
func (c *Conn) readLoop(handler Handler) {
	c.ws.SetReadLimit(c.hub.cfg.MaxMessageSize)
	_ = c.ws.SetReadDeadline(time.Now().Add(c.hub.cfg.PongWait))
	c.ws.SetPongHandler(func(string) error {
		return c.ws.SetReadDeadline(time.Now().Add(c.hub.cfg.PongWait))
	})
	// Pongs and close replies go through the hub like every frame; only
	// the WebSocket's own protocol-error close is written by it.
	limiter, _ := handler.(FrameLimiter)
	c.ws.SetPingHandler(func(appData string) error {
		if limiter != nil && !limiter.HandleOther(c, true) {
			return nil
		}
		if !c.send(pongFrame(appData)) {
			c.drop()
		}
		return nil
	})
	c.ws.SetCloseHandler(func(code int, _ string) error {
		c.Close(code, "")
		return nil
	})
	for {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				c.hub.cfg.Metrics.TooLarge.Inc()
			}
			return
		}
		_ = c.ws.SetReadDeadline(time.Now().Add(c.hub.cfg.PongWait))
		if typ != websocket.TextMessage {
			if limiter != nil {
				limiter.HandleOther(c, false)
			}
			continue
		}
		tooLarge := len(data) > SoftLimit
		if tooLarge {
			c.hub.cfg.Metrics.TooLarge.Inc()
		}
		if !c.handle(handler, data, tooLarge) {
			return
		}
	}
}

// handle runs the handler for one frame on a goroutine of its own and
// waits for it, so frames are still handled one at a time and in order.
// The reader's stack then holds only the read path: a handler's deepest
// call (a join: store, JSON, writes) would otherwise grow it to 8 KiB,
// which every idle connection keeps. A panic in the handler ends this
// connection with close code 1011, not the node with every other
// connection on it; handle reports false then.
func (c *Conn) handle(handler Handler, data []byte, tooLarge bool) bool {
	ok := true
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				c.hub.cfg.Logger.Error("hub: handler panicked; closing the connection", "panic", r)
				c.Close(websocket.CloseInternalServerErr, "internal error")
				ok = false
			}
		}()
		if tooLarge {
			handler.HandleTooLarge(c)
		} else {
			handler.HandleMessage(c, data)
		}
	}()
	<-done
	return ok
}

// send writes f at once when no one else is writing and the socket takes
// it without waiting; what it does not take waits in the queue for a writer
// goroutine. It reports false when the queue is full: the connection is
// too slow.
func (c *Conn) send(f frame) bool {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return true // nothing to deliver, not slow
	}
	if c.writing {
		defer c.mu.Unlock()
		if len(c.queue) >= c.hub.cfg.SendQueue {
			return false
		}
		f.hold()
		c.queue = append(c.queue, f)
		return true
	}
	c.writing = true // the socket is ours until we hand it on
	c.mu.Unlock()

	f.hold()
	n := 0
	var err error
	if c.raw != nil {
		n, err = c.raw.writeNow(f.wire)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case err != nil: // the connection is gone: the writer gives up the rest
		f.release()
		c.abortLocked()
	case n < len(f.wire):
		c.queue = append(c.queue, frame{})
		copy(c.queue[1:], c.queue)
		c.queue[0] = frame{wire: f.wire[n:], b: f.b}
	default:
		f.release()
	}
	if len(c.queue) == 0 && !c.closing {
		c.writing = false
		return true
	}
	c.startWriter() // frames came while we wrote, or the rest of ours
	return true
}

// startWriter starts the writer goroutine; c.mu is held and c.writing set.
func (c *Conn) startWriter() {
	c.writers.Add(1)
	go c.writeLoop()
}

// writeLoop writes what is queued, each batch with one system call, and
// ends when the queue is empty; after Close it writes the close frame and
// closes the transport. The array of a written batch becomes the queue
// again, so that the queue is not allocated for each batch.
func (c *Conn) writeLoop() {
	defer c.writers.Done()
	var written []frame
	for {
		c.mu.Lock()
		batch, closing := c.queue, c.closing
		clear(written)
		c.queue = written[:0]
		if len(batch) == 0 && !closing {
			// Clear this writer's deadline while the socket is still ours, so
			// that a later sender's write does not meet it.
			_ = c.nc.SetWriteDeadline(time.Time{})
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		if closing {
			c.finish(batch)
			return
		}
		if err := c.writeBatch(batch); err != nil {
			c.mu.Lock()
			c.abortLocked()
			c.mu.Unlock()
		}
		written = batch
	}
}

// finish writes what was queued before the close (an error frame, say),
// unless the connection is dropped for being slow, then the close frame,
// and closes the transport.
func (c *Conn) finish(batch []frame) {
	if c.discard {
		for _, f := range batch {
			f.release()
		}
	} else {
		_ = c.writeBatch(append(batch, closeFrame(c.closeCode, c.closeText)))
	}
	_ = c.ws.Close()
}

// writeBatch writes frames within Config.WriteWait in one system call (or
// a few, when the socket takes them in parts). Every frame is released.
// A batch of one frame, the usual case, is written as it is: gathering it
// into net.Buffers would cost two allocations for each member of a
// broadcast that waits.
func (c *Conn) writeBatch(batch []frame) error {
	_ = c.nc.SetWriteDeadline(time.Now().Add(c.hub.cfg.WriteWait))
	var err error
	if len(batch) == 1 {
		_, err = c.nc.Write(batch[0].wire)
	} else {
		bufs := make(net.Buffers, len(batch))
		for i, f := range batch {
			bufs[i] = f.wire
		}
		_, err = bufs.WriteTo(c.nc)
	}
	for _, f := range batch {
		f.release()
	}
	return err
}

// Send sends one text frame to this connection. A connection whose queue
// is full is dropped.
func (c *Conn) Send(data []byte) {
	if !c.send(textFrame(data)) {
		c.drop()
	}
}

// drop ends a connection that cannot keep up. Its writer may be stuck in a
// write, so the transport is closed at once (safe alongside a write); the
// client sees the connection end and reconnects.
func (c *Conn) drop() {
	c.hub.cfg.Metrics.SlowDropped.Inc()
	c.mu.Lock()
	c.closeLocked(closeTooSlow, "too slow")
	c.abortLocked()
	c.mu.Unlock()
}

// Close ends the connection with a close frame, after the frames already
// queued. Only the first call counts.
func (c *Conn) Close(code int, text string) {
	c.mu.Lock()
	c.closeLocked(code, text)
	c.mu.Unlock()
}

// closeLocked starts closing; c.mu is held. The writer (started here when
// none runs) writes what is queued and the close frame, and closes the
// transport.
func (c *Conn) closeLocked(code int, text string) {
	if c.closing {
		return
	}
	c.closing = true
	c.closeCode, c.closeText = code, text
	if !c.writing {
		c.writing = true
		c.startWriter()
	}
}

// abortLocked ends the connection without writing more (its queue is given
// up, no close frame); c.mu is held. Closing the transport at once also
// ends a write stuck on it.
func (c *Conn) abortLocked() {
	c.closeLocked(websocket.CloseAbnormalClosure, "")
	c.discard = true
	_ = c.ws.Close()
}

// closeUnjoined closes the connection if it is in no room.
func (c *Conn) closeUnjoined() {
	if c.Room() == "" {
		c.hub.cfg.Metrics.NoJoinClosed.Inc()
		c.Close(closeNoJoin, "join or present first")
	}
}

// stopNoJoin stops the timer of closeUnjoined.
func (c *Conn) stopNoJoin() {
	if c.noJoin != nil {
		c.noJoin.Stop()
	}
}

// Join moves the connection into a room as aud, leaving any room it was in.
func (c *Conn) Join(roomID string, aud Audience) {
	c.stopNoJoin()
	c.mu.Lock()
	old := c.roomID
	c.roomID = roomID
	c.mu.Unlock()
	if old != "" && old != roomID {
		c.hub.leave(c, old)
	}
	c.hub.join(c, roomID, aud)
}

// Room returns the room the connection is in, or "".
func (c *Conn) Room() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.roomID
}
