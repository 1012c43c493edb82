package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/model"
)

var _ ParticipantStore = (*RedisStore)(nil)

// addParticipantScript: KEYS session participants; ARGV token JSON.
var addParticipantScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return redis.call('HLEN', KEYS[2])`)

// AddParticipant implements ParticipantStore.
func (r *RedisStore) AddParticipant(ctx context.Context, sessionID string, p model.Participant) (int64, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return 0, fmt.Errorf("store: add participant: %w", err)
	}
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "participants")}
	n, err := addParticipantScript.Run(ctx, r.rdb, keys, p.Token, body).Int64()
	if err != nil {
		return 0, fail("add participant", err)
	}
	return n, nil
}

// Participant implements ParticipantStore.
func (r *RedisStore) Participant(ctx context.Context, sessionID, token string) (model.Participant, error) {
	body, err := r.rdb.HGet(ctx, r.key(sessionID, "participants"), token).Bytes()
	if err != nil {
		return model.Participant{}, fail("participant", err)
	}
	var p model.Participant
	if err := json.Unmarshal(body, &p); err != nil {
		return model.Participant{}, fmt.Errorf("store: participant: %w", err)
	}
	return p, nil
}

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
