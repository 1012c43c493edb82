package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// CreatedProgramme is a new programme.
type CreatedProgramme struct {
	Programme model.Programme
}

// CreateProgramme makes a new, empty programme owned by ownerID; tokenHash
// is the hash of the facilitator token the edge made for it (pkg/auth),
// which the edge also checks.
func (s *Service) CreateProgramme(ctx context.Context, ownerID, title string, tokenHash []byte) (CreatedProgramme, error) {
	if strings.TrimSpace(title) == "" {
		return CreatedProgramme{}, invalid("title is required")
	}
	title, err := poll.CleanLabel(title, MaxTitleLen, poll.QuotaTitleLen, "title")
	if err != nil {
		return CreatedProgramme{}, checkError(err)
	}
	p := model.Programme{ID: uuid.NewString(), Title: title, OwnerID: ownerID, CreatedAt: time.Now().UTC(),
		TokenHash: slices.Clone(tokenHash), Sessions: []string{}}
	if err := s.store.CreateProgramme(ctx, p); err != nil {
		return CreatedProgramme{}, fmt.Errorf("session: create programme: %w", err)
	}
	return CreatedProgramme{Programme: p}, nil
}

// Programme returns a programme, or ErrNoProgramme.
func (s *Service) Programme(ctx context.Context, id string) (model.Programme, error) {
	p, err := s.store.Programme(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return p, ErrNoProgramme
	}
	if err != nil {
		return p, fmt.Errorf("session: programme: %w", err)
	}
	return p, nil
}

// ProgrammeSessions returns the sessions of a programme that still exist,
// oldest first. A session deleted by hand or by expiry is left out (and
// taken out of the programme's list).
func (s *Service) ProgrammeSessions(ctx context.Context, p model.Programme) ([]*model.Session, error) {
	out := make([]*model.Session, 0, len(p.Sessions))
	for _, id := range p.Sessions {
		sess, err := s.store.Session(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			if err := s.store.RemoveProgrammeSession(ctx, p.ID, id); err != nil && !errors.Is(err, store.ErrNotFound) {
				s.log.Warn("session: unlink a deleted session", "programme", p.ID, "session", id, "err", err)
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("session: programme sessions: %w", err)
		}
		out = append(out, sess)
	}
	slices.SortStableFunc(out, func(a, b *model.Session) int { return cmp.Compare(a.CreatedAt.UnixNano(), b.CreatedAt.UnixNano()) })
	return out, nil
}

// DeleteProgramme removes a programme and what is stored of it. Its
// sessions stay, each a session of its own (with its own owner, members
// and expiry), no longer in a programme.
func (s *Service) DeleteProgramme(ctx context.Context, id string) error {
	err := s.store.DeleteProgramme(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNoProgramme
	}
	if err != nil {
		return fmt.Errorf("session: delete programme: %w", err)
	}
	return nil
}

// programmeQuestions returns the questions a new session of programme p
// starts with: copies of those of its most recent session, each keeping
// its origin; none for its first session.
func (s *Service) programmeQuestions(ctx context.Context, p model.Programme) ([]poll.Question, error) {
	sessions, err := s.ProgrammeSessions(ctx, p)
	if err != nil || len(sessions) == 0 {
		return nil, err
	}
	return copyQuestions(sessions[len(sessions)-1].Questions)
}

// copyQuestions copies questions for a new session: new ids, each keeping
// the id of the question first copied as origin, no moderation.
func copyQuestions(src []poll.Question) ([]poll.Question, error) {
	if len(src) > poll.MaxQuestions {
		return nil, poll.OverLimit(poll.QuotaQuestions, poll.MaxQuestions,
			"the session to copy has %d questions, more than a session may hold", len(src))
	}
	out := make([]poll.Question, 0, len(src))
	for _, q := range src {
		q.Origin = q.Lineage()
		q.ID = uuid.NewString()
		q.Moderation = nil
		out = append(out, q)
	}
	return out, nil
}
