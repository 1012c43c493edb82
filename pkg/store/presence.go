package store

import (
	"context"
	"time"
)

// PresenceStore keeps when each participant was last connected, on any node,
// so that groups are made of the phones in the room.
type PresenceStore interface {
	// Touch records that participants were connected at at.
	Touch(ctx context.Context, sessionID string, participantIDs []string, at time.Time) error
	// Active returns the ids of the participants touched at or after since.
	Active(ctx context.Context, sessionID string, since time.Time) ([]string, error)
}
