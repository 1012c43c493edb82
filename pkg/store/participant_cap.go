package store

import "context"

// DefaultMaxParticipants is the participant cap of a session that sets
// none: the largest room Ting is sized for.
const DefaultMaxParticipants = 2000

// ParticipantCap sets how many participants a session takes.
type ParticipantCap interface {
	// SetMaxParticipants changes the session's MaxParticipants (0: the
	// default), or returns ErrNotFound.
	SetMaxParticipants(ctx context.Context, sessionID string, n int) (uint64, error)
}

// Cap returns the session's MaxParticipants, or DefaultMaxParticipants.
func (s *Session) Cap() int {
	if s.MaxParticipants > 0 {
		return s.MaxParticipants
	}
	return DefaultMaxParticipants
}
