package store

import (
	"context"
	"sync"
	"time"
)

var _ Counters = (*MemoryCounters)(nil)

// MemoryCounters keeps counters in this process: the embedded engine's,
// where the node is the whole service.
type MemoryCounters struct {
	mu        sync.Mutex
	counts    map[counterKey]int64
	lastSweep time.Time
}

type counterKey struct {
	key    string
	window time.Duration
	index  int64
}

// NewMemoryCounters returns empty counters.
func NewMemoryCounters() *MemoryCounters {
	return &MemoryCounters{counts: map[counterKey]int64{}}
}

// Add implements Counters.
func (m *MemoryCounters) Add(_ context.Context, key string, n int64, window time.Duration, now time.Time) (int64, int64, error) {
	w := windowIndex(now, window)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweep(now)
	cur := counterKey{key, window, w}
	if n != 0 {
		m.counts[cur] += n
	}
	return m.counts[cur], m.counts[counterKey{key, window, w - 1}], nil
}

// Forget implements Counters.
func (m *MemoryCounters) Forget(_ context.Context, key string, window time.Duration, now time.Time) error {
	w := windowIndex(now, window)
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.counts, counterKey{key, window, w})
	delete(m.counts, counterKey{key, window, w - 1})
	return nil
}

// sweep drops the counters of windows older than the previous one, at most
// once a second; m.mu is held.
func (m *MemoryCounters) sweep(now time.Time) {
	if now.Sub(m.lastSweep) < time.Second {
		return
	}
	m.lastSweep = now
	for k := range m.counts {
		if k.index < windowIndex(now, k.window)-1 {
			delete(m.counts, k)
		}
	}
}
