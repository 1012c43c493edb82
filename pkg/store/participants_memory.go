package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

var _ ParticipantStore = (*MemoryStore)(nil)

// AddParticipant implements ParticipantStore.
func (m *MemoryStore) AddParticipant(_ context.Context, sessionID string, p model.Participant, max int64) (int64, error) {
	h, p := hashed(p)
	n, _, err := m.addParticipant(sessionID, h, p, max)
	return n, err
}

// addParticipant is AddParticipant of p, without its token, under the
// token's hash h, and also returns the write's version: of two writes of
// one token, the higher version is the one kept. The cap is checked under
// the session's lock, with the add.
func (m *MemoryStore) addParticipant(sessionID, h string, p model.Participant, max int64) (n int64, version uint64, err error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if _, again := ms.participants[h]; !again && int64(len(ms.participants)) >= max {
		return 0, 0, ErrFull
	}
	ms.participants[h] = p
	ms.pver++
	return int64(len(ms.participants)), ms.pver, nil
}

// Participant implements ParticipantStore.
func (m *MemoryStore) Participant(_ context.Context, sessionID, token string) (model.Participant, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return model.Participant{}, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	p, ok := ms.participants[TokenHash(token)]
	if !ok {
		return model.Participant{}, ErrNotFound
	}
	return p, nil
}

// ParticipantCount implements ParticipantStore.
func (m *MemoryStore) ParticipantCount(_ context.Context, sessionID string) (int64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return int64(len(ms.participants)), nil
}
