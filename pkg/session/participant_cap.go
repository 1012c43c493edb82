package session

import (
	"context"
	"fmt"

	"github.com/ting-live/ting/pkg/model"
)

// MaxMaxParticipants bounds a session's participant cap.
const MaxMaxParticipants = 100_000

func checkMaxParticipants(n int) error {
	if n < 0 || n > MaxMaxParticipants {
		return invalid("maxParticipants must be from 1 to %d (0: the default, %d)", MaxMaxParticipants, model.DefaultMaxParticipants)
	}
	return nil
}

// SetMaxParticipants changes how many participants the session takes (0:
// the default). Participants already in it stay, and rejoin, whatever the cap.
func (s *Service) SetMaxParticipants(ctx context.Context, sess *model.Session, n int) error {
	if err := checkMaxParticipants(n); err != nil {
		return err
	}
	if _, err := s.store.SetMaxParticipants(ctx, sess.ID, n); err != nil {
		return fmt.Errorf("session: set max participants: %w", err)
	}
	sess.MaxParticipants = n
	return nil
}
