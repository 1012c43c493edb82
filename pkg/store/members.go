package store

import (
	"context"
	"slices"
	"time"
)

// Member is a facilitator's role on one session: RoleOwner (who created
// it), RoleCofacilitator or RoleViewer.
type Member struct {
	FacilitatorID string    `json:"facilitatorId"`
	Role          string    `json:"role"`
	Since         time.Time `json:"since"`
}

// Membership is a session a facilitator has a role on.
type Membership struct {
	SessionID string `json:"sessionId"`
	Role      string `json:"role"`
}

// AuditEvent is one change of who may run a session: created, shared,
// unshared, deleted. By is a facilitator id ("admin": the owner key); it
// never names a participant.
type AuditEvent struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"`
	By     string    `json:"by"`
	// Facilitator and Role are whom a share or unshare was about, and the role given.
	Facilitator string `json:"facilitator,omitempty"`
	Role        string `json:"role,omitempty"`
	// SessionID names the session in the organisation's log of deletions.
	SessionID string `json:"sessionId,omitempty"`
}

// Members keeps who may run each session, and its audit log. Both are
// kept with the session: DeleteSession removes them.
type Members interface {
	// SetMember gives a facilitator a role on a session (replacing an
	// earlier one), or returns ErrNotFound for an unknown session.
	SetMember(ctx context.Context, sessionID string, m Member) error
	// RemoveMember takes a facilitator's role away, or returns ErrNotFound.
	RemoveMember(ctx context.Context, sessionID, facilitatorID string) error
	// SessionMembers returns a session's members, the owner first.
	SessionMembers(ctx context.Context, sessionID string) ([]Member, error)
	// MemberSessions returns the sessions a facilitator has a role on.
	MemberSessions(ctx context.Context, facilitatorID string) ([]Membership, error)
	// OwnedSessions returns every session that has an owner, with the
	// owner's role.
	OwnedSessions(ctx context.Context) ([]Membership, error)
	// SetArchived marks a session archived (or not) in the workspaces of
	// all its members, or returns ErrNotFound; Archived says whether it is.
	SetArchived(ctx context.Context, sessionID string, archived bool) error
	Archived(ctx context.Context, sessionID string) (bool, error)
}

// MaxDeletionLog bounds the organisation's log of deleted sessions: the
// oldest events leave it first.
const MaxDeletionLog = 10000

// sortMembers puts the owner first, then the others by when they were added.
func sortMembers(ms []Member) {
	slices.SortStableFunc(ms, func(a, b Member) int {
		if (a.Role == RoleOwner) != (b.Role == RoleOwner) {
			if a.Role == RoleOwner {
				return -1
			}
			return 1
		}
		return a.Since.Compare(b.Since)
	})
}
