package server_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/ting-live/ting/pkg/webapp"
)

// TestMain fails the package if any test leaves a goroutine behind (but the
// web app's one-off Brotli compression, which may outlive a short run).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction(webapp.BackgroundWork))
}
