package store

import (
	"context"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

var _ QuestionStore = (*BoltStore)(nil)

// AddQuestion implements QuestionStore.
func (b *BoltStore) AddQuestion(_ context.Context, sessionID string, q poll.Question) (uint64, error) {
	var snap model.Session
	seq, err := b.mem.addQuestion(sessionID, q, &snap)
	if err != nil {
		return 0, err
	}
	if err := b.save("add question", snap, sessionWrite{order: true, questions: []poll.Question{q}}); err != nil {
		return 0, err
	}
	return seq, nil
}

// UpdateQuestion implements QuestionStore.
func (b *BoltStore) UpdateQuestion(_ context.Context, sessionID string, q poll.Question) (uint64, error) {
	var snap model.Session
	seq, err := b.mem.updateQuestion(sessionID, q, &snap)
	if err != nil {
		return 0, err
	}
	if err := b.save("update question", snap, sessionWrite{questions: []poll.Question{q}}); err != nil {
		return 0, err
	}
	return seq, nil
}

// ResetQuestion implements QuestionStore: the question's answers are deleted from
// the file and a marker keeps answers written before the reset from coming
// back, however the commits are ordered.
func (b *BoltStore) ResetQuestion(_ context.Context, sessionID, questionID string) (uint64, error) {
	seq, err := b.mem.resetQuestion(sessionID, questionID)
	if err != nil {
		return 0, err
	}
	return seq, b.clearAnswers("reset question", sessionID, questionID, seq)
}

// RemoveQuestion implements QuestionStore: the session is written without the
// question, then its answers are cleared as by ResetQuestion.
func (b *BoltStore) RemoveQuestion(_ context.Context, sessionID, questionID string) (uint64, error) {
	var snap model.Session
	seq, err := b.mem.removeQuestion(sessionID, questionID, &snap)
	if err != nil {
		return 0, err
	}
	if err := b.save("remove question", snap, sessionWrite{header: true, order: true, removed: questionID}); err != nil {
		return 0, err
	}
	return seq, b.clearAnswers("remove question", sessionID, questionID, seq)
}

// MoveQuestion implements QuestionStore.
func (b *BoltStore) MoveQuestion(_ context.Context, sessionID, questionID string, index int) (uint64, error) {
	var snap model.Session
	seq, err := b.mem.moveQuestion(sessionID, questionID, index, &snap)
	if err != nil {
		return 0, err
	}
	if err := b.save("move question", snap, sessionWrite{order: true}); err != nil {
		return 0, err
	}
	return seq, nil
}

// clearAnswers deletes a question's answers from the file and leaves a
// marker of seq, so that answers written before it do not come back,
// however the commits are ordered; the file is rewritten without their
// pages soon after, as after a delete.
func (b *BoltStore) clearAnswers(op, sessionID, questionID string, seq uint64) error {
	marker := binary.BigEndian.AppendUint64(nil, seq)
	err := b.write(op, func(tx *bolt.Tx) error {
		sb := tx.Bucket(bucketSessions).Bucket(idKey(sessionID))
		if sb == nil {
			return nil // deleted meanwhile
		}
		ab, err := sb.CreateBucketIfNotExists(bucketAnswers)
		if err != nil {
			return err
		}
		qk := idKey(questionID)
		if old := ab.Bucket(qk); old != nil {
			if r := old.Get(keyReset); len(r) == 8 && binary.BigEndian.Uint64(r) > seq {
				return nil // a later reset committed first
			}
			if err := tx.Bucket(bucketMeta).Put(keyErased, []byte{1}); err != nil {
				return err
			}
			if err := ab.DeleteBucket(qk); err != nil {
				return err
			}
		}
		qb, err := ab.CreateBucket(qk)
		if err != nil {
			return err
		}
		return qb.Put(keyReset, marker)
	})
	if err != nil {
		return err
	}
	b.erased()
	return nil
}
