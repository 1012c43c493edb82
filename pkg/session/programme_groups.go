package session

import (
	"context"
	"errors"
	"fmt"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/store"
)

// SplitProgrammeGroups splits every participant of the programme (each
// phone that joined any of its sessions, once: see cohort.go) into groups
// at random, as SplitGroups splits a room, and gives every session of the
// programme that split: a phone is told its group at once where it is
// connected, and whenever it joins one of the sessions. A new split
// replaces the last one; a session made later in the programme starts
// with it.
func (s *Service) SplitProgrammeGroups(ctx context.Context, p model.Programme, sp Split) ([]model.Group, error) {
	if err := sp.check(); err != nil {
		return nil, err
	}
	sessions, err := s.ProgrammeSessions(ctx, p)
	if err != nil {
		return nil, err
	}
	ps, err := s.programmeParticipants(ctx, sessions)
	if err != nil {
		return nil, err
	}
	lang := "en"
	if len(sessions) > 0 {
		lang = sessions[len(sessions)-1].Language
	}
	groups := sp.apply(lang, ps)
	for _, sess := range sessions {
		seq, err := s.store.SetGroups(ctx, sess.ID, groups)
		if err != nil {
			return nil, fmt.Errorf("session: split programme groups: %w", err)
		}
		s.notify(ctx, sess.ID, store.NoticeGroups, seq)
	}
	return groups, nil
}

// ProgrammeGroups returns the programme's groups: those of its most
// recent session.
func (s *Service) ProgrammeGroups(ctx context.Context, p model.Programme) ([]model.Group, error) {
	for i := len(p.Sessions) - 1; i >= 0; i-- {
		gs, err := s.store.Groups(ctx, p.Sessions[i])
		if err == nil {
			return gs, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("session: programme groups: %w", err)
		}
	}
	return nil, nil
}

// keepProgrammeGroups gives a new session of the programme the groups of
// the session before it.
func (s *Service) keepProgrammeGroups(ctx context.Context, p model.Programme, sessionID string) error {
	gs, err := s.ProgrammeGroups(ctx, p)
	if err != nil || len(gs) == 0 {
		return err
	}
	if _, err := s.store.SetGroups(ctx, sessionID, gs); err != nil {
		return fmt.Errorf("session: keep programme groups: %w", err)
	}
	return nil
}
