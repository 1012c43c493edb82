package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

var _ AnswerStore = (*BoltStore)(nil)

// Record implements AnswerStore.
func (b *BoltStore) Record(_ context.Context, sessionID string, a model.Answer) (uint64, error) {
	seq, first, err := b.mem.record(sessionID, a)
	if err != nil {
		return 0, err
	}
	if err := b.saveAnswer(sessionID, a, seq, first); err != nil {
		return 0, err
	}
	return seq, nil
}

// Tally implements AnswerStore.
func (b *BoltStore) Tally(ctx context.Context, sessionID, questionID string) (poll.Tally, error) {
	return b.mem.Tally(ctx, sessionID, questionID)
}

// Answer implements AnswerStore.
func (b *BoltStore) Answer(ctx context.Context, sessionID, questionID, participantID string) (model.Answer, error) {
	return b.mem.Answer(ctx, sessionID, questionID, participantID)
}

// Answers implements AnswerStore.
func (b *BoltStore) Answers(ctx context.Context, sessionID, questionID string) ([]model.Answer, error) {
	return b.mem.Answers(ctx, sessionID, questionID)
}
