package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"time"
)

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
