package store

import "context"

// SetMaxParticipants implements ParticipantCap.
func (b *BoltStore) SetMaxParticipants(_ context.Context, sessionID string, n int) (uint64, error) {
	var snap Session
	seq, err := b.mem.setMaxParticipants(sessionID, n, &snap)
	if err != nil {
		return 0, err
	}
	if err := b.saveSession("set max participants", snap); err != nil {
		return 0, err
	}
	return seq, nil
}
