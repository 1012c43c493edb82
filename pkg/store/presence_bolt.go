package store

import (
	"context"
	"time"
)

var _ PresenceStore = (*BoltStore)(nil)

// Touch implements PresenceStore. Presence is not kept on disk: after a restart
// phones reconnect and are touched again.
func (b *BoltStore) Touch(ctx context.Context, sessionID string, participantIDs []string, at time.Time) error {
	return b.mem.Touch(ctx, sessionID, participantIDs, at)
}

// Active implements PresenceStore.
func (b *BoltStore) Active(ctx context.Context, sessionID string, since time.Time) ([]string, error) {
	return b.mem.Active(ctx, sessionID, since)
}
