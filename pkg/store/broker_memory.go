package store

import (
	"context"
	"sync"
)

// MemoryBroker delivers notices within this process.
type MemoryBroker struct {
	mu   sync.RWMutex
	subs map[string]map[*func(Notice)]struct{}
}

var _ Broker = (*MemoryBroker)(nil)

// NewMemoryBroker returns a broker for one process.
func NewMemoryBroker() *MemoryBroker {
	return &MemoryBroker{subs: map[string]map[*func(Notice)]struct{}{}}
}

// Publish implements Broker.
func (b *MemoryBroker) Publish(_ context.Context, n Notice) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for fn := range b.subs[n.SessionID] {
		(*fn)(n)
	}
	return nil
}

// Subscribe implements Broker.
func (b *MemoryBroker) Subscribe(_ context.Context, sessionID string, fn func(Notice)) (func(), error) {
	key := &fn
	b.mu.Lock()
	if b.subs[sessionID] == nil {
		b.subs[sessionID] = map[*func(Notice)]struct{}{}
	}
	b.subs[sessionID][key] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			delete(b.subs[sessionID], key)
			if len(b.subs[sessionID]) == 0 {
				delete(b.subs, sessionID)
			}
		})
	}, nil
}

// Close implements Broker.
func (b *MemoryBroker) Close() error { return nil }
