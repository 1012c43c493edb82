package session

import (
	"context"
	"fmt"
	"time"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/store"
)

// SetClosesAt moves when the session stops taking answers; a zero time
// keeps it open. Every phone and screen is told at once.
func (s *Service) SetClosesAt(ctx context.Context, sess *model.Session, at time.Time) error {
	at = at.UTC().Truncate(time.Millisecond)
	seq, err := s.store.SetClosesAt(ctx, sess.ID, at)
	if err != nil {
		return fmt.Errorf("session: set closes at: %w", err)
	}
	sess.ClosesAt = at
	s.notify(ctx, sess.ID, store.NoticeState, seq)
	return nil
}
