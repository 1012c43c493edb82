package store

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/ting-live/ting/pkg/model"
)

var _ GroupStore = (*BoltStore)(nil)

// SetGroups implements GroupStore: the groups are one record beside the session.
func (b *BoltStore) SetGroups(_ context.Context, sessionID string, groups []model.Group) (uint64, error) {
	seq, stored, err := b.mem.setGroups(sessionID, groups)
	if err != nil {
		return 0, err
	}
	v, err := withSeqs(stored, seq)
	if err != nil {
		return 0, fmt.Errorf("store: set groups: %w", err)
	}
	path := [][]byte{idKey(sessionID)}
	if err := b.write("set groups", func(tx *bolt.Tx) error { return put(tx, path, keyGroups, v) }); err != nil {
		return 0, err
	}
	return seq, nil
}

// Groups implements GroupStore.
func (b *BoltStore) Groups(ctx context.Context, sessionID string) ([]model.Group, error) {
	return b.mem.Groups(ctx, sessionID)
}
