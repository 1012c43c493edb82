package session

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/store"
)

// A programme's participants are one cohort across its sessions: a phone
// that joins a session of the programme with the token of a welcome from
// another of its sessions becomes the same participant, under the same
// participant id and token. Nothing names the person; the phone keeps the
// random token. The lookup reads the token's hash in each session's own
// participants (one key per session, never several slots in one command).

// programmeParticipant finds the participant of token in the other
// sessions of sess's programme, newest first, or returns nil.
func (s *Service) programmeParticipant(ctx context.Context, sess *model.Session, token string) (*model.Participant, error) {
	prog, err := s.store.Programme(ctx, sess.Programme)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("session: programme participant: %w", err)
	}
	for i := len(prog.Sessions) - 1; i >= 0; i-- {
		id := prog.Sessions[i]
		if id == sess.ID {
			continue
		}
		p, err := s.store.Participant(ctx, id, token)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("session: programme participant: %w", err)
		}
		return &p, nil
	}
	return nil, nil
}

// programmeParticipants returns the ids of every participant of the
// programme's sessions that still exist, each once, in the order first seen.
func (s *Service) programmeParticipants(ctx context.Context, sessions []*model.Session) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, sess := range sessions {
		ids, err := s.store.Active(ctx, sess.ID, time.Time{})
		if err != nil {
			return nil, fmt.Errorf("session: programme participants: %w", err)
		}
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}
