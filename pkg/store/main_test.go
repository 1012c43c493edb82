package store_test

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/ting-live/ting/internal/testutil"
)

// TestMain stops the Redis Cluster the tests started, and fails the
// package if any test leaves a goroutine behind (brokers' readers, Redis
// subscriptions).
func TestMain(m *testing.M) {
	code := m.Run()
	testutil.StopRedisCluster()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: errors on successful test run: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}
