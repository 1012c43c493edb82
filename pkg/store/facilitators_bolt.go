package store

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// What the store keeps about facilitators, in the bolt file beside
// "sessions" (this file: facilitators and keys; logins_bolt.go and
// members_bolt.go the rest):
//
//	facilitators   I(id) -> JSON of the facilitator
//	emails         lower-case e-mail -> id; keyOwner -> the first owner's id
//	apikeys        SHA-256 of the key -> JSON of the APIKey
//	logins         SHA-256 of the cookie -> JSON of the Login
//	once           SHA-256 of the secret -> expiry (8, Unix ms) + value
//	deletions      sequence (8) -> JSON of an AuditEvent
//
// A session's members, audit log and archived mark live in its own bucket
// (keys "members", "audit", "archived"), so deleting the session's bucket
// deletes them.
var (
	bucketFacilitators = []byte("facilitators")
	bucketEmails       = []byte("emails")
	bucketAPIKeys      = []byte("apikeys")
	bucketLogins       = []byte("logins")
	bucketOnce         = []byte("once")
	bucketDeletions    = []byte("deletions")
	keyMembers         = []byte("members")
	keyAudit           = []byte("audit")
	keyArchived        = []byte("archived")
	// keyOwner, in the emails bucket (no e-mail is empty), marks that an owner exists.
	keyOwner = []byte("\x00owner")
)

// update runs fn in a write transaction of its own; like write, it holds
// the store's lock shared, so the rewrite after a delete waits for it.
func (b *BoltStore) update(op string, fn func(*bolt.Tx) error) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return fmt.Errorf("store: bolt: %s: %w: %w", op, ErrUnavailable, bolterrors.ErrDatabaseNotOpen)
	}
	if err := b.db.Update(fn); err != nil {
		if err == ErrExists || err == ErrNotFound {
			return err
		}
		return fmt.Errorf("store: bolt: %s: %w: %w", op, ErrUnavailable, err)
	}
	return nil
}
func (b *BoltStore) view(op string, fn func(*bolt.Tx) error) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return fmt.Errorf("store: bolt: %s: %w: %w", op, ErrUnavailable, bolterrors.ErrDatabaseNotOpen)
	}
	if err := b.db.View(fn); err != nil {
		if err == ErrNotFound {
			return err
		}
		return fmt.Errorf("store: bolt: %s: %w", op, err)
	}
	return nil
}
func bucket(tx *bolt.Tx, name []byte) (*bolt.Bucket, error) {
	return tx.CreateBucketIfNotExists(name)
}
func putJSON(bk *bolt.Bucket, k []byte, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return bk.Put(k, body)
}
func createFacilitatorTx(tx *bolt.Tx, f Facilitator) error {
	emails, err := bucket(tx, bucketEmails)
	if err != nil {
		return err
	}
	fs, err := bucket(tx, bucketFacilitators)
	if err != nil {
		return err
	}
	ek := []byte(emailKey(f.Email))
	if emails.Get(ek) != nil {
		return ErrExists
	}
	if err := emails.Put(ek, []byte(f.ID)); err != nil {
		return err
	}
	if f.Role == RoleOwner {
		if err := emails.Put(keyOwner, []byte(f.ID)); err != nil {
			return err
		}
	}
	return putJSON(fs, idKey(f.ID), f)
}

// CreateFacilitator implements Facilitators.
func (b *BoltStore) CreateFacilitator(_ context.Context, f Facilitator) error {
	return b.update("create facilitator", func(tx *bolt.Tx) error { return createFacilitatorTx(tx, f) })
}

// ClaimOwner implements Facilitators.
func (b *BoltStore) ClaimOwner(_ context.Context, f Facilitator) (bool, error) {
	claimed := false
	err := b.update("claim owner", func(tx *bolt.Tx) error {
		if bk := tx.Bucket(bucketEmails); bk != nil && bk.Get(keyOwner) != nil {
			return nil
		}
		f.Role = RoleOwner
		claimed = true
		return createFacilitatorTx(tx, f)
	})
	return claimed && err == nil, err
}

// Facilitator implements Facilitators.
func (b *BoltStore) Facilitator(_ context.Context, id string) (Facilitator, error) {
	var f Facilitator
	err := b.view("facilitator", func(tx *bolt.Tx) error {
		return getJSON(tx.Bucket(bucketFacilitators), idKey(id), &f)
	})
	return f, err
}
func getJSON(bk *bolt.Bucket, k []byte, v any) error {
	if bk == nil {
		return ErrNotFound
	}
	raw := bk.Get(k)
	if raw == nil {
		return ErrNotFound
	}
	return json.Unmarshal(raw, v)
}

// FacilitatorByEmail implements Facilitators.
func (b *BoltStore) FacilitatorByEmail(_ context.Context, email string) (Facilitator, error) {
	var f Facilitator
	err := b.view("facilitator by email", func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketEmails)
		if bk == nil {
			return ErrNotFound
		}
		id := bk.Get([]byte(emailKey(email)))
		if id == nil {
			return ErrNotFound
		}
		return getJSON(tx.Bucket(bucketFacilitators), idKey(string(id)), &f)
	})
	return f, err
}

// ListFacilitators implements Facilitators.
func (b *BoltStore) ListFacilitators(context.Context) ([]Facilitator, error) {
	out := []Facilitator{}
	err := b.view("list facilitators", func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketFacilitators)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(_, v []byte) error {
			var f Facilitator
			if err := json.Unmarshal(v, &f); err != nil {
				return err
			}
			out = append(out, f)
			return nil
		})
	})
	sortFacilitators(out)
	return out, err
}

// AddKey implements APIKeys.
func (b *BoltStore) AddKey(_ context.Context, k APIKey) error {
	return b.update("add key", func(tx *bolt.Tx) error {
		bk, err := bucket(tx, bucketAPIKeys)
		if err != nil {
			return err
		}
		return putJSON(bk, k.Hash, k)
	})
}

// KeyByHash implements APIKeys.
func (b *BoltStore) KeyByHash(_ context.Context, hash []byte) (APIKey, error) {
	var k APIKey
	err := b.view("key", func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bucketAPIKeys), hash, &k) })
	return k, err
}

// Keys implements APIKeys.
func (b *BoltStore) Keys(_ context.Context, facilitatorID string) ([]APIKey, error) {
	out := []APIKey{}
	err := b.view("keys", func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketAPIKeys)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(_, v []byte) error {
			var k APIKey
			if err := json.Unmarshal(v, &k); err != nil {
				return err
			}
			if k.FacilitatorID == facilitatorID {
				out = append(out, k)
			}
			return nil
		})
	})
	sortKeys(out)
	return out, err
}

// DeleteKey implements APIKeys.
func (b *BoltStore) DeleteKey(_ context.Context, facilitatorID, keyID string) error {
	return b.update("delete key", func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketAPIKeys)
		if bk == nil {
			return ErrNotFound
		}
		c := bk.Cursor()
		for h, v := c.First(); h != nil; h, v = c.Next() {
			var k APIKey
			if err := json.Unmarshal(v, &k); err != nil {
				return err
			}
			if k.ID == keyID && k.FacilitatorID == facilitatorID {
				return bk.Delete(h)
			}
		}
		return ErrNotFound
	})
}

// UpdateFacilitator implements Facilitators.
func (b *BoltStore) UpdateFacilitator(_ context.Context, f Facilitator) error {
	return b.update("update facilitator", func(tx *bolt.Tx) error {
		var old Facilitator
		if err := getJSON(tx.Bucket(bucketFacilitators), idKey(f.ID), &old); err != nil {
			return err
		}
		old.Name, old.Role = f.Name, f.Role
		return putJSON(tx.Bucket(bucketFacilitators), idKey(f.ID), old)
	})
}

// DeleteFacilitator implements Facilitators. The file is rewritten after
// it as after a deleted session, so the name and e-mail leave it.
func (b *BoltStore) DeleteFacilitator(_ context.Context, id string) error {
	err := b.update("delete facilitator", func(tx *bolt.Tx) error {
		var f Facilitator
		if err := getJSON(tx.Bucket(bucketFacilitators), idKey(id), &f); err != nil {
			return err
		}
		if err := tx.Bucket(bucketMeta).Put(keyErased, []byte{1}); err != nil {
			return err
		}
		if err := tx.Bucket(bucketFacilitators).Delete(idKey(id)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketEmails).Delete([]byte(emailKey(f.Email))); err != nil {
			return err
		}
		keys := tx.Bucket(bucketAPIKeys)
		if keys == nil {
			return nil
		}
		var gone [][]byte
		err := keys.ForEach(func(h, v []byte) error {
			var k APIKey
			if err := json.Unmarshal(v, &k); err != nil {
				return err
			}
			if k.FacilitatorID == id {
				gone = append(gone, h)
			}
			return nil
		})
		for _, h := range gone {
			if err == nil {
				err = keys.Delete(h)
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	b.erased()
	return nil
}
