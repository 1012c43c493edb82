package store

import "context"

var _ StateStore = (*BoltStore)(nil)

// UpdateState implements StateStore.
func (b *BoltStore) UpdateState(_ context.Context, sessionID string, p StatePatch) (State, uint64, error) {
	var snap Session
	st, seq, err := b.mem.updateState(sessionID, p, &snap)
	if err != nil {
		return State{}, 0, err
	}
	if err := b.saveSession("update state", snap); err != nil {
		return State{}, 0, err
	}
	return st, seq, nil
}
