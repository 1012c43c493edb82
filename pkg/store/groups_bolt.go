package store

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SetGroups implements Store: the groups are one record beside the session.
func (b *BoltStore) SetGroups(_ context.Context, sessionID string, groups []Group) (uint64, error) {
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

// Groups implements Store.
func (b *BoltStore) Groups(ctx context.Context, sessionID string) ([]Group, error) {
	return b.mem.Groups(ctx, sessionID)
}

// DeleteSession implements Store: the session leaves memory, then its
// bucket (participants, groups, answers) leaves the file. A write of the
// session still on its way to disk finds no bucket and is dropped.
func (b *BoltStore) DeleteSession(ctx context.Context, sessionID string) error {
	if err := b.mem.DeleteSession(ctx, sessionID); err != nil {
		return err
	}
	return b.write("delete session", func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		if sessions.Bucket(idKey(sessionID)) == nil {
			return nil
		}
		return sessions.DeleteBucket(idKey(sessionID))
	})
}

// Expired implements Store.
func (b *BoltStore) Expired(ctx context.Context, now time.Time) ([]string, error) {
	return b.mem.Expired(ctx, now)
}

// Touch implements Store. Presence is not kept on disk: after a restart
// phones reconnect and are touched again.
func (b *BoltStore) Touch(ctx context.Context, sessionID string, participantIDs []string, at time.Time) error {
	return b.mem.Touch(ctx, sessionID, participantIDs, at)
}

// Active implements Store.
func (b *BoltStore) Active(ctx context.Context, sessionID string, since time.Time) ([]string, error) {
	return b.mem.Active(ctx, sessionID, since)
}

// SetMinSegment implements Store.
func (b *BoltStore) SetMinSegment(_ context.Context, sessionID string, n int) (uint64, error) {
	var snap Session
	seq, err := b.mem.setMinSegment(sessionID, n, &snap)
	if err != nil {
		return 0, err
	}
	if err := b.save("set min segment", snap, sessionWrite{header: true}); err != nil {
		return 0, err
	}
	return seq, nil
}
