package testutil

import (
	"bytes"
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

// RedisContents returns every key under prefix and everything it holds
// (strings, hashes, lists, sets, sorted sets), as plain bytes to search,
// from every shard of a Cluster.
func RedisContents(t testing.TB, c redis.UniversalClient, prefix string) []byte {
	t.Helper()
	var b bytes.Buffer
	add := func(vs ...string) {
		for _, v := range vs {
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	err := RedisKeys(c, prefix, func(ctx context.Context, n redis.Cmdable, k string) error {
		add(k)
		typ, err := n.Type(ctx, k).Result()
		if err != nil {
			return err
		}
		switch typ {
		case "string":
			v, err := n.Get(ctx, k).Result()
			add(v)
			return ignoreNil(err)
		case "hash":
			h, err := n.HGetAll(ctx, k).Result()
			for f, v := range h {
				add(f, v)
			}
			return err
		case "list":
			vs, err := n.LRange(ctx, k, 0, -1).Result()
			add(vs...)
			return err
		case "set":
			vs, err := n.SMembers(ctx, k).Result()
			add(vs...)
			return err
		case "zset":
			vs, err := n.ZRange(ctx, k, 0, -1).Result()
			add(vs...)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read Redis under %s: %v", prefix, err)
	}
	return b.Bytes()
}

// RedisKeys calls fn with every key under prefix, on every shard of a Cluster.
func RedisKeys(c redis.UniversalClient, prefix string, fn func(ctx context.Context, node redis.Cmdable, key string) error) error {
	ctx := context.Background()
	scan := func(ctx context.Context, n redis.Cmdable) error {
		iter := n.Scan(ctx, 0, prefix+":*", 1000).Iterator()
		for iter.Next(ctx) {
			if err := fn(ctx, n, iter.Val()); err != nil {
				return err
			}
		}
		return iter.Err()
	}
	if cc, ok := c.(*redis.ClusterClient); ok {
		return cc.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error { return scan(ctx, n) })
	}
	return scan(ctx, c)
}

func ignoreNil(err error) error {
	if err == redis.Nil {
		return nil
	}
	return err
}
