package store

import (
	"context"
	"time"
)

// Login is a signed-in browser: the store keys it by the SHA-256 of the
// cookie's value.
type Login struct {
	FacilitatorID string    `json:"facilitatorId"`
	CreatedAt     time.Time `json:"createdAt"`
	// SeenAt is the last use; ExpiresAt is when it ends unless used again.
	SeenAt    time.Time `json:"seenAt"`
	ExpiresAt time.Time `json:"expiresAt"`
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
