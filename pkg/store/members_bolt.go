package store

import (
	"context"
	"encoding/binary"
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// sessionBucket is a session's bucket, or ErrNotFound.
func sessionBucket(tx *bolt.Tx, sessionID string) (*bolt.Bucket, error) {
	if s := tx.Bucket(bucketSessions); s != nil {
		if sb := s.Bucket(idKey(sessionID)); sb != nil && sb.Get(keySession) != nil {
			return sb, nil
		}
	}
	return nil, ErrNotFound
}

// getList decodes the JSON list at k into v; without one, v stays as it is.
func getList(bk *bolt.Bucket, k []byte, v any) error {
	if raw := bk.Get(k); raw != nil {
		return json.Unmarshal(raw, v)
	}
	return nil
}

func membersOf(sb *bolt.Bucket) ([]Member, error) {
	var ms []Member
	if err := getList(sb, keyMembers, &ms); err != nil {
		return nil, err
	}
	return ms, nil
}

// changeMembers replaces a session's members by what fn makes of them.
func (b *BoltStore) changeMembers(op, sessionID string, fn func(ms []Member) ([]Member, error)) error {
	return b.update(op, func(tx *bolt.Tx) error {
		sb, err := sessionBucket(tx, sessionID)
		if err != nil {
			return err
		}
		ms, err := membersOf(sb)
		if err != nil {
			return err
		}
		out, err := fn(ms)
		if err != nil {
			return err
		}
		return putJSON(sb, keyMembers, out)
	})
}

// SetMember implements Members.
func (b *BoltStore) SetMember(_ context.Context, sessionID string, m Member) error {
	return b.changeMembers("set member", sessionID, func(ms []Member) ([]Member, error) {
		out := []Member{m}
		for _, x := range ms {
			if x.FacilitatorID != m.FacilitatorID {
				out = append(out, x)
			}
		}
		return out, nil
	})
}

// RemoveMember implements Members.
func (b *BoltStore) RemoveMember(_ context.Context, sessionID, facilitatorID string) error {
	return b.changeMembers("remove member", sessionID, func(ms []Member) ([]Member, error) {
		var out []Member
		for _, x := range ms {
			if x.FacilitatorID != facilitatorID {
				out = append(out, x)
			}
		}
		if len(out) == len(ms) {
			return nil, ErrNotFound
		}
		return out, nil
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
		if err := getList(sb, keyAudit, &log); err != nil {
			return err
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
		return getList(sb, keyAudit, &out)
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
