package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

// GroupStore keeps the groups a session's room was split into.
type GroupStore interface {
	// SetGroups replaces the session's groups (none: nil).
	SetGroups(ctx context.Context, sessionID string, groups []model.Group) (uint64, error)
	// Groups returns the session's groups, in the order they were set.
	Groups(ctx context.Context, sessionID string) ([]model.Group, error)
}
