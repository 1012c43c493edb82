package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

// StateStore keeps what the room sees now: the current question, whether
// results show, the lock, the countdown and the split of the results.
type StateStore interface {
	// UpdateState applies a patch. A QuestionID or SegmentBy that is not
	// one of the session's questions is ErrNoQuestion.
	UpdateState(ctx context.Context, sessionID string, p model.StatePatch) (model.State, uint64, error)
}
