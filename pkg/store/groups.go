package store

import (
	"context"
)

// GroupStore keeps the groups a session's room was split into.
type GroupStore interface {
	// SetGroups replaces the session's groups (none: nil).
	SetGroups(ctx context.Context, sessionID string, groups []Group) (uint64, error)
	// Groups returns the session's groups, in the order they were set.
	Groups(ctx context.Context, sessionID string) ([]Group, error)
}
