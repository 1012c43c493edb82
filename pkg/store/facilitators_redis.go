package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// Facilitators in Redis, with P = <prefix> and T = <prefix>:{<sessionID>}:
//
//	P:facilitators        hash id -> JSON of the facilitator
//	P:facilitator-emails  hash lower-case e-mail -> id
//	P:owner               the id of the first owner (set once)
//	P:apikeys             hash hex(SHA-256 of the key) -> JSON of the APIKey
//	P:login:<hex>         JSON of a Login, expiring with it
//	P:once:<hex>          a single-use value, expiring with it
//	P:fsessions:<id>      hash sessionID -> role: the sessions a facilitator has a role on
//	P:owned               sorted set: sessions that have an owner, by when it was set (Unix ms)
//	P:deletions           list of JSON AuditEvents of deleted sessions, newest last
//	T:members             hash facilitatorID -> JSON of the Member
//	T:audit               list of JSON AuditEvents, oldest first
//	T:archived            "1" while the session is archived
func (r *RedisStore) akey(parts ...string) string {
	k := r.prefix
	for _, p := range parts {
		k += ":" + p
	}
	return k
}

// CreateFacilitator implements Facilitators.
func (r *RedisStore) CreateFacilitator(ctx context.Context, f Facilitator) error {
	body, err := json.Marshal(f)
	if err != nil {
		return err
	}
	ok, err := r.rdb.HSetNX(ctx, r.akey("facilitator-emails"), emailKey(f.Email), f.ID).Result()
	if err != nil {
		return fail("create facilitator", err)
	}
	if !ok {
		return ErrExists
	}
	if err := r.rdb.HSet(ctx, r.akey("facilitators"), f.ID, body).Err(); err != nil {
		return fail("create facilitator", err)
	}
	return nil
}

// ClaimOwner implements Facilitators.
func (r *RedisStore) ClaimOwner(ctx context.Context, f Facilitator) (bool, error) {
	ok, err := r.rdb.SetNX(ctx, r.akey("owner"), f.ID, 0).Result()
	if err != nil {
		return false, fail("claim owner", err)
	}
	if !ok {
		return false, nil
	}
	f.Role = RoleOwner
	if err := r.CreateFacilitator(ctx, f); err != nil {
		_ = r.rdb.Del(ctx, r.akey("owner")).Err()
		return false, err
	}
	return true, nil
}

func getRedisJSON[T any](ctx context.Context, cmd *redis.StringCmd, op string) (T, error) {
	var v T
	raw, err := cmd.Bytes()
	if err != nil {
		return v, fail(op, err)
	}
	return v, json.Unmarshal(raw, &v)
}

// Facilitator implements Facilitators.
func (r *RedisStore) Facilitator(ctx context.Context, id string) (Facilitator, error) {
	return getRedisJSON[Facilitator](ctx, r.rdb.HGet(ctx, r.akey("facilitators"), id), "facilitator")
}

// FacilitatorByEmail implements Facilitators.
func (r *RedisStore) FacilitatorByEmail(ctx context.Context, email string) (Facilitator, error) {
	id, err := r.rdb.HGet(ctx, r.akey("facilitator-emails"), emailKey(email)).Result()
	if err != nil {
		return Facilitator{}, fail("facilitator by email", err)
	}
	return r.Facilitator(ctx, id)
}

// ListFacilitators implements Facilitators.
func (r *RedisStore) ListFacilitators(ctx context.Context) ([]Facilitator, error) {
	all, err := r.rdb.HVals(ctx, r.akey("facilitators")).Result()
	if err != nil {
		return nil, fail("list facilitators", err)
	}
	out := make([]Facilitator, 0, len(all))
	for _, v := range all {
		var f Facilitator
		if err := json.Unmarshal([]byte(v), &f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	sortFacilitators(out)
	return out, nil
}

// AddKey implements APIKeys.
func (r *RedisStore) AddKey(ctx context.Context, k APIKey) error {
	body, err := json.Marshal(k)
	if err != nil {
		return err
	}
	if err := r.rdb.HSet(ctx, r.akey("apikeys"), hex.EncodeToString(k.Hash), body).Err(); err != nil {
		return fail("add key", err)
	}
	return nil
}

// KeyByHash implements APIKeys.
func (r *RedisStore) KeyByHash(ctx context.Context, hash []byte) (APIKey, error) {
	return getRedisJSON[APIKey](ctx, r.rdb.HGet(ctx, r.akey("apikeys"), hex.EncodeToString(hash)), "key")
}

// Keys implements APIKeys. Keys are few: the whole hash is read.
func (r *RedisStore) Keys(ctx context.Context, facilitatorID string) ([]APIKey, error) {
	all, err := r.rdb.HVals(ctx, r.akey("apikeys")).Result()
	if err != nil {
		return nil, fail("keys", err)
	}
	out := []APIKey{}
	for _, v := range all {
		var k APIKey
		if err := json.Unmarshal([]byte(v), &k); err != nil {
			return nil, err
		}
		if k.FacilitatorID == facilitatorID {
			out = append(out, k)
		}
	}
	sortKeys(out)
	return out, nil
}

// DeleteKey implements APIKeys.
func (r *RedisStore) DeleteKey(ctx context.Context, facilitatorID, keyID string) error {
	ks, err := r.Keys(ctx, facilitatorID)
	if err != nil {
		return err
	}
	for _, k := range ks {
		if k.ID == keyID {
			if err := r.rdb.HDel(ctx, r.akey("apikeys"), hex.EncodeToString(k.Hash)).Err(); err != nil {
				return fail("delete key", err)
			}
			return nil
		}
	}
	return ErrNotFound
}

// PutLogin implements Logins: Redis expires it.
func (r *RedisStore) PutLogin(ctx context.Context, hash []byte, l Login) error {
	body, err := json.Marshal(l)
	if err != nil {
		return err
	}
	ttl := time.Until(l.ExpiresAt)
	if ttl <= 0 {
		return r.DeleteLogin(ctx, hash)
	}
	if err := r.rdb.Set(ctx, r.akey("login", hex.EncodeToString(hash)), body, ttl).Err(); err != nil {
		return fail("put login", err)
	}
	return nil
}

// Login implements Logins.
func (r *RedisStore) Login(ctx context.Context, hash []byte, now time.Time) (Login, error) {
	l, err := getRedisJSON[Login](ctx, r.rdb.Get(ctx, r.akey("login", hex.EncodeToString(hash))), "login")
	if err == nil && !l.ExpiresAt.After(now) {
		return Login{}, ErrNotFound
	}
	return l, err
}

// DeleteLogin implements Logins.
func (r *RedisStore) DeleteLogin(ctx context.Context, hash []byte) error {
	if err := r.rdb.Del(ctx, r.akey("login", hex.EncodeToString(hash))).Err(); err != nil {
		return fail("delete login", err)
	}
	return nil
}

// PutOnce implements Logins.
func (r *RedisStore) PutOnce(ctx context.Context, hash, value []byte, expires time.Time) error {
	ttl := time.Until(expires)
	if ttl <= 0 {
		return nil
	}
	if err := r.rdb.Set(ctx, r.akey("once", hex.EncodeToString(hash)), value, ttl).Err(); err != nil {
		return fail("put once", err)
	}
	return nil
}

// TakeOnce implements Logins: GETDEL, so two nodes never both take it.
func (r *RedisStore) TakeOnce(ctx context.Context, hash []byte, _ time.Time) ([]byte, error) {
	v, err := r.rdb.GetDel(ctx, r.akey("once", hex.EncodeToString(hash))).Bytes()
	if err != nil {
		return nil, fail("take once", err)
	}
	return v, nil
}

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
