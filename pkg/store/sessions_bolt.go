package store

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ting-live/ting/pkg/model"
)

var _ SessionStore = (*BoltStore)(nil)

// CreateSession implements SessionStore. A session whose disk write fails is
// taken out of memory again.
func (b *BoltStore) CreateSession(ctx context.Context, s *model.Session) error {
	if err := b.mem.CreateSession(ctx, s); err != nil {
		return err
	}
	if err := b.saveSession(opCreate, cloneSession(*s)); err != nil {
		b.mem.dropSession(s.ID)
		return err
	}
	return nil
}

// Session implements SessionStore.
func (b *BoltStore) Session(ctx context.Context, id string) (*model.Session, error) {
	return b.mem.Session(ctx, id)
}

// SessionIDByCode implements SessionStore.
func (b *BoltStore) SessionIDByCode(ctx context.Context, code string) (string, error) {
	return b.mem.SessionIDByCode(ctx, code)
}

// DeleteSession implements SessionStore: the session leaves memory, then its
// bucket (participants, groups, answers) leaves the file, and the file is
// rewritten without its pages soon after (compact_bolt.go). A write of the
// session still on its way to disk finds no bucket and is dropped.
func (b *BoltStore) DeleteSession(ctx context.Context, sessionID string) error {
	if err := b.mem.DeleteSession(ctx, sessionID); err != nil {
		return err
	}
	err := b.write("delete session", func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		if sessions.Bucket(idKey(sessionID)) == nil {
			return nil
		}
		if err := tx.Bucket(bucketMeta).Put(keyErased, []byte{1}); err != nil {
			return err
		}
		return sessions.DeleteBucket(idKey(sessionID))
	})
	if err != nil {
		return err
	}
	b.erased()
	return nil
}

// Expired implements SessionStore.
func (b *BoltStore) Expired(ctx context.Context, now time.Time) ([]string, error) {
	return b.mem.Expired(ctx, now)
}

// SetMinSegment implements SessionStore.
func (b *BoltStore) SetMinSegment(_ context.Context, sessionID string, n int) (uint64, error) {
	var snap model.Session
	seq, err := b.mem.setMinSegment(sessionID, n, &snap)
	if err != nil {
		return 0, err
	}
	if err := b.save("set min segment", snap, sessionWrite{header: true}); err != nil {
		return 0, err
	}
	return seq, nil
}

// SetMaxParticipants implements SessionStore.
func (b *BoltStore) SetMaxParticipants(_ context.Context, sessionID string, n int) (uint64, error) {
	var snap model.Session
	seq, err := b.mem.setMaxParticipants(sessionID, n, &snap)
	if err != nil {
		return 0, err
	}
	if err := b.save("set max participants", snap, sessionWrite{header: true}); err != nil {
		return 0, err
	}
	return seq, nil
}

// SetClosesAt implements SessionStore.
func (b *BoltStore) SetClosesAt(_ context.Context, sessionID string, at time.Time) (uint64, error) {
	var snap model.Session
	seq, err := b.mem.setClosesAt(sessionID, at, &snap)
	if err != nil {
		return 0, err
	}
	if err := b.save("set closes at", snap, sessionWrite{header: true}); err != nil {
		return 0, err
	}
	return seq, nil
}
