package store

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/redis/go-redis/v9"
)

// SetMember implements Members.
func (r *RedisStore) SetMember(ctx context.Context, sessionID string, m Member) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	n, err := r.rdb.Exists(ctx, r.key(sessionID, "session")).Result()
	if err != nil {
		return fail("set member", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	if err := r.rdb.HSet(ctx, r.key(sessionID, "members"), m.FacilitatorID, body).Err(); err != nil {
		return fail("set member", err)
	}
	if err := r.rdb.HSet(ctx, r.akey("fsessions", m.FacilitatorID), sessionID, m.Role).Err(); err != nil {
		return fail("set member", err)
	}
	if m.Role == RoleOwner {
		if err := r.rdb.ZAdd(ctx, r.akey("owned"), redis.Z{Score: float64(m.Since.UnixMilli()), Member: sessionID}).Err(); err != nil {
			return fail("set member", err)
		}
	}
	return nil
}

// RemoveMember implements Members.
func (r *RedisStore) RemoveMember(ctx context.Context, sessionID, facilitatorID string) error {
	n, err := r.rdb.HDel(ctx, r.key(sessionID, "members"), facilitatorID).Result()
	if err != nil {
		return fail("remove member", err)
	}
	if err := r.rdb.HDel(ctx, r.akey("fsessions", facilitatorID), sessionID).Err(); err != nil {
		return fail("remove member", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// SessionMembers implements Members.
func (r *RedisStore) SessionMembers(ctx context.Context, sessionID string) ([]Member, error) {
	all, err := r.rdb.HVals(ctx, r.key(sessionID, "members")).Result()
	if err != nil {
		return nil, fail("members", err)
	}
	out := make([]Member, 0, len(all))
	for _, v := range all {
		var m Member
		if err := json.Unmarshal([]byte(v), &m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	sortMembers(out)
	return out, nil
}

// MemberSessions implements Members.
func (r *RedisStore) MemberSessions(ctx context.Context, facilitatorID string) ([]Membership, error) {
	all, err := r.rdb.HGetAll(ctx, r.akey("fsessions", facilitatorID)).Result()
	if err != nil {
		return nil, fail("member sessions", err)
	}
	out := make([]Membership, 0, len(all))
	for sid, role := range all {
		out = append(out, Membership{SessionID: sid, Role: role})
	}
	return out, nil
}

// OwnedSessions implements Members.
func (r *RedisStore) OwnedSessions(ctx context.Context) ([]Membership, error) {
	ids, err := r.rdb.ZRange(ctx, r.akey("owned"), 0, -1).Result()
	if err != nil {
		return nil, fail("owned sessions", err)
	}
	out := make([]Membership, 0, len(ids))
	for _, id := range ids {
		out = append(out, Membership{SessionID: id, Role: RoleOwner})
	}
	return out, nil
}

// AppendAudit implements Members.
func (r *RedisStore) AppendAudit(ctx context.Context, sessionID string, e AuditEvent) error {
	body, err := json.Marshal(e)
	if err != nil {
		return err
	}
	n, err := r.rdb.Exists(ctx, r.key(sessionID, "session")).Result()
	if err != nil {
		return fail("append audit", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	if err := r.rdb.RPush(ctx, r.key(sessionID, "audit"), body).Err(); err != nil {
		return fail("append audit", err)
	}
	return nil
}
func decodeEvents(all []string) ([]AuditEvent, error) {
	out := make([]AuditEvent, 0, len(all))
	for _, v := range all {
		var e AuditEvent
		if err := json.Unmarshal([]byte(v), &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Audit implements Members.
func (r *RedisStore) Audit(ctx context.Context, sessionID string) ([]AuditEvent, error) {
	all, err := r.rdb.LRange(ctx, r.key(sessionID, "audit"), 0, -1).Result()
	if err != nil {
		return nil, fail("audit", err)
	}
	return decodeEvents(all)
}

// AppendDeletion implements Members.
func (r *RedisStore) AppendDeletion(ctx context.Context, e AuditEvent) error {
	body, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, r.akey("deletions"), body)
		p.LTrim(ctx, r.akey("deletions"), -MaxDeletionLog, -1)
		return nil
	})
	if err != nil {
		return fail("append deletion", err)
	}
	return nil
}

// DeletionLog implements Members.
func (r *RedisStore) DeletionLog(ctx context.Context) ([]AuditEvent, error) {
	all, err := r.rdb.LRange(ctx, r.akey("deletions"), 0, -1).Result()
	if err != nil {
		return nil, fail("deletion log", err)
	}
	return decodeEvents(all)
}

// dropMembers deletes a session's members and audit log and takes the
// session out of its members' lists; DeleteSession calls it.
func (r *RedisStore) dropMembers(ctx context.Context, sessionID string) error {
	ids, err := r.rdb.HKeys(ctx, r.key(sessionID, "members")).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fail("delete session", err)
	}
	_, err = r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, id := range ids {
			p.HDel(ctx, r.akey("fsessions", id), sessionID)
		}
		p.ZRem(ctx, r.akey("owned"), sessionID)
		p.Del(ctx, r.key(sessionID, "members"), r.key(sessionID, "audit"), r.key(sessionID, "archived"))
		return nil
	})
	if err != nil {
		return fail("delete session", err)
	}
	return nil
}

// SetArchived implements Members.
func (r *RedisStore) SetArchived(ctx context.Context, sessionID string, archived bool) error {
	n, err := r.rdb.Exists(ctx, r.key(sessionID, "session")).Result()
	if err != nil {
		return fail("set archived", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	if archived {
		err = r.rdb.Set(ctx, r.key(sessionID, "archived"), "1", 0).Err()
	} else {
		err = r.rdb.Del(ctx, r.key(sessionID, "archived")).Err()
	}
	if err != nil {
		return fail("set archived", err)
	}
	return nil
}

// Archived implements Members.
func (r *RedisStore) Archived(ctx context.Context, sessionID string) (bool, error) {
	n, err := r.rdb.Exists(ctx, r.key(sessionID, "archived")).Result()
	if err != nil {
		return false, fail("archived", err)
	}
	return n == 1, nil
}
