package hub

import (
	"errors"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Close codes the hub sends. Codes 4000-4999 are Ting's own; a client should
// reconnect after closeTooSlow and CloseGoingAway, and not after a policy close.
const (
	closeTooSlow = 4000 // the connection could not keep up and was dropped
)

// Handler receives a connection's messages. Its methods run on the
// connection's reader goroutine, one at a time.
type Handler interface {
	// HandleMessage is called for each text frame.
	HandleMessage(c *Conn, data []byte)
	// HandleTooLarge is called for a frame over the handler's soft limit.
	HandleTooLarge(c *Conn)
	// HandleClose is called once, after the connection has left its room.
	HandleClose(c *Conn)
}

// frame is one queued outbound message: prepared for broadcasts, raw otherwise.
type frame struct {
	pm   *websocket.PreparedMessage
	data []byte
}

// Conn is one WebSocket connection.
type Conn struct {
	hub  *Hub
	ws   Transport
	send chan frame
	done chan struct{}

	closeOnce sync.Once
	closeCode int
	closeText string

	mu     sync.Mutex
	roomID string
}

// SoftLimit is the frame size above which HandleTooLarge is called instead
// of HandleMessage; frames above Config.MaxMessageSize close the connection.
const SoftLimit = 4 << 10

// Serve runs a connection until it closes: the writer on a new goroutine,
// the reader on the caller's.
func (h *Hub) Serve(ws Transport, handler Handler) {
	c := &Conn{hub: h, ws: ws, send: make(chan frame, h.cfg.SendQueue), done: make(chan struct{})}
	h.mu.Lock()
	if h.closing {
		h.mu.Unlock()
		_ = ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, "server is restarting"),
			time.Now().Add(h.cfg.WriteWait))
		_ = ws.Close()
		return
	}
	h.conns[c] = struct{}{}
	h.wg.Add(1)
	h.mu.Unlock()
	h.cfg.Metrics.Connections.Inc()

	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		c.writeLoop()
	}()
	c.readLoop(handler)
	c.Close(websocket.CloseNormalClosure, "")
	<-writerDone

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

func (c *Conn) readLoop(handler Handler) {
	c.ws.SetReadLimit(c.hub.cfg.MaxMessageSize)
	_ = c.ws.SetReadDeadline(time.Now().Add(c.hub.cfg.PongWait))
	c.ws.SetPongHandler(func(string) error {
		return c.ws.SetReadDeadline(time.Now().Add(c.hub.cfg.PongWait))
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
			continue
		}
		if len(data) > SoftLimit {
			c.hub.cfg.Metrics.TooLarge.Inc()
			handler.HandleTooLarge(c)
			continue
		}
		handler.HandleMessage(c, data)
	}
}

func (c *Conn) writeLoop() {
	ping := time.NewTicker(c.hub.pingPeriod)
	defer func() {
		ping.Stop()
		_ = c.ws.Close()
	}()
	wait := c.hub.cfg.WriteWait
	for {
		select {
		case f := <-c.send:
			if err := c.write(f, wait); err != nil {
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(wait)); err != nil {
				return
			}
		case <-c.done:
			c.flushQueued(wait)
			_ = c.ws.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(c.closeCode, c.closeText), time.Now().Add(wait))
			return
		}
	}
}

// flushQueued writes what is already queued (an error frame before a close),
// unless the connection is being dropped for being slow.
func (c *Conn) flushQueued(wait time.Duration) {
	if c.closeCode == closeTooSlow {
		return
	}
	for {
		select {
		case f := <-c.send:
			if err := c.write(f, wait); err != nil {
				return
			}
		default:
			return
		}
	}
}

// write sends one queued frame within wait.
func (c *Conn) write(f frame, wait time.Duration) error {
	_ = c.ws.SetWriteDeadline(time.Now().Add(wait))
	if f.pm != nil {
		return c.ws.WritePreparedMessage(f.pm)
	}
	return c.ws.WriteMessage(websocket.TextMessage, f.data)
}

func (c *Conn) enqueue(f frame) bool {
	select {
	case <-c.done:
		return true // closing: nothing to deliver, not slow
	default:
	}
	select {
	case c.send <- f:
		return true
	default:
		return false
	}
}

// Send queues one frame to this connection. A connection whose queue is
// full is dropped.
func (c *Conn) Send(data []byte) {
	if !c.enqueue(frame{data: data}) {
		c.drop()
	}
}

// drop ends a connection that cannot keep up. Its writer may be stuck in a
// write, so the transport is closed at once (safe alongside a write); the
// client sees the connection end and reconnects.
func (c *Conn) drop() {
	c.hub.cfg.Metrics.SlowDropped.Inc()
	c.Close(closeTooSlow, "too slow")
	_ = c.ws.Close()
}

// Close ends the connection with a close frame. Only the first call counts.
func (c *Conn) Close(code int, text string) {
	c.closeOnce.Do(func() {
		c.closeCode, c.closeText = code, text
		close(c.done)
	})
}

// Join moves the connection into a room as aud, leaving any room it was in.
func (c *Conn) Join(roomID string, aud Audience) {
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
