package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"
)

// PutLogin implements Logins. Expired logins leave the file on the way.
func (b *BoltStore) PutLogin(_ context.Context, hash []byte, l Login) error {
	return b.update("put login", func(tx *bolt.Tx) error {
		bk, err := bucket(tx, bucketLogins)
		if err != nil {
			return err
		}
		now := time.Now()
		var stale [][]byte
		_ = bk.ForEach(func(k, v []byte) error {
			var o Login
			if json.Unmarshal(v, &o) == nil && !o.ExpiresAt.After(now) {
				stale = append(stale, k)
			}
			return nil
		})
		for _, k := range stale {
			if err := bk.Delete(k); err != nil {
				return err
			}
		}
		return putJSON(bk, hash, l)
	})
}

// Login implements Logins.
func (b *BoltStore) Login(_ context.Context, hash []byte, now time.Time) (Login, error) {
	var l Login
	err := b.view("login", func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bucketLogins), hash, &l) })
	if err == nil && !l.ExpiresAt.After(now) {
		return Login{}, ErrNotFound
	}
	return l, err
}

// DeleteLogin implements Logins.
func (b *BoltStore) DeleteLogin(_ context.Context, hash []byte) error {
	return b.update("delete login", func(tx *bolt.Tx) error {
		if bk := tx.Bucket(bucketLogins); bk != nil {
			return bk.Delete(hash)
		}
		return nil
	})
}

// PutOnce implements Logins.
func (b *BoltStore) PutOnce(_ context.Context, hash, value []byte, expires time.Time) error {
	return b.update("put once", func(tx *bolt.Tx) error {
		bk, err := bucket(tx, bucketOnce)
		if err != nil {
			return err
		}
		now := uint64(time.Now().UnixMilli())
		var stale [][]byte
		_ = bk.ForEach(func(k, v []byte) error {
			if len(v) < 8 || binary.BigEndian.Uint64(v) <= now {
				stale = append(stale, k)
			}
			return nil
		})
		for _, k := range stale {
			if err := bk.Delete(k); err != nil {
				return err
			}
		}
		v := binary.BigEndian.AppendUint64(nil, uint64(expires.UnixMilli()))
		return bk.Put(hash, append(v, value...))
	})
}

// TakeOnce implements Logins.
func (b *BoltStore) TakeOnce(_ context.Context, hash []byte, now time.Time) ([]byte, error) {
	var out []byte
	err := b.update("take once", func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketOnce)
		if bk == nil {
			return ErrNotFound
		}
		v := bk.Get(hash)
		if v == nil {
			return ErrNotFound
		}
		if len(v) >= 8 && int64(binary.BigEndian.Uint64(v)) > now.UnixMilli() {
			out = append([]byte{}, v[8:]...)
		}
		return bk.Delete(hash)
	})
	if err == nil && out == nil {
		return nil, ErrNotFound
	}
	return out, err
}
