package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

// SelectionStore keeps the entries of a session the working group selected
// (open answers and Q&A entries, by their results id). They are deleted
// with the session.
type SelectionStore interface {
	// Select marks sel.EntryID selected (on) or not (off), keeping who and
	// when; it returns ErrNotFound for an unknown session.
	Select(ctx context.Context, sessionID string, sel model.Selection, on bool) (uint64, error)
	// Selections returns every selected entry of the session, oldest first.
	Selections(ctx context.Context, sessionID string) ([]model.Selection, error)
}
