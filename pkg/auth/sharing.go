package auth

import (
	"context"
	"errors"

	"github.com/ting-live/ting/pkg/store"
)

// The rules of sharing, the same for a session and a programme.

// roleAmong is c's role where the members are ms: store.RoleOwner for
// owners of the organisation, the member's role, or "" for none.
func roleAmong(c Caller, ms []store.Member) string {
	if c.Owner() {
		return store.RoleOwner
	}
	for _, m := range ms {
		if m.FacilitatorID == c.ID() {
			return m.Role
		}
	}
	return ""
}

// isOwner reports whether facilitatorID owns what ms are the members of.
func isOwner(ms []store.Member, facilitatorID string) bool {
	for _, m := range ms {
		if m.Role == store.RoleOwner && m.FacilitatorID == facilitatorID {
			return true
		}
	}
	return false
}

// checkShare checks that a may give facilitatorID role: a signed-in owner
// gives an existing facilitator the role cofacilitator or viewer.
func (s *Service) checkShare(ctx context.Context, a Access, facilitatorID, role string) error {
	if !a.Allows(OwnAsFacilitator) {
		return ErrForbidden
	}
	if role != store.RoleCofacilitator && role != store.RoleViewer {
		return invalid("role must be cofacilitator or viewer")
	}
	if facilitatorID == "" {
		return invalid("facilitator: give the id of a facilitator")
	}
	if _, err := s.st.Facilitator(ctx, facilitatorID); errors.Is(err, store.ErrNotFound) {
		return invalid("facilitator: no facilitator has that id")
	} else if err != nil {
		return err
	}
	return nil
}

// checkUnshare checks that a may take facilitatorID's role away where the
// members are ms: a signed-in owner, and not the owner's own role.
func checkUnshare(a Access, ms []store.Member, facilitatorID string) error {
	if !a.Allows(OwnAsFacilitator) {
		return ErrForbidden
	}
	if isOwner(ms, facilitatorID) {
		return invalid("the owner's role cannot be taken away")
	}
	return nil
}
