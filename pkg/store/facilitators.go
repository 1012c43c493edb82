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
	// UpdateFacilitator replaces the name and role of f.ID, or returns ErrNotFound.
	UpdateFacilitator(ctx context.Context, f Facilitator) error
	// DeleteFacilitator removes a facilitator, its address and its API
	// keys, or returns ErrNotFound. Its logins end: they name no one.
	DeleteFacilitator(ctx context.Context, id string) error
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

// Accounts is everything the store keeps about facilitators.
type Accounts interface {
	Facilitators
	APIKeys
	Logins
	Members
	AuditLog
}

var (
	_ Accounts = (*MemoryStore)(nil)
	_ Accounts = (*BoltStore)(nil)
	_ Accounts = (*RedisStore)(nil)
)

// emailKey is the form of an e-mail address that makes it unique.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
func sortFacilitators(fs []Facilitator) {
	slices.SortStableFunc(fs, func(a, b Facilitator) int { return a.CreatedAt.Compare(b.CreatedAt) })
}
