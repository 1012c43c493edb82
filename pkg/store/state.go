package store

import (
	"context"
)

// StateStore keeps what the room sees now: the current question, whether
// results show, the lock, the countdown and the split of the results.
type StateStore interface {
	// UpdateState applies a patch. A QuestionID or SegmentBy that is not
	// one of the session's questions is ErrNoQuestion.
	UpdateState(ctx context.Context, sessionID string, p StatePatch) (State, uint64, error)
}
