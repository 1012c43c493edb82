package store

import (
	"context"
	"time"

	"github.com/ting-live/ting/pkg/model"
)

// SessionStore keeps sessions as a whole: creating them, finding them by id or
// join code, their settings, and deleting them, by hand or when they expire.
type SessionStore interface {
	// CreateSession stores a new session and gives it a unique Code.
	CreateSession(ctx context.Context, s *model.Session) error
	// Session returns a session with its questions and state, or ErrNotFound.
	Session(ctx context.Context, id string) (*model.Session, error)
	// SessionIDByCode resolves a join code, or returns ErrNotFound.
	SessionIDByCode(ctx context.Context, code string) (string, error)
	// SetMinSegment changes the session's MinSegment (0: the default).
	SetMinSegment(ctx context.Context, sessionID string, n int) (uint64, error)
	// SetMaxParticipants changes the session's MaxParticipants (0: the
	// default), or returns ErrNotFound.
	SetMaxParticipants(ctx context.Context, sessionID string, n int) (uint64, error)
	// SetClosesAt changes when the session stops taking answers (zero:
	// never), or returns ErrNotFound.
	SetClosesAt(ctx context.Context, sessionID string, at time.Time) (uint64, error)
	// DeleteSession removes a session, its join code, its participants,
	// groups, selections and every answer at once, or returns ErrNotFound.
	DeleteSession(ctx context.Context, sessionID string) error
	// Expired returns the ids of sessions whose ExpiresAt is at or before now.
	Expired(ctx context.Context, now time.Time) ([]string, error)
}
