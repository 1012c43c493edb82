package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/model"
)

var _ GroupStore = (*RedisStore)(nil)

// setGroupsScript: KEYS session groups seq; ARGV JSON of the groups.
var setGroupsScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
redis.call('SET', KEYS[2], ARGV[1])
return redis.call('INCR', KEYS[3])`)

// SetGroups implements GroupStore.
func (r *RedisStore) SetGroups(ctx context.Context, sessionID string, groups []model.Group) (uint64, error) {
	if groups == nil {
		groups = []model.Group{}
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

// Groups implements GroupStore.
func (r *RedisStore) Groups(ctx context.Context, sessionID string) ([]model.Group, error) {
	var body *redis.StringCmd
	if err := r.readSession(ctx, "groups", sessionID, func(p redis.Pipeliner) {
		body = p.Get(ctx, r.key(sessionID, "groups"))
	}); err != nil {
		return nil, err
	}
	var out []model.Group
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
