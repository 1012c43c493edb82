package store

import (
	"context"
	"fmt"
	"time"

	"github.com/ting-live/ting/pkg/model"
)

var _ SessionStore = (*MemoryStore)(nil)

// CreateSession implements SessionStore.
func (m *MemoryStore) CreateSession(_ context.Context, s *model.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.sessions[s.ID]; ok {
		return fmt.Errorf("store: session %s exists", s.ID)
	}
	for i := 0; ; i++ {
		if i == codeAttempts {
			return fmt.Errorf("store: no free join code: %w", ErrUnavailable)
		}
		s.Code = NewCode()
		if _, taken := m.codes[s.Code]; !taken {
			break
		}
	}
	s.Seq = 1
	m.codes[s.Code] = s.ID
	m.sessions[s.ID] = newMemSession(cloneSession(*s))
	return nil
}

// Session implements SessionStore.
func (m *MemoryStore) Session(_ context.Context, id string) (*model.Session, error) {
	ms, err := m.get(id)
	if err != nil {
		return nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	s := cloneSession(ms.s)
	return &s, nil
}

// SessionIDByCode implements SessionStore.
func (m *MemoryStore) SessionIDByCode(_ context.Context, code string) (string, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	id, ok := m.codes[code]
	if !ok {
		return "", ErrNotFound
	}
	return id, nil
}

// DeleteSession implements SessionStore.
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

// Expired implements SessionStore.
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

// SetMinSegment implements SessionStore.
func (m *MemoryStore) SetMinSegment(_ context.Context, sessionID string, n int) (uint64, error) {
	return m.setMinSegment(sessionID, n, nil)
}

// setMinSegment is SetMinSegment; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) setMinSegment(sessionID string, n int, snap *model.Session) (uint64, error) {
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

// SetMaxParticipants implements SessionStore.
func (m *MemoryStore) SetMaxParticipants(_ context.Context, sessionID string, n int) (uint64, error) {
	return m.setMaxParticipants(sessionID, n, nil)
}

// setMaxParticipants is SetMaxParticipants; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) setMaxParticipants(sessionID string, n int, snap *model.Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.s.MaxParticipants = n
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}

// SetClosesAt implements SessionStore.
func (m *MemoryStore) SetClosesAt(_ context.Context, sessionID string, at time.Time) (uint64, error) {
	return m.setClosesAt(sessionID, at, nil)
}

// setClosesAt is SetClosesAt; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) setClosesAt(sessionID string, at time.Time, snap *model.Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.s.ClosesAt = at
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}
