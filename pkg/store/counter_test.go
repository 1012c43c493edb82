package store_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/store"
)

func TestMemoryCounters(t *testing.T) {
	testCounters(t, func(*testing.T) []store.Counters {
		c := store.NewMemoryCounters()
		return []store.Counters{c, c}
	})
}

func TestRedisCounters(t *testing.T) {
	testCounters(t, func(t *testing.T) []store.Counters {
		raw := testutil.RedisURL(t)
		c1, c2 := testutil.RedisClient(t, raw), testutil.RedisClient(t, raw)
		prefix := testutil.RedisPrefix(t, raw)
		return []store.Counters{
			store.NewRedisCounters(store.RedisConfig{Client: c1, Prefix: prefix}),
			store.NewRedisCounters(store.RedisConfig{Client: c2, Prefix: prefix}),
		}
	})
}

// testCounters runs against two nodes' counters of one engine: counts
// add up across nodes and goroutines, a window's count moves to "previous"
// in the next window and is gone in the one after, keys and window lengths
// count apart.
func testCounters(t *testing.T, nodes func(*testing.T) []store.Counters) {
	ctx := t.Context()
	cs := nodes(t)
	key := "fail:" + uuid.NewString()[:8]
	const w = time.Minute
	at := time.UnixMilli(1_000 * w.Milliseconds()).Add(10 * time.Second) // inside one window

	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := cs[i%2].Add(ctx, key, 1, w, at); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if cur, prev, err := cs[0].Add(ctx, key, 0, w, at); err != nil || cur != 40 || prev != 0 {
		t.Fatalf("after 40 adds on two nodes: %d %d %v, want 40 0", cur, prev, err)
	}
	if cur, _, _ := cs[1].Add(ctx, key, 2, w, at.Add(40*time.Second)); cur != 42 {
		t.Fatalf("later in the same window: %d, want 42", cur)
	}
	if cur, prev, _ := cs[1].Add(ctx, key, 1, w, at.Add(w)); cur != 1 || prev != 42 {
		t.Fatalf("next window: %d %d, want 1 42", cur, prev)
	}
	if cur, prev, _ := cs[0].Add(ctx, key, 0, w, at.Add(2*w)); cur != 0 || prev != 1 {
		t.Fatalf("window after: %d %d, want 0 1", cur, prev)
	}
	if cur, _, _ := cs[0].Add(ctx, key+"x", 0, w, at); cur != 0 {
		t.Fatalf("another key: %d", cur)
	}
	if cur, _, _ := cs[0].Add(ctx, key, 0, time.Second, at); cur != 0 {
		t.Fatalf("another window length: %d", cur)
	}
}
