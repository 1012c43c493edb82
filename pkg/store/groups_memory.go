package store

import (
	"context"
	"time"
)

// SetGroups implements Store.
func (m *MemoryStore) SetGroups(_ context.Context, sessionID string, groups []Group) (uint64, error) {
	seq, _, err := m.setGroups(sessionID, groups)
	return seq, err
}

// setGroups is SetGroups and also returns a copy of the groups as stored.
func (m *MemoryStore) setGroups(sessionID string, groups []Group) (uint64, []Group, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.groups = cloneGroups(groups)
	ms.s.Seq++
	return ms.s.Seq, cloneGroups(ms.groups), nil
}

// Groups implements Store.
func (m *MemoryStore) Groups(_ context.Context, sessionID string) ([]Group, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return cloneGroups(ms.groups), nil
}

// DeleteSession implements Store.
func (m *MemoryStore) DeleteSession(_ context.Context, sessionID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	ms, ok := m.sessions[sessionID]
	if !ok {
		return ErrNotFound
	}
	delete(m.codes, ms.s.Code)
	delete(m.sessions, sessionID)
	m.accounts.dropSession(sessionID)
	return nil
}

// Expired implements Store.
func (m *MemoryStore) Expired(_ context.Context, now time.Time) ([]string, error) {
	m.mu.RLock()
	all := make([]*memSession, 0, len(m.sessions))
	for _, ms := range m.sessions {
		all = append(all, ms)
	}
	m.mu.RUnlock()
	var out []string
	for _, ms := range all {
		ms.mu.Lock()
		if exp := ms.s.ExpiresAt; !exp.IsZero() && !exp.After(now) {
			out = append(out, ms.s.ID)
		}
		ms.mu.Unlock()
	}
	return out, nil
}

// Touch implements Store.
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

// Active implements Store.
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

// SetMinSegment implements Store.
func (m *MemoryStore) SetMinSegment(_ context.Context, sessionID string, n int) (uint64, error) {
	return m.setMinSegment(sessionID, n, nil)
}

// setMinSegment is SetMinSegment; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) setMinSegment(sessionID string, n int, snap *Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.s.MinSegment = n
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}
