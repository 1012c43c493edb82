package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/model"
)

var _ QuestionSetStore = (*RedisStore)(nil)

// A question set's keys:
//
//	<prefix>:qset:<id>             JSON of the question set
//	<prefix>:fqsets:<ownerID>      sorted set: the owner's question set ids by created (Unix ms)
func (r *RedisStore) questionSetKey(id string) string { return r.prefix + ":qset:" + id }

func (r *RedisStore) ownerQuestionSetsKey(ownerID string) string {
	return r.prefix + ":fqsets:" + ownerID
}

// SaveQuestionSet implements QuestionSetStore.
func (r *RedisStore) SaveQuestionSet(ctx context.Context, qs model.QuestionSet) error {
	v, err := json.Marshal(qs)
	if err != nil {
		return fmt.Errorf("store: save question set: %w", err)
	}
	if err := r.rdb.Set(ctx, r.questionSetKey(qs.ID), v, 0).Err(); err != nil {
		return fail("save question set", err)
	}
	if err := r.rdb.ZAdd(ctx, r.ownerQuestionSetsKey(qs.OwnerID), redis.Z{Score: float64(qs.CreatedAt.UnixMilli()), Member: qs.ID}).Err(); err != nil {
		return fail("save question set", err)
	}
	return nil
}

// QuestionSet implements QuestionSetStore.
func (r *RedisStore) QuestionSet(ctx context.Context, id string) (model.QuestionSet, error) {
	v, err := r.rdb.Get(ctx, r.questionSetKey(id)).Bytes()
	if err != nil {
		return model.QuestionSet{}, fail("question set", err)
	}
	var qs model.QuestionSet
	if err := json.Unmarshal(v, &qs); err != nil {
		return qs, fmt.Errorf("store: question set: %w", err)
	}
	return qs, nil
}

// QuestionSets implements QuestionSetStore: the owner's index, then each
// set (one key each) in one pipeline.
func (r *RedisStore) QuestionSets(ctx context.Context, ownerID string) ([]model.QuestionSet, error) {
	ids, err := r.rdb.ZRevRange(ctx, r.ownerQuestionSetsKey(ownerID), 0, -1).Result()
	if err != nil {
		return nil, fail("question sets", err)
	}
	out := []model.QuestionSet{}
	if len(ids) == 0 {
		return out, nil
	}
	cmds := make([]*redis.StringCmd, len(ids))
	_, err = r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.Get(ctx, r.questionSetKey(id))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fail("question sets", err)
	}
	for _, c := range cmds {
		if c.Err() != nil {
			continue // deleted a moment ago
		}
		var qs model.QuestionSet
		if err := json.Unmarshal([]byte(c.Val()), &qs); err != nil {
			return nil, fmt.Errorf("store: question sets: %w", err)
		}
		out = append(out, qs)
	}
	sortQuestionSets(out)
	return out, nil
}

// DeleteQuestionSet implements QuestionSetStore.
func (r *RedisStore) DeleteQuestionSet(ctx context.Context, id string) error {
	qs, err := r.QuestionSet(ctx, id)
	if err != nil {
		return err
	}
	if err := r.rdb.Del(ctx, r.questionSetKey(id)).Err(); err != nil {
		return fail("delete question set", err)
	}
	if err := r.rdb.ZRem(ctx, r.ownerQuestionSetsKey(qs.OwnerID), id).Err(); err != nil {
		return fail("delete question set", err)
	}
	return nil
}
