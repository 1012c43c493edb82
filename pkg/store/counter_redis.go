package store

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

var _ Counters = (*RedisCounters)(nil)

// RedisCounters keeps counters in Redis, so that a limit holds for every
// node of the service at once. Each window's counter is a key that expires
// two windows after it began.
type RedisCounters struct {
	rdb    redis.UniversalClient
	prefix string
}

// NewRedisCounters returns counters in cfg's Redis.
func NewRedisCounters(cfg RedisConfig) *RedisCounters {
	return &RedisCounters{rdb: cfg.Client, prefix: cfg.prefix()}
}

// addCounterScript: KEYS current previous; ARGV n, expiry in ms.
// Returns the current and the previous count.
var addCounterScript = redis.NewScript(`
local cur
if ARGV[1] ~= '0' then
  cur = redis.call('INCRBY', KEYS[1], ARGV[1])
  if cur == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
else
  cur = tonumber(redis.call('GET', KEYS[1]) or '0')
end
return {cur, tonumber(redis.call('GET', KEYS[2]) or '0')}`)

// Add implements Counters.
func (r *RedisCounters) Add(ctx context.Context, key string, n int64, window time.Duration, now time.Time) (int64, int64, error) {
	keys := r.keys(key, window, now)
	res, err := addCounterScript.Run(ctx, r.rdb, keys, n, (2 * window).Milliseconds()).Int64Slice()
	if err != nil {
		return 0, 0, fail("count", err)
	}
	return res[0], res[1], nil
}

// keys are the Redis keys of key's window that holds now and the previous one.
func (r *RedisCounters) keys(key string, window time.Duration, now time.Time) []string {
	w := windowIndex(now, window)
	// One hash tag for both windows: one Cluster slot, one script.
	base := r.prefix + ":rate:{" + key + "}:" + strconv.FormatInt(window.Milliseconds(), 10) + ":"
	return []string{base + strconv.FormatInt(w, 10), base + strconv.FormatInt(w-1, 10)}
}

// Forget implements Counters.
func (r *RedisCounters) Forget(ctx context.Context, key string, window time.Duration, now time.Time) error {
	if err := r.rdb.Del(ctx, r.keys(key, window, now)...).Err(); err != nil {
		return fail("forget count", err)
	}
	return nil
}
