package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

// ProgrammeMembership is a programme a facilitator has a role on.
type ProgrammeMembership struct {
	ProgrammeID string `json:"programmeId"`
	Role        string `json:"role"`
}

// ProgrammeStore keeps programmes: series of sessions whose results are
// combined, and who may run them (members, as a session's). A programme
// holds only its title, creator and the ids of its sessions; the sessions
// stay sessions of their own. A deleted session is left in the list until
// RemoveProgrammeSession; readers skip sessions that are gone.
type ProgrammeStore interface {
	// CreateProgramme stores a new programme.
	CreateProgramme(ctx context.Context, p model.Programme) error
	// Programme returns a programme with its sessions, or ErrNotFound.
	Programme(ctx context.Context, id string) (model.Programme, error)
	// AllProgrammes returns every programme, newest first.
	AllProgrammes(ctx context.Context) ([]model.Programme, error)
	// AddProgrammeSession appends a session to a programme, or returns ErrNotFound.
	AddProgrammeSession(ctx context.Context, programmeID, sessionID string) error
	// RemoveProgrammeSession takes a session out of a programme (no error
	// when it is not in it), or returns ErrNotFound for an unknown programme.
	RemoveProgrammeSession(ctx context.Context, programmeID, sessionID string) error
	// DeleteProgramme removes a programme and everything stored of it, its
	// members too (its sessions stay, no longer in a programme), or
	// returns ErrNotFound.
	DeleteProgramme(ctx context.Context, id string) error
	// SetProgrammeMember gives a facilitator a role on a programme
	// (replacing an earlier one), or returns ErrNotFound.
	SetProgrammeMember(ctx context.Context, programmeID string, m Member) error
	// RemoveProgrammeMember takes a facilitator's role away, or returns ErrNotFound.
	RemoveProgrammeMember(ctx context.Context, programmeID, facilitatorID string) error
	// ProgrammeMembers returns a programme's members, the owner first, or
	// ErrNotFound for an unknown programme.
	ProgrammeMembers(ctx context.Context, programmeID string) ([]Member, error)
	// MemberProgrammes returns the programmes a facilitator has a role on.
	MemberProgrammes(ctx context.Context, facilitatorID string) ([]ProgrammeMembership, error)
}
