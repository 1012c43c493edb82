package store

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/ting-live/ting/pkg/model"
)

var _ QuestionSetStore = (*MemoryStore)(nil)

// memQuestionSets are the MemoryStore's question sets, under a lock of their own.
type memQuestionSets struct {
	mu sync.RWMutex
	m  map[string]model.QuestionSet
}

func cloneQuestionSet(qs model.QuestionSet) model.QuestionSet {
	qs.Questions = slices.Clone(qs.Questions)
	return qs
}

// SaveQuestionSet implements QuestionSetStore.
func (m *MemoryStore) SaveQuestionSet(_ context.Context, qs model.QuestionSet) error {
	m.qsets.mu.Lock()
	defer m.qsets.mu.Unlock()
	if m.qsets.m == nil {
		m.qsets.m = map[string]model.QuestionSet{}
	}
	if _, ok := m.qsets.m[qs.ID]; ok {
		return errors.New("store: question set exists")
	}
	m.qsets.m[qs.ID] = cloneQuestionSet(qs)
	return nil
}

// QuestionSet implements QuestionSetStore.
func (m *MemoryStore) QuestionSet(_ context.Context, id string) (model.QuestionSet, error) {
	m.qsets.mu.RLock()
	defer m.qsets.mu.RUnlock()
	qs, ok := m.qsets.m[id]
	if !ok {
		return model.QuestionSet{}, ErrNotFound
	}
	return cloneQuestionSet(qs), nil
}

// QuestionSets implements QuestionSetStore.
func (m *MemoryStore) QuestionSets(_ context.Context, ownerID string) ([]model.QuestionSet, error) {
	m.qsets.mu.RLock()
	defer m.qsets.mu.RUnlock()
	out := []model.QuestionSet{}
	for _, qs := range m.qsets.m {
		if qs.OwnerID == ownerID {
			out = append(out, cloneQuestionSet(qs))
		}
	}
	sortQuestionSets(out)
	return out, nil
}

// DeleteQuestionSet implements QuestionSetStore.
func (m *MemoryStore) DeleteQuestionSet(_ context.Context, id string) error {
	m.qsets.mu.Lock()
	defer m.qsets.mu.Unlock()
	if _, ok := m.qsets.m[id]; !ok {
		return ErrNotFound
	}
	delete(m.qsets.m, id)
	return nil
}
