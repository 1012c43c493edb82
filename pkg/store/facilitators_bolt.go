package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Facilitators in the bolt file (beside "sessions"):
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

func (b *BoltStore) update(op string, fn func(*bolt.Tx) error) error {
	if err := b.db.Update(fn); err != nil {
		if err == ErrExists || err == ErrNotFound {
			return err
		}
		return fmt.Errorf("store: bolt: %s: %w: %w", op, ErrUnavailable, err)
	}
	return nil
}

func (b *BoltStore) view(op string, fn func(*bolt.Tx) error) error {
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

// sessionBucket is a session's bucket, or ErrNotFound.
func sessionBucket(tx *bolt.Tx, sessionID string) (*bolt.Bucket, error) {
	if s := tx.Bucket(bucketSessions); s != nil {
		if sb := s.Bucket(idKey(sessionID)); sb != nil && sb.Get(keySession) != nil {
			return sb, nil
		}
	}
	return nil, ErrNotFound
}

func membersOf(sb *bolt.Bucket) ([]Member, error) {
	var ms []Member
	if raw := sb.Get(keyMembers); raw != nil {
		if err := json.Unmarshal(raw, &ms); err != nil {
			return nil, err
		}
	}
	return ms, nil
}

// SetMember implements Members.
func (b *BoltStore) SetMember(_ context.Context, sessionID string, m Member) error {
	return b.update("set member", func(tx *bolt.Tx) error {
		sb, err := sessionBucket(tx, sessionID)
		if err != nil {
			return err
		}
		ms, err := membersOf(sb)
		if err != nil {
			return err
		}
		out := []Member{m}
		for _, x := range ms {
			if x.FacilitatorID != m.FacilitatorID {
				out = append(out, x)
			}
		}
		return putJSON(sb, keyMembers, out)
	})
}

// RemoveMember implements Members.
func (b *BoltStore) RemoveMember(_ context.Context, sessionID, facilitatorID string) error {
	return b.update("remove member", func(tx *bolt.Tx) error {
		sb, err := sessionBucket(tx, sessionID)
		if err != nil {
			return err
		}
		ms, err := membersOf(sb)
		if err != nil {
			return err
		}
		var out []Member
		for _, x := range ms {
			if x.FacilitatorID != facilitatorID {
				out = append(out, x)
			}
		}
		if len(out) == len(ms) {
			return ErrNotFound
		}
		return putJSON(sb, keyMembers, out)
	})
}

// SessionMembers implements Members.
func (b *BoltStore) SessionMembers(_ context.Context, sessionID string) ([]Member, error) {
	out := []Member{}
	err := b.view("members", func(tx *bolt.Tx) error {
		sb, err := sessionBucket(tx, sessionID)
		if err != nil {
			return nil
		}
		ms, err := membersOf(sb)
		out = append(out, ms...)
		return err
	})
	sortMembers(out)
	return out, err
}

// eachMembers calls fn with every session's members.
func (b *BoltStore) eachMembers(op string, fn func(sessionID string, ms []Member)) error {
	return b.view(op, func(tx *bolt.Tx) error {
		s := tx.Bucket(bucketSessions)
		if s == nil {
			return nil
		}
		return s.ForEachBucket(func(k []byte) error {
			ms, err := membersOf(s.Bucket(k))
			if err != nil {
				return err
			}
			fn(idOf(k), ms)
			return nil
		})
	})
}

// MemberSessions implements Members: the sessions' buckets are read one by one.
func (b *BoltStore) MemberSessions(_ context.Context, facilitatorID string) ([]Membership, error) {
	out := []Membership{}
	err := b.eachMembers("member sessions", func(sid string, ms []Member) {
		for _, m := range ms {
			if m.FacilitatorID == facilitatorID {
				out = append(out, Membership{SessionID: sid, Role: m.Role})
			}
		}
	})
	return out, err
}

// OwnedSessions implements Members.
func (b *BoltStore) OwnedSessions(context.Context) ([]Membership, error) {
	out := []Membership{}
	err := b.eachMembers("owned sessions", func(sid string, ms []Member) {
		for _, m := range ms {
			if m.Role == RoleOwner {
				out = append(out, Membership{SessionID: sid, Role: RoleOwner})
				return
			}
		}
	})
	return out, err
}

// AppendAudit implements Members.
func (b *BoltStore) AppendAudit(_ context.Context, sessionID string, e AuditEvent) error {
	return b.update("append audit", func(tx *bolt.Tx) error {
		sb, err := sessionBucket(tx, sessionID)
		if err != nil {
			return err
		}
		var log []AuditEvent
		if raw := sb.Get(keyAudit); raw != nil {
			if err := json.Unmarshal(raw, &log); err != nil {
				return err
			}
		}
		return putJSON(sb, keyAudit, append(log, e))
	})
}

// Audit implements Members.
func (b *BoltStore) Audit(_ context.Context, sessionID string) ([]AuditEvent, error) {
	out := []AuditEvent{}
	err := b.view("audit", func(tx *bolt.Tx) error {
		sb, err := sessionBucket(tx, sessionID)
		if err != nil {
			return nil
		}
		if raw := sb.Get(keyAudit); raw != nil {
			return json.Unmarshal(raw, &out)
		}
		return nil
	})
	return out, err
}

// AppendDeletion implements Members.
func (b *BoltStore) AppendDeletion(_ context.Context, e AuditEvent) error {
	return b.update("append deletion", func(tx *bolt.Tx) error {
		bk, err := bucket(tx, bucketDeletions)
		if err != nil {
			return err
		}
		seq, err := bk.NextSequence()
		if err != nil {
			return err
		}
		if seq > MaxDeletionLog {
			if err := bk.Delete(binary.BigEndian.AppendUint64(nil, seq-MaxDeletionLog)); err != nil {
				return err
			}
		}
		return putJSON(bk, binary.BigEndian.AppendUint64(nil, seq), e)
	})
}

// DeletionLog implements Members.
func (b *BoltStore) DeletionLog(context.Context) ([]AuditEvent, error) {
	out := []AuditEvent{}
	err := b.view("deletion log", func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketDeletions)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(_, v []byte) error {
			var e AuditEvent
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// SetArchived implements Members.
func (b *BoltStore) SetArchived(_ context.Context, sessionID string, archived bool) error {
	return b.update("set archived", func(tx *bolt.Tx) error {
		sb, err := sessionBucket(tx, sessionID)
		if err != nil {
			return err
		}
		if archived {
			return sb.Put(keyArchived, []byte("1"))
		}
		return sb.Delete(keyArchived)
	})
}

// Archived implements Members.
func (b *BoltStore) Archived(_ context.Context, sessionID string) (bool, error) {
	archived := false
	err := b.view("archived", func(tx *bolt.Tx) error {
		if sb, err := sessionBucket(tx, sessionID); err == nil {
			archived = sb.Get(keyArchived) != nil
		}
		return nil
	})
	return archived, err
}
