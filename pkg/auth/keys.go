package auth

import (
	"context"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/ting-live/ting/pkg/store"
)

// MaxKeys bounds how many API keys one facilitator holds.
const MaxKeys = 20

// CreateKey makes an API key for the caller's own use and returns it with
// its secret, which is shown only now: the store keeps its hash.
func (s *Service) CreateKey(ctx context.Context, c Caller, name string) (store.APIKey, string, error) {
	if c.Admin {
		return store.APIKey{}, "", invalid("the owner key has no keys of its own; create a facilitator")
	}
	name = strings.Join(strings.Fields(name), " ")
	if utf8.RuneCountInString(name) > MaxNameLen {
		return store.APIKey{}, "", invalid("name is longer than %d characters", MaxNameLen)
	}
	have, err := s.st.Keys(ctx, c.ID())
	if err != nil {
		return store.APIKey{}, "", err
	}
	if len(have) >= MaxKeys {
		return store.APIKey{}, "", invalid("a facilitator holds at most %d API keys; revoke one first", MaxKeys)
	}
	secret := KeyPrefix + randomSecret()
	h := hashOf("key", secret)
	k := store.APIKey{
		ID:            hex.EncodeToString(hashOf("key-id", secret)[:8]),
		FacilitatorID: c.ID(),
		Name:          name,
		Hash:          h,
		CreatedAt:     s.now().UTC(),
	}
	if err := s.st.AddKey(ctx, k); err != nil {
		return store.APIKey{}, "", err
	}
	return k, secret, nil
}

// Keys lists the caller's keys (never their secrets).
func (s *Service) Keys(ctx context.Context, c Caller) ([]store.APIKey, error) {
	if c.Admin {
		return []store.APIKey{}, nil
	}
	return s.st.Keys(ctx, c.ID())
}

// RevokeKey deletes one of the caller's keys, or returns store.ErrNotFound.
func (s *Service) RevokeKey(ctx context.Context, c Caller, keyID string) error {
	if c.Admin {
		return store.ErrNotFound
	}
	return s.st.DeleteKey(ctx, c.ID(), keyID)
}
