package store

import (
	"context"

	"github.com/ting-live/ting/pkg/poll"
)

// QuestionStore keeps a session's questions: adding, editing, reordering and
// removing them, and clearing their answers.
type QuestionStore interface {
	// AddQuestion appends a question to a session, or returns
	// ErrQuestionLimit when it holds poll.MaxQuestions already.
	AddQuestion(ctx context.Context, sessionID string, q poll.Question) (uint64, error)
	// UpdateQuestion replaces the question with q's ID (its text, options or
	// moderation), or returns ErrNoQuestion.
	UpdateQuestion(ctx context.Context, sessionID string, q poll.Question) (uint64, error)
	// ResetQuestion removes every answer to a question, or returns ErrNoQuestion.
	ResetQuestion(ctx context.Context, sessionID, questionID string) (uint64, error)
	// RemoveQuestion deletes a question and every answer to it, or returns
	// ErrNoQuestion. A current question stops being current: the room sees
	// no question. A question the screen's results are split by stops
	// splitting them (State.SegmentBy is cleared).
	RemoveQuestion(ctx context.Context, sessionID, questionID string) (uint64, error)
	// MoveQuestion puts a question at index of the session's questions (0
	// first; past the end, last), or returns ErrNoQuestion.
	MoveQuestion(ctx context.Context, sessionID, questionID string, index int) (uint64, error)
}
