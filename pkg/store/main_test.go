package store_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind
// (brokers' readers, Redis subscriptions).
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
