package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

// AnswerStore keeps participants' answers and their aggregate.
type AnswerStore interface {
	// Record stores an answer, replacing the participant's earlier answer to
	// the same question in one atomic step. It refuses with ErrNotCurrent
	// unless the question is the current one (in a self-paced session: one
	// of the session's questions), and ErrLocked while locked or when a.At
	// is past the state's deadline.
	Record(ctx context.Context, sessionID string, a model.Answer) (uint64, error)
	// Answer returns one participant's stored answer to a question, or ErrNotFound.
	Answer(ctx context.Context, sessionID, questionID, participantID string) (model.Answer, error)
	// Tally returns a question's aggregate.
	Tally(ctx context.Context, sessionID, questionID string) (poll.Tally, error)
	// Answers returns every stored answer to a question, oldest first.
	Answers(ctx context.Context, sessionID, questionID string) ([]model.Answer, error)
}
