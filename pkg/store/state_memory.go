package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

var _ StateStore = (*MemoryStore)(nil)

// UpdateState implements StateStore.
func (m *MemoryStore) UpdateState(_ context.Context, sessionID string, p model.StatePatch) (model.State, uint64, error) {
	return m.updateState(sessionID, p, nil)
}

// updateState is UpdateState; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) updateState(sessionID string, p model.StatePatch, snap *model.Session) (model.State, uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return model.State{}, 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	for _, id := range []*string{p.QuestionID, p.SegmentBy} {
		if id != nil && *id != "" && ms.s.Question(*id) == nil {
			return model.State{}, 0, ErrNoQuestion
		}
	}
	ms.s.State = p.Apply(ms.s.State)
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.State, ms.s.Seq, nil
}
