package store

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

var _ PresenceStore = (*RedisStore)(nil)

// touchScript: KEYS session seen; ARGV at (Unix ms), participant ids. A
// score only grows (ZADD GT).
var touchScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
for i = 2, #ARGV do redis.call('ZADD', KEYS[2], 'GT', ARGV[1], ARGV[i]) end
return 1`)

// Touch implements PresenceStore.
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

// Active implements PresenceStore.
func (r *RedisStore) Active(ctx context.Context, sessionID string, since time.Time) ([]string, error) {
	var ids *redis.StringSliceCmd
	if err := r.readSession(ctx, "active", sessionID, func(p redis.Pipeliner) {
		ids = p.ZRangeByScore(ctx, r.key(sessionID, "seen"), &redis.ZRangeBy{Min: strconv.FormatInt(since.UnixMilli(), 10), Max: "+inf"})
	}); err != nil {
		return nil, err
	}
	return ids.Val(), nil
}
