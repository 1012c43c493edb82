package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

// ProgrammeStore keeps programmes: series of sessions whose results are
// combined. A programme holds only its title, owner and the ids of its
// sessions; the sessions stay sessions of their own. A deleted session is
// left in the list until RemoveProgrammeSession; readers skip sessions that
// are gone.
type ProgrammeStore interface {
	// CreateProgramme stores a new programme.
	CreateProgramme(ctx context.Context, p model.Programme) error
	// Programme returns a programme with its sessions, or ErrNotFound.
	Programme(ctx context.Context, id string) (model.Programme, error)
	// Programmes returns the programmes owned by ownerID, newest first.
	Programmes(ctx context.Context, ownerID string) ([]model.Programme, error)
	// AddProgrammeSession appends a session to a programme, or returns ErrNotFound.
	AddProgrammeSession(ctx context.Context, programmeID, sessionID string) error
	// RemoveProgrammeSession takes a session out of a programme (no error
	// when it is not in it), or returns ErrNotFound for an unknown programme.
	RemoveProgrammeSession(ctx context.Context, programmeID, sessionID string) error
	// DeleteProgramme removes a programme and everything stored of it (its
	// sessions stay, no longer in a programme), or returns ErrNotFound.
	DeleteProgramme(ctx context.Context, id string) error
}
