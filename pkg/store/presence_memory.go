package store

import (
	"context"
	"time"
)

var _ PresenceStore = (*MemoryStore)(nil)

// Touch implements PresenceStore.
func (m *MemoryStore) Touch(_ context.Context, sessionID string, participantIDs []string, at time.Time) error {
	ms, err := m.get(sessionID)
	if err != nil {
		return err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.seen == nil {
		ms.seen = map[string]time.Time{}
	}
	for _, p := range participantIDs {
		if at.After(ms.seen[p]) {
			ms.seen[p] = at
		}
	}
	return nil
}

// Active implements PresenceStore.
func (m *MemoryStore) Active(_ context.Context, sessionID string, since time.Time) ([]string, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	out := []string{}
	for p, at := range ms.seen {
		if !at.Before(since) {
			out = append(out, p)
		}
	}
	return out, nil
}
