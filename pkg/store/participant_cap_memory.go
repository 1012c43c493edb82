package store

import "context"

// SetMaxParticipants implements ParticipantCap.
func (m *MemoryStore) SetMaxParticipants(_ context.Context, sessionID string, n int) (uint64, error) {
	return m.setMaxParticipants(sessionID, n, nil)
}

// setMaxParticipants is SetMaxParticipants; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) setMaxParticipants(sessionID string, n int, snap *Session) (uint64, error) {
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
