package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

// ParticipantStore keeps the phones that joined a session.
type ParticipantStore interface {
	// AddParticipant stores a participant and returns how many the session has.
	AddParticipant(ctx context.Context, sessionID string, p model.Participant) (int64, error)
	// Participant finds a participant by token, or returns ErrNotFound.
	Participant(ctx context.Context, sessionID, token string) (model.Participant, error)
	// ParticipantCount returns how many participants have joined.
	ParticipantCount(ctx context.Context, sessionID string) (int64, error)
}
