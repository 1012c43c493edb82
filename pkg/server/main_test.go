package server_test

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/webapp"
)

// TestMain stops the Redis Cluster the tests started, and fails the
// package if any test leaves a goroutine behind (but the web app's one-off
// Brotli compression, which may outlive a short run).
func TestMain(m *testing.M) {
	code := m.Run()
	testutil.StopRedisCluster()
	if code == 0 {
		if err := goleak.Find(goleak.IgnoreAnyFunction(webapp.BackgroundWork)); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: errors on successful test run: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}
