package store

import (
	"context"
	"encoding/hex"
	"encoding/json"

	"github.com/redis/go-redis/v9"
)

// What the store keeps about facilitators in Redis (this file:
// facilitators and keys; logins_redis.go and members_redis.go the rest),
// with P = <prefix> and T = <prefix>:{<sessionID>}:
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

// UpdateFacilitator implements Facilitators.
func (r *RedisStore) UpdateFacilitator(ctx context.Context, f Facilitator) error {
	old, err := r.Facilitator(ctx, f.ID)
	if err != nil {
		return err
	}
	old.Name, old.Role = f.Name, f.Role
	body, err := json.Marshal(old)
	if err != nil {
		return err
	}
	if err := r.rdb.HSet(ctx, r.akey("facilitators"), f.ID, body).Err(); err != nil {
		return fail("update facilitator", err)
	}
	return nil
}

// DeleteFacilitator implements Facilitators.
func (r *RedisStore) DeleteFacilitator(ctx context.Context, id string) error {
	f, err := r.Facilitator(ctx, id)
	if err != nil {
		return err
	}
	ks, err := r.Keys(ctx, id)
	if err != nil {
		return err
	}
	_, err = r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.HDel(ctx, r.akey("facilitators"), id)
		p.HDel(ctx, r.akey("facilitator-emails"), emailKey(f.Email))
		for _, k := range ks {
			p.HDel(ctx, r.akey("apikeys"), hex.EncodeToString(k.Hash))
		}
		return nil
	})
	if err != nil {
		return fail("delete facilitator", err)
	}
	return nil
}
