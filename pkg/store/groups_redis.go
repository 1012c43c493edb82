package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

func (r *RedisStore) expiryKey() string { return r.prefix + ":expiry" }

// setGroupsScript: KEYS session groups seq; ARGV JSON of the groups.
var setGroupsScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
redis.call('SET', KEYS[2], ARGV[1])
return redis.call('INCR', KEYS[3])`)

// SetGroups implements Store.
func (r *RedisStore) SetGroups(ctx context.Context, sessionID string, groups []Group) (uint64, error) {
	if groups == nil {
		groups = []Group{}
	}
	body, err := json.Marshal(groups)
	if err != nil {
		return 0, fmt.Errorf("store: set groups: %w", err)
	}
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "groups"), r.key(sessionID, "seq")}
	seq, err := setGroupsScript.Run(ctx, r.rdb, keys, body).Uint64()
	if err != nil {
		return 0, fail("set groups", err)
	}
	return seq, nil
}

// Groups implements Store.
func (r *RedisStore) Groups(ctx context.Context, sessionID string) ([]Group, error) {
	var body *redis.StringCmd
	if err := r.readSession(ctx, "groups", sessionID, func(p redis.Pipeliner) {
		body = p.Get(ctx, r.key(sessionID, "groups"))
	}); err != nil {
		return nil, err
	}
	var out []Group
	if b := body.Val(); b != "" {
		if err := json.Unmarshal([]byte(b), &out); err != nil {
			return nil, fmt.Errorf("store: groups: %w", err)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// DeleteSession implements Store. The session hash goes first: every
// script that writes a session checks it, so once it is gone nothing new
// is written, and the rest of the session's keys are deleted after it.
func (r *RedisStore) DeleteSession(ctx context.Context, sessionID string) error {
	var code *redis.StringCmd
	var gone *redis.IntCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		code = p.HGet(ctx, r.key(sessionID, "session"), "code")
		gone = p.Del(ctx, r.key(sessionID, "session"))
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return fail("delete session", err)
	}
	qids, err := r.rdb.SMembers(ctx, r.key(sessionID, "qids")).Result()
	if err != nil {
		return fail("delete session", err)
	}
	keys := []string{
		r.key(sessionID, "seq"), r.key(sessionID, "questions"), r.key(sessionID, "qids"),
		r.key(sessionID, "participants"), r.key(sessionID, "responses"), r.key(sessionID, "groups"),
		r.key(sessionID, "seen"),
	}
	for _, q := range qids {
		keys = append(keys, r.key(sessionID, "answers", q), r.key(sessionID, "order", q), r.key(sessionID, "tally", q))
	}
	if err := r.rdb.Del(ctx, keys...).Err(); err != nil {
		return fail("delete session", err)
	}
	if c := code.Val(); c != "" {
		// Only when the code still points here: codes are never reused
		// while held, but a freed one may belong to a new session.
		if err := delIfScript.Run(ctx, r.rdb, []string{r.codeKey(c)}, sessionID).Err(); err != nil {
			return fail("delete session", err)
		}
	}
	if err := r.rdb.ZRem(ctx, r.expiryKey(), sessionID).Err(); err != nil {
		return fail("delete session", err)
	}
	if err := r.dropMembers(ctx, sessionID); err != nil {
		return err
	}
	if gone.Val() == 0 {
		return ErrNotFound
	}
	return nil
}

// delIfScript: KEYS key; ARGV value. Deletes key if it holds value.
var delIfScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`)

// Expired implements Store.
func (r *RedisStore) Expired(ctx context.Context, now time.Time) ([]string, error) {
	ids, err := r.rdb.ZRangeByScore(ctx, r.expiryKey(), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(now.UnixMilli(), 10),
	}).Result()
	if err != nil {
		return nil, fail("expired", err)
	}
	return ids, nil
}

// touchScript: KEYS session seen; ARGV at (Unix ms), participant ids. A
// score only grows (ZADD GT).
var touchScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
for i = 2, #ARGV do redis.call('ZADD', KEYS[2], 'GT', ARGV[1], ARGV[i]) end
return 1`)

// Touch implements Store.
func (r *RedisStore) Touch(ctx context.Context, sessionID string, participantIDs []string, at time.Time) error {
	if len(participantIDs) == 0 {
		return nil
	}
	args := make([]any, 0, 1+len(participantIDs))
	args = append(args, at.UnixMilli())
	for _, p := range participantIDs {
		args = append(args, p)
	}
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "seen")}
	if err := touchScript.Run(ctx, r.rdb, keys, args...).Err(); err != nil {
		return fail("touch", err)
	}
	return nil
}

// Active implements Store.
func (r *RedisStore) Active(ctx context.Context, sessionID string, since time.Time) ([]string, error) {
	var ids *redis.StringSliceCmd
	if err := r.readSession(ctx, "active", sessionID, func(p redis.Pipeliner) {
		ids = p.ZRangeByScore(ctx, r.key(sessionID, "seen"), &redis.ZRangeBy{Min: strconv.FormatInt(since.UnixMilli(), 10), Max: "+inf"})
	}); err != nil {
		return nil, err
	}
	return ids.Val(), nil
}

// setFieldScript: KEYS session seq; ARGV field value.
var setFieldScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return redis.call('INCR', KEYS[2])`)

// SetMinSegment implements Store.
func (r *RedisStore) SetMinSegment(ctx context.Context, sessionID string, n int) (uint64, error) {
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "seq")}
	seq, err := setFieldScript.Run(ctx, r.rdb, keys, "minSegment", n).Uint64()
	if err != nil {
		return 0, fail("set min segment", err)
	}
	return seq, nil
}
