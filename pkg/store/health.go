package store

import "context"

// Health reports whether an engine can serve and releases it.
type Health interface {
	// Ping reports whether the store can serve.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}
