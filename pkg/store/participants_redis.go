package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/model"
)

var _ ParticipantStore = (*RedisStore)(nil)

// addParticipantScript: KEYS session participants; ARGV token JSON max.
// The count, the cap and the add are one step on Redis: no join on
// another node comes between them.
var addParticipantScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 and redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then
  return redis.error_reply('TING_FULL session is full')
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return redis.call('HLEN', KEYS[2])`)

// AddParticipant implements ParticipantStore: the participant is kept
// under the hash of its token, without the token.
func (r *RedisStore) AddParticipant(ctx context.Context, sessionID string, p model.Participant, max int64) (int64, error) {
	h, p := hashed(p)
	body, err := json.Marshal(p)
	if err != nil {
		return 0, fmt.Errorf("store: add participant: %w", err)
	}
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "participants")}
	n, err := addParticipantScript.Run(ctx, r.rdb, keys, h, body, max).Int64()
	if err != nil {
		return 0, fail("add participant", err)
	}
	return n, nil
}

// Participant implements ParticipantStore. A participant that joined
// before tokens were hashed is kept under its token: found so, it is moved
// to the hash, without the token.
func (r *RedisStore) Participant(ctx context.Context, sessionID, token string) (model.Participant, error) {
	key := r.key(sessionID, "participants")
	h := TokenHash(token)
	body, err := r.rdb.HGet(ctx, key, h).Bytes()
	plain := false
	if errors.Is(err, redis.Nil) && token != "" {
		body, err = r.rdb.HGet(ctx, key, token).Bytes()
		plain = err == nil
	}
	if err != nil {
		return model.Participant{}, fail("participant", err)
	}
	var p model.Participant
	if err := json.Unmarshal(body, &p); err != nil {
		return model.Participant{}, fmt.Errorf("store: participant: %w", err)
	}
	if plain {
		_, p = hashed(p)
		moved, err := json.Marshal(p)
		if err != nil {
			return model.Participant{}, fmt.Errorf("store: participant: %w", err)
		}
		if err := hashTokenScript.Run(ctx, r.rdb, []string{key}, token, h, moved).Err(); err != nil {
			return model.Participant{}, fail("participant", err)
		}
	}
	return p, nil
}

// hashTokenScript: KEYS participants; ARGV token hash JSON. Moves a
// participant kept under its token to the token's hash.
var hashTokenScript = redis.NewScript(`
if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) end
return 1`)

// ParticipantCount implements ParticipantStore.
func (r *RedisStore) ParticipantCount(ctx context.Context, sessionID string) (int64, error) {
	var n *redis.IntCmd
	if err := r.readSession(ctx, "participant count", sessionID, func(p redis.Pipeliner) {
		n = p.HLen(ctx, r.key(sessionID, "participants"))
	}); err != nil {
		return 0, err
	}
	return n.Val(), nil
}
