package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
)

// Facilitator is a person who may create and run sessions.
type Facilitator struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	// Role is RoleOwner (manages facilitators, sees every session) or RoleFacilitator.
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"createdAt"`
}

// Roles of a facilitator in the organisation, and of a member of a session.
const (
	RoleOwner         = "owner"
	RoleFacilitator   = "facilitator"
	RoleCofacilitator = "cofacilitator"
	RoleViewer        = "viewer"
)

// APIKey is a facilitator's key for scripts. Only the SHA-256 of the key is kept.
type APIKey struct {
	ID            string    `json:"id"`
	FacilitatorID string    `json:"facilitatorId"`
	Name          string    `json:"name"`
	Hash          []byte    `json:"hash"`
	CreatedAt     time.Time `json:"createdAt"`
}

// Login is a signed-in browser: the store keys it by the SHA-256 of the
// cookie's value.
type Login struct {
	FacilitatorID string    `json:"facilitatorId"`
	CreatedAt     time.Time `json:"createdAt"`
	// SeenAt is the last use; ExpiresAt is when it ends unless used again.
	SeenAt    time.Time `json:"seenAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

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

// ErrExists is returned when a facilitator with that e-mail address exists.
var ErrExists = errors.New("store: exists")

// Facilitators keeps the organisation's facilitators. E-mail addresses
// are unique without regard to case.
type Facilitators interface {
	// CreateFacilitator stores f, or returns ErrExists for a known e-mail address.
	CreateFacilitator(ctx context.Context, f Facilitator) error
	// ClaimOwner stores f as the first owner when no owner exists yet and
	// reports whether it did; two at once make one owner.
	ClaimOwner(ctx context.Context, f Facilitator) (bool, error)
	// Facilitator returns one by id, or ErrNotFound.
	Facilitator(ctx context.Context, id string) (Facilitator, error)
	// FacilitatorByEmail returns one by e-mail address, or ErrNotFound.
	FacilitatorByEmail(ctx context.Context, email string) (Facilitator, error)
	// ListFacilitators returns every facilitator, oldest first.
	ListFacilitators(ctx context.Context) ([]Facilitator, error)
}

// APIKeys keeps facilitators' API keys.
type APIKeys interface {
	// AddKey stores a key.
	AddKey(ctx context.Context, k APIKey) error
	// KeyByHash finds a key by the SHA-256 of its secret, or returns ErrNotFound.
	KeyByHash(ctx context.Context, hash []byte) (APIKey, error)
	// Keys returns a facilitator's keys, oldest first.
	Keys(ctx context.Context, facilitatorID string) ([]APIKey, error)
	// DeleteKey revokes one of a facilitator's keys, or returns ErrNotFound.
	DeleteKey(ctx context.Context, facilitatorID, keyID string) error
}

// Logins keeps signed-in browsers and single-use secrets (sign-in links,
// pending OpenID Connect sign-ins), each by the SHA-256 of its secret.
type Logins interface {
	// PutLogin stores or replaces a login; it is gone after l.ExpiresAt.
	PutLogin(ctx context.Context, hash []byte, l Login) error
	// Login returns a login that has not expired, or ErrNotFound.
	Login(ctx context.Context, hash []byte, now time.Time) (Login, error)
	// DeleteLogin removes a login (signing out); an unknown one is no error.
	DeleteLogin(ctx context.Context, hash []byte) error
	// PutOnce stores a single-use value until expires.
	PutOnce(ctx context.Context, hash []byte, value []byte, expires time.Time) error
	// TakeOnce returns a single-use value and removes it in one step, or
	// ErrNotFound when it is unknown, used or expired.
	TakeOnce(ctx context.Context, hash []byte, now time.Time) ([]byte, error)
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
	// AppendAudit adds an event to a session's log, or returns ErrNotFound.
	AppendAudit(ctx context.Context, sessionID string, e AuditEvent) error
	// Audit returns a session's log, oldest first.
	Audit(ctx context.Context, sessionID string) ([]AuditEvent, error)
	// AppendDeletion adds an event to the organisation's log of deleted
	// sessions, which outlives them; DeletionLog returns it, oldest first.
	AppendDeletion(ctx context.Context, e AuditEvent) error
	DeletionLog(ctx context.Context) ([]AuditEvent, error)
}

// Accounts is everything the store keeps about facilitators.
type Accounts interface {
	Facilitators
	APIKeys
	Logins
	Members
}

var (
	_ Accounts = (*MemoryStore)(nil)
	_ Accounts = (*BoltStore)(nil)
	_ Accounts = (*RedisStore)(nil)
)

// MaxDeletionLog bounds the organisation's log of deleted sessions: the
// oldest events leave it first.
const MaxDeletionLog = 10000

// emailKey is the form of an e-mail address that makes it unique.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

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

func sortFacilitators(fs []Facilitator) {
	slices.SortStableFunc(fs, func(a, b Facilitator) int { return a.CreatedAt.Compare(b.CreatedAt) })
}
