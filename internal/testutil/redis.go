package testutil

import (
	"context"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/store"
)

// RedisURL is the Redis the tests use: TING_TEST_REDIS_URL, by default
// redis://127.0.0.1:6379/0. Each test keeps to keys of its own prefix. With
// TING_SKIP_REDIS=1 it skips t instead.
func RedisURL(t testing.TB) string {
	t.Helper()
	SkipRedis(t)
	return testRedis()
}

func testRedis() string {
	if u := os.Getenv("TING_TEST_REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

// SkipRedis skips t when TING_SKIP_REDIS=1.
func SkipRedis(t testing.TB) {
	t.Helper()
	if os.Getenv("TING_SKIP_REDIS") == "1" {
		t.Skip("TING_SKIP_REDIS=1")
	}
}

// RedisClient connects to raw (any form store.ParseRedisURL takes) and
// closes the client when t ends. A Redis that does not answer fails the
// test.
func RedisClient(t testing.TB, raw string) redis.UniversalClient {
	t.Helper()
	c, err := store.ParseRedisURL(raw)
	if err != nil {
		t.Fatalf("ParseRedisURL: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		shown := raw
		if u, err := url.Parse(raw); err == nil {
			shown = u.Redacted()
		}
		t.Fatalf("Redis at %s does not answer (%v): start one, point TING_TEST_REDIS_URL at it, or set TING_SKIP_REDIS=1", shown, err)
	}
	return c
}

// RedisPrefix returns a key prefix of t's own and, when t ends, deletes
// every key under it from the Redis at raw (on each master of a cluster);
// "" is the tests' Redis, that RedisURL names. It connects only then, and
// not at all with TING_SKIP_REDIS=1, so a test that runs against either
// engine may take a prefix.
func RedisPrefix(t testing.TB, raw string) string {
	t.Helper()
	prefix := "tingtest-" + uuid.NewString()
	if raw == "" {
		raw = testRedis()
	}
	t.Cleanup(func() {
		if os.Getenv("TING_SKIP_REDIS") == "1" {
			return
		}
		c, err := store.ParseRedisURL(raw)
		if err != nil {
			t.Errorf("ParseRedisURL: %v", err)
			return
		}
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if cc, ok := c.(*redis.ClusterClient); ok {
			err = cc.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error { return deleteKeys(ctx, n, prefix) })
		} else {
			err = deleteKeys(ctx, c, prefix)
		}
		if err != nil {
			t.Errorf("deleting test keys %s:*: %v", prefix, err)
		}
	})
	return prefix
}

// deleteKeys deletes every key under prefix from one node.
func deleteKeys(ctx context.Context, node redis.UniversalClient, prefix string) error {
	iter := node.Scan(ctx, 0, prefix+":*", 500).Iterator()
	pipe := node.Pipeline()
	for iter.Next(ctx) {
		pipe.Del(ctx, iter.Val()) // one key a command: keys of many slots
	}
	if err := iter.Err(); err != nil {
		return err
	}
	if pipe.Len() == 0 {
		return nil
	}
	_, err := pipe.Exec(ctx)
	return err
}
