package store

import (
	"context"
	"time"
)

// Counters counts events in fixed windows of time, for limits that must hold
// for the whole node (memory) or for every node at once (Redis): failed
// join-code lookups, new participants from one address, joins a minute.
type Counters interface {
	// Add adds n (0 only reads) to key's counter in the window of length
	// window that holds now, and returns that window's count and the
	// previous window's, from which a caller estimates a sliding count.
	Add(ctx context.Context, key string, n int64, window time.Duration, now time.Time) (cur, prev int64, err error)
	// Forget drops key's counts of the window that holds now and the
	// previous one (the counters of a deleted session).
	Forget(ctx context.Context, key string, window time.Duration, now time.Time) error
}

// windowIndex numbers the window of length window that holds now.
func windowIndex(now time.Time, window time.Duration) int64 {
	return now.UnixMilli() / window.Milliseconds()
}
