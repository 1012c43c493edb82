package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

var _ StateStore = (*BoltStore)(nil)

// UpdateState implements StateStore.
func (b *BoltStore) UpdateState(_ context.Context, sessionID string, p model.StatePatch) (model.State, uint64, error) {
	var snap model.Session
	st, seq, err := b.mem.updateState(sessionID, p, &snap)
	if err != nil {
		return model.State{}, 0, err
	}
	if err := b.save("update state", snap, sessionWrite{header: true}); err != nil {
		return model.State{}, 0, err
	}
	return st, seq, nil
}
