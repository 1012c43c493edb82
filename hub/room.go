package hub

import (
	"sync"
	"time"
)

// room is the set of connections of one session on this node.
type room struct {
	id string

	mu      sync.RWMutex
	members map[*Conn]Audience
	counts  [2]int // phones, screens

	// coalescing
	cmu     sync.Mutex
	pending bool
	since   time.Time // first invalidation not yet refreshed
	last    time.Time // start of the last refresh
	timer   *time.Timer
	stopped bool
	running sync.Mutex // one refresh at a time
}

func newRoom(id string) *room {
	return &room{id: id, members: map[*Conn]Audience{}}
}

func audIndex(a Audience) int {
	if a == Screens {
		return 1
	}
	return 0
}

func (r *room) add(c *Conn, aud Audience) {
	r.mu.Lock()
	if old, ok := r.members[c]; ok {
		r.counts[audIndex(old)]--
	}
	r.members[c] = aud
	r.counts[audIndex(aud)]++
	r.mu.Unlock()
}

// remove returns how many members are left.
func (r *room) remove(c *Conn) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if aud, ok := r.members[c]; ok {
		delete(r.members, c)
		r.counts[audIndex(aud)]--
	}
	return len(r.members)
}

func (r *room) count(aud Audience) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := 0
	if aud&Phones != 0 {
		n += r.counts[0]
	}
	if aud&Screens != 0 {
		n += r.counts[1]
	}
	return n
}

// broadcast queues f to the members in aud without blocking; members whose
// queue is full are collected under the lock and dropped after it.
func (r *room) broadcast(aud Audience, f frame, m *Metrics) int {
	var slow []*Conn
	sent := 0
	r.mu.RLock()
	for c, a := range r.members {
		if a&aud == 0 {
			continue
		}
		if c.enqueue(f) {
			sent++
		} else {
			slow = append(slow, c)
		}
	}
	r.mu.RUnlock()
	for _, c := range slow {
		c.drop()
	}
	m.Frames.Add(float64(sent))
	return sent
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
