package auth

import (
	"context"

	"github.com/ting-live/ting/pkg/store"
)

// Programmes are owned and shared as sessions are: the facilitator who
// creates one owns it, its owner shares it (co-facilitators, viewers), and
// the organisation's owners may do everything on all of them. The members
// are kept with the programme (store.ProgrammeStore); these are the rules.

// ProgrammeRole returns c's role on a programme whose members are ms:
// store.RoleOwner for owners of the organisation, the member's role, or
// "" for none.
func ProgrammeRole(c Caller, ms []store.Member) string {
	return roleAmong(c, ms)
}

// SessionRole is a facilitator's role on a session of a programme: the
// higher of own, its role on the session, and the one its role on the
// programme gives it there. The programme's owner and co-facilitators run
// its sessions (cofacilitator); its viewers read them (viewer). Deleting a
// session and sharing it stay with the session's owner.
func SessionRole(own, programme string) string {
	given := ""
	switch programme {
	case store.RoleOwner, store.RoleCofacilitator:
		given = store.RoleCofacilitator
	case store.RoleViewer:
		given = store.RoleViewer
	}
	if roleRank(given) > roleRank(own) {
		return given
	}
	return own
}

func roleRank(role string) int {
	switch role {
	case store.RoleOwner:
		return 3
	case store.RoleCofacilitator:
		return 2
	case store.RoleViewer:
		return 1
	}
	return 0
}

// ProgrammeShare checks that a may give facilitatorID role on a programme
// whose members are ms, and returns the member to store.
func (s *Service) ProgrammeShare(ctx context.Context, a Access, ms []store.Member, facilitatorID, role string) (store.Member, error) {
	if err := s.checkShare(ctx, a, facilitatorID, role); err != nil {
		return store.Member{}, err
	}
	if isOwner(ms, facilitatorID) {
		return store.Member{}, invalid("facilitator: that is the programme's owner")
	}
	return store.Member{FacilitatorID: facilitatorID, Role: role, Since: s.now().UTC()}, nil
}

// ProgrammeUnshare checks that a may take facilitatorID's role on a
// programme whose members are ms away: not the owner's.
func ProgrammeUnshare(a Access, ms []store.Member, facilitatorID string) error {
	return checkUnshare(a, ms, facilitatorID)
}

// ProgrammeOwner is the member that makes c the owner of a programme it created.
func (s *Service) ProgrammeOwner(c Caller) store.Member {
	return store.Member{FacilitatorID: c.ID(), Role: store.RoleOwner, Since: s.now().UTC()}
}
