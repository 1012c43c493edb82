package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

var _ ParticipantStore = (*BoltStore)(nil)

// AddParticipant implements ParticipantStore. The file has one process:
// its copy in memory decides the cap, under its lock, and the file is
// written after.
func (b *BoltStore) AddParticipant(_ context.Context, sessionID string, p model.Participant, max int64) (int64, error) {
	h, p := hashed(p)
	n, ver, err := b.mem.addParticipant(sessionID, h, p, max)
	if err != nil {
		return 0, err
	}
	if err := b.saveParticipant(sessionID, h, p, ver); err != nil {
		return 0, err
	}
	return n, nil
}

// Participant implements ParticipantStore.
func (b *BoltStore) Participant(ctx context.Context, sessionID, token string) (model.Participant, error) {
	return b.mem.Participant(ctx, sessionID, token)
}

// ParticipantCount implements ParticipantStore.
func (b *BoltStore) ParticipantCount(ctx context.Context, sessionID string) (int64, error) {
	return b.mem.ParticipantCount(ctx, sessionID)
}
