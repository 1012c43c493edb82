package auth

import (
	"context"

	"github.com/ting-live/ting/pkg/store"
)

// Access is what a caller may do on one session.
type Access struct {
	Caller Caller
	// Role is store.RoleOwner, RoleCofacilitator or RoleViewer.
	Role string
	// Token: the caller sent the session's facilitator token (v1), which
	// may do everything on the session's own routes.
	Token bool
}

// Levels of what a route needs.
type Level int

const (
	// Read: GET of the session, results, exports, compare.
	Read Level = iota
	// Run: every other change but deleting and members.
	Run
	// Own: deleting the session; with a facilitator (not the token), its members and audit log.
	Own
	// OwnAsFacilitator: members and audit log, which need a facilitator.
	OwnAsFacilitator
)

// Allows reports whether a may do what needs l.
func (a Access) Allows(l Level) bool {
	switch l {
	case Read:
		return a.Role != ""
	case Run:
		return a.Role == store.RoleOwner || a.Role == store.RoleCofacilitator
	case Own:
		return a.Role == store.RoleOwner
	case OwnAsFacilitator:
		return a.Role == store.RoleOwner && !a.Token
	}
	return false
}

// Role returns c's role on a session: store.RoleOwner for owners of the
// organisation, the member's role, or "" for none.
func (s *Service) Role(ctx context.Context, c Caller, sessionID string) (string, error) {
	if c.Owner() {
		return store.RoleOwner, nil
	}
	ms, err := s.st.SessionMembers(ctx, sessionID)
	if err != nil {
		return "", err
	}
	return roleAmong(c, ms), nil
}

// Created records that c created a session: c owns it.
func (s *Service) Created(ctx context.Context, c Caller, sessionID string) error {
	now := s.now().UTC()
	if err := s.st.SetMember(ctx, sessionID, store.Member{FacilitatorID: c.ID(), Role: store.RoleOwner, Since: now}); err != nil {
		return err
	}
	return s.st.AppendAudit(ctx, sessionID, store.AuditEvent{At: now, Action: "created", By: c.ID()})
}

// Share gives a facilitator a role on a session (cofacilitator or viewer).
func (s *Service) Share(ctx context.Context, a Access, sessionID, facilitatorID, role string) (store.Member, error) {
	if err := s.checkShare(ctx, a, facilitatorID, role); err != nil {
		return store.Member{}, err
	}
	ms, err := s.st.SessionMembers(ctx, sessionID)
	if err != nil {
		return store.Member{}, err
	}
	if isOwner(ms, facilitatorID) {
		return store.Member{}, invalid("facilitator: that is the session's owner")
	}
	now := s.now().UTC()
	m := store.Member{FacilitatorID: facilitatorID, Role: role, Since: now}
	if err := s.st.SetMember(ctx, sessionID, m); err != nil {
		return store.Member{}, err
	}
	err = s.st.AppendAudit(ctx, sessionID, store.AuditEvent{At: now, Action: "shared", By: a.Caller.ID(), Facilitator: facilitatorID, Role: role})
	return m, err
}

// Unshare takes a facilitator's role on a session away; the owner's role
// stays. An unknown member is store.ErrNotFound.
func (s *Service) Unshare(ctx context.Context, a Access, sessionID, facilitatorID string) error {
	if !a.Allows(OwnAsFacilitator) {
		return ErrForbidden
	}
	ms, err := s.st.SessionMembers(ctx, sessionID)
	if err != nil {
		return err
	}
	if err := checkUnshare(a, ms, facilitatorID); err != nil {
		return err
	}
	if err := s.st.RemoveMember(ctx, sessionID, facilitatorID); err != nil {
		return err
	}
	return s.st.AppendAudit(ctx, sessionID, store.AuditEvent{At: s.now().UTC(), Action: "unshared", By: a.Caller.ID(), Facilitator: facilitatorID})
}

// Members returns a session's members, the owner first.
func (s *Service) Members(ctx context.Context, sessionID string) ([]store.Member, error) {
	return s.st.SessionMembers(ctx, sessionID)
}

// Audit returns a session's audit log (its owner only).
func (s *Service) Audit(ctx context.Context, a Access, sessionID string) ([]store.AuditEvent, error) {
	if !a.Allows(OwnAsFacilitator) {
		return nil, ErrForbidden
	}
	return s.st.Audit(ctx, sessionID)
}

// Deleted records in the organisation's log that a deleted a session; the
// session's own log went with it. by names the facilitator, or "token"
// when the session's facilitator token deleted it.
func (s *Service) Deleted(ctx context.Context, a Access, sessionID string) error {
	by := a.Caller.ID()
	if a.Token {
		by = "token"
	}
	return s.st.AppendDeletion(ctx, store.AuditEvent{At: s.now().UTC(), Action: "deleted", By: by, SessionID: sessionID})
}

// Deletions returns the organisation's log of deleted sessions (owners only).
func (s *Service) Deletions(ctx context.Context, c Caller) ([]store.AuditEvent, error) {
	if !c.Owner() {
		return nil, ErrForbidden
	}
	return s.st.DeletionLog(ctx)
}

// Sessions returns the sessions c has a role on; an owner of the
// organisation gets every session that has an owner, each with the role
// "owner" (an owner may do everything on all of them).
func (s *Service) Sessions(ctx context.Context, c Caller) ([]store.Membership, error) {
	if c.Owner() {
		return s.st.OwnedSessions(ctx)
	}
	return s.st.MemberSessions(ctx, c.ID())
}

// Archive marks a session archived, or not, in its members' workspaces.
func (s *Service) Archive(ctx context.Context, sessionID string, archived bool) error {
	return s.st.SetArchived(ctx, sessionID, archived)
}

// Archived reports whether a session is archived.
func (s *Service) Archived(ctx context.Context, sessionID string) (bool, error) {
	return s.st.Archived(ctx, sessionID)
}
