// Package hub owns WebSocket connections and the rooms they sit in: one
// reader goroutine per connection and a writer goroutine only while frames
// wait, a bounded send queue, pings from one hub-wide timer, broadcasts
// encoded once and written to every member, and coalesced refreshes so that
// a burst of changes becomes a few pushes. It knows bytes and rooms, not
// polls.
package hub

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Audience selects members of a room by role.
type Audience uint8

// Audiences. A connection joins a room as Phone or Screen.
const (
	Phones Audience = 1 << iota
	Screens
	Everyone = Phones | Screens
)

// Defaults for Config's zero values.
const (
	DefaultSendQueue        = 64
	DefaultWriteWait        = 10 * time.Second
	DefaultPongWait         = 60 * time.Second
	DefaultMaxMessageSize   = 16 << 10
	DefaultCoalesceInterval = 100 * time.Millisecond
	DefaultJoinWait         = 10 * time.Second
)

// Config sets up a Hub. Zero values take the defaults above.
type Config struct {
	// SendQueue is how many frames may wait for a slow connection before it is dropped.
	SendQueue int
	// WriteWait bounds one write to a connection.
	WriteWait time.Duration
	// PongWait is how long a connection may stay silent; pings go out at 9/10 of it.
	PongWait time.Duration
	// MaxMessageSize is the largest frame read; a larger one closes the connection.
	MaxMessageSize int64
	// JoinWait is how long a connection may stay outside every room (a
	// phone that has not joined, a screen that has not presented) before
	// it is closed with a policy close; negative never closes it.
	JoinWait time.Duration
	// CoalesceInterval is the least time between two refreshes of one room.
	CoalesceInterval time.Duration
	// Refresh is called for a room after Invalidate, at most once per
	// CoalesceInterval, never twice at once for one room.
	Refresh func(roomID string)
	// Metrics receives the hub's measurements; nil measures nothing.
	Metrics *Metrics
	// Logger logs connection trouble; nil uses slog.Default.
	Logger *slog.Logger
}

// Hub holds the rooms of this node.
type Hub struct {
	cfg        Config
	pingPeriod time.Duration

	mu      sync.RWMutex
	rooms   map[string]*room
	conns   map[*Conn]struct{}
	pinger  *time.Timer // pings every connection each pingPeriod; nil without connections
	closing bool
	wg      sync.WaitGroup
}

// New returns a Hub.
func New(cfg Config) *Hub {
	if cfg.SendQueue <= 0 {
		cfg.SendQueue = DefaultSendQueue
	}
	if cfg.WriteWait <= 0 {
		cfg.WriteWait = DefaultWriteWait
	}
	if cfg.PongWait <= 0 {
		cfg.PongWait = DefaultPongWait
	}
	if cfg.MaxMessageSize <= 0 {
		cfg.MaxMessageSize = DefaultMaxMessageSize
	}
	if cfg.JoinWait == 0 {
		cfg.JoinWait = DefaultJoinWait
	}
	if cfg.CoalesceInterval <= 0 {
		cfg.CoalesceInterval = DefaultCoalesceInterval
	}
	if cfg.Refresh == nil {
		cfg.Refresh = func(string) {}
	}
	if cfg.Metrics == nil {
		cfg.Metrics = nopMetrics()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Hub{
		cfg:        cfg,
		pingPeriod: cfg.PongWait * 9 / 10,
		rooms:      map[string]*room{},
		conns:      map[*Conn]struct{}{},
	}
}

// Broadcast frames data once and sends it to the members of a room that
// are in aud: written at once to each member that has nothing waiting,
// queued to the others. Members whose queue is full are dropped. It returns
// how many members the frame went to.
func (h *Hub) Broadcast(roomID string, aud Audience, data []byte) int {
	h.mu.RLock()
	r := h.rooms[roomID]
	h.mu.RUnlock()
	if r == nil {
		return 0
	}
	b := newBroadcast(appendFrame(nil, websocket.TextMessage, data), time.Now(), h.cfg.Metrics.Fanout)
	defer b.release()
	return r.broadcast(aud, b, h.cfg.Metrics)
}

// Invalidate asks for a refresh of a room: Config.Refresh runs for it once
// the coalescing interval allows. A room with no member here is skipped.
func (h *Hub) Invalidate(roomID string) {
	h.mu.RLock()
	r := h.rooms[roomID]
	h.mu.RUnlock()
	if r != nil {
		r.invalidate(h)
	}
}

// CloseRoom closes every member of a room with a close frame, after the
// frames already queued to it, and returns how many it closed.
func (h *Hub) CloseRoom(roomID string, code int, text string) int {
	h.mu.RLock()
	r := h.rooms[roomID]
	h.mu.RUnlock()
	if r == nil {
		return 0
	}
	conns := r.snapshot(Everyone)
	for _, c := range conns {
		c.Close(code, text)
	}
	return len(conns)
}

// Count returns how many members of aud a room has on this node.
func (h *Hub) Count(roomID string, aud Audience) int {
	h.mu.RLock()
	r := h.rooms[roomID]
	h.mu.RUnlock()
	if r == nil {
		return 0
	}
	return r.count(aud)
}

// join puts c in a room, creating the room on first use.
func (h *Hub) join(c *Conn, roomID string, aud Audience) {
	h.mu.Lock()
	r := h.rooms[roomID]
	if r == nil {
		r = newRoom(roomID)
		h.rooms[roomID] = r
		h.cfg.Metrics.Rooms.Inc()
	}
	r.add(c, aud)
	h.mu.Unlock()
}

// leave takes c out of its room and removes the room when it empties.
func (h *Hub) leave(c *Conn, roomID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.rooms[roomID]
	if r == nil {
		return
	}
	if r.remove(c) == 0 {
		delete(h.rooms, roomID)
		r.stop()
		h.cfg.Metrics.Rooms.Dec()
	}
}

// startPinger arms the ping timer unless it is armed; h.mu is held.
func (h *Hub) startPinger() {
	if h.pinger == nil {
		h.pinger = time.AfterFunc(h.pingPeriod, h.pingAll)
	}
}

// pingAll queues a ping to every connection and rearms the timer while
// there are connections. One timer for the hub keeps idle connections free
// of goroutines and tickers of their own; a connection that does not answer
// is closed by its reader's deadline, PongWait after its last message or pong.
func (h *Hub) pingAll() {
	h.mu.Lock()
	if len(h.conns) == 0 || h.closing {
		h.pinger = nil
		h.mu.Unlock()
		return
	}
	conns := make([]*Conn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.pinger.Reset(h.pingPeriod)
	h.mu.Unlock()
	_, slow := fanout(conns, pingFrame)
	for _, c := range slow {
		c.drop()
	}
}

// Shutdown closes every connection with a "going away" close frame and
// waits for their goroutines, or for ctx.
func (h *Hub) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	h.closing = true
	if h.pinger != nil {
		h.pinger.Stop()
		h.pinger = nil
	}
	conns := make([]*Conn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.Close(websocket.CloseGoingAway, "server is restarting")
	}
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
