package store

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/ting-live/ting/pkg/model"
)

var _ QuestionSetStore = (*BoltStore)(nil)

// bucketQuestionSets, at the top of the file: I(id) -> JSON of the question set.
var bucketQuestionSets = []byte("questionsets")

// loadQuestionSets puts the file's question sets into memory.
func (b *BoltStore) loadQuestionSets() error {
	return b.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketQuestionSets)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error {
			var qs model.QuestionSet
			if err := json.Unmarshal(v, &qs); err != nil {
				return fmt.Errorf("question set %q: %w", idOf(k), err)
			}
			return b.mem.SaveQuestionSet(context.Background(), qs)
		})
	})
}

// SaveQuestionSet implements QuestionSetStore.
func (b *BoltStore) SaveQuestionSet(ctx context.Context, qs model.QuestionSet) error {
	v, err := json.Marshal(qs)
	if err != nil {
		return fmt.Errorf("store: save question set: %w", err)
	}
	if err := b.mem.SaveQuestionSet(ctx, qs); err != nil {
		return err
	}
	err = b.write("save question set", func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(bucketQuestionSets)
		if err != nil {
			return err
		}
		return bk.Put(idKey(qs.ID), v)
	})
	if err != nil {
		_ = b.mem.DeleteQuestionSet(ctx, qs.ID)
	}
	return err
}

// QuestionSet implements QuestionSetStore.
func (b *BoltStore) QuestionSet(ctx context.Context, id string) (model.QuestionSet, error) {
	return b.mem.QuestionSet(ctx, id)
}

// QuestionSets implements QuestionSetStore.
func (b *BoltStore) QuestionSets(ctx context.Context, ownerID string) ([]model.QuestionSet, error) {
	return b.mem.QuestionSets(ctx, ownerID)
}

// DeleteQuestionSet implements QuestionSetStore.
func (b *BoltStore) DeleteQuestionSet(ctx context.Context, id string) error {
	if err := b.mem.DeleteQuestionSet(ctx, id); err != nil {
		return err
	}
	return b.deleteRecord("delete question set", bucketQuestionSets, id)
}
