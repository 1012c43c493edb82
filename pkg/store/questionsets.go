package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
)

// QuestionSetStore keeps the library of question sets, each owned by the
// facilitator who saved it.
type QuestionSetStore interface {
	// SaveQuestionSet stores a new question set.
	SaveQuestionSet(ctx context.Context, qs model.QuestionSet) error
	// QuestionSet returns one, or ErrNotFound.
	QuestionSet(ctx context.Context, id string) (model.QuestionSet, error)
	// QuestionSets returns those of ownerID, newest first.
	QuestionSets(ctx context.Context, ownerID string) ([]model.QuestionSet, error)
	// DeleteQuestionSet removes one, or returns ErrNotFound.
	DeleteQuestionSet(ctx context.Context, id string) error
}
