package hub

import (
	"sync"
	"time"
)

// room is the set of connections of one session on this node.
type room struct {
	id string

	mu     sync.RWMutex
	byConn map[*Conn]Audience
	// members by audience, screens first: a broadcast reaches the big
	// screen before the phones.
	members [2]map[*Conn]struct{}

	// coalescing
	cmu     sync.Mutex
	pending bool
	since   time.Time // first invalidation not yet refreshed
	last    time.Time // start of the last refresh
	timer   *time.Timer
	stopped bool
	running sync.Mutex // one refresh at a time
}

// audiences lists the audiences in the order broadcasts reach them.
var audiences = [2]Audience{Screens, Phones}

func newRoom(id string) *room {
	r := &room{id: id, byConn: map[*Conn]Audience{}}
	for i := range r.members {
		r.members[i] = map[*Conn]struct{}{}
	}
	return r
}

func audIndex(a Audience) int {
	if a == Screens {
		return 0
	}
	return 1
}

func (r *room) add(c *Conn, aud Audience) {
	r.mu.Lock()
	if old, ok := r.byConn[c]; ok {
		delete(r.members[audIndex(old)], c)
	}
	r.byConn[c] = aud
	r.members[audIndex(aud)][c] = struct{}{}
	r.mu.Unlock()
}

// remove returns how many members are left.
func (r *room) remove(c *Conn) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if aud, ok := r.byConn[c]; ok {
		delete(r.byConn, c)
		delete(r.members[audIndex(aud)], c)
	}
	return len(r.byConn)
}

func (r *room) count(aud Audience) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := 0
	for i, a := range audiences {
		if aud&a != 0 {
			n += len(r.members[i])
		}
	}
	return n
}

// broadcast sends b to the members in aud. It sends from a snapshot of the
// members, so that the room is not locked while frames are written; members
// whose queue is full are dropped.
func (r *room) broadcast(aud Audience, b *broadcast, m *Metrics) int {
	sent, slow := fanout(r.snapshot(aud), b.frame())
	for _, c := range slow {
		c.drop()
	}
	m.Frames.Add(float64(sent))
	return sent
}

// snapshot lists the members in aud, screens first.
func (r *room) snapshot(aud Audience) []*Conn {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := 0
	for i, a := range audiences {
		if aud&a != 0 {
			n += len(r.members[i])
		}
	}
	conns := make([]*Conn, 0, n)
	for i, a := range audiences {
		if aud&a == 0 {
			continue
		}
		for c := range r.members[i] {
			conns = append(conns, c)
		}
	}
	return conns
}

// invalidate schedules a refresh no sooner than interval after the last one.
func (r *room) invalidate(h *Hub) {
	now := time.Now()
	r.cmu.Lock()
	defer r.cmu.Unlock()
	if r.pending || r.stopped {
		return
	}
	r.pending = true
	r.since = now
	delay := r.last.Add(h.cfg.CoalesceInterval).Sub(now)
	if delay < 0 {
		delay = 0
	}
	r.timer = time.AfterFunc(delay, func() { r.flush(h) })
}

func (r *room) flush(h *Hub) {
	r.running.Lock()
	defer r.running.Unlock()
	r.cmu.Lock()
	if r.stopped {
		r.cmu.Unlock()
		return
	}
	r.pending = false
	since := r.since
	r.last = time.Now()
	r.cmu.Unlock()

	h.cfg.Refresh(r.id)
	h.cfg.Metrics.Pushes.Inc()
	h.cfg.Metrics.PushLatency.Observe(time.Since(since).Seconds())
}

func (r *room) stop() {
	r.cmu.Lock()
	r.stopped = true
	if r.timer != nil {
		r.timer.Stop()
	}
	r.cmu.Unlock()
}
