package store

import (
	"context"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

var _ AnswerStore = (*MemoryStore)(nil)

// Record implements AnswerStore.
func (m *MemoryStore) Record(_ context.Context, sessionID string, a model.Answer) (uint64, error) {
	seq, _, err := m.record(sessionID, a)
	return seq, err
}

// record is Record and also returns the Seq of the participant's first
// answer to the question (seq itself for a first answer).
func (m *MemoryStore) record(sessionID string, a model.Answer) (seq, first uint64, err error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if !ms.s.Open(a.QuestionID) {
		return 0, 0, ErrNotCurrent
	}
	if ms.s.Closed(a.At) {
		return 0, 0, ErrLocked
	}
	ms.s.Seq++
	first = ms.apply(a, ms.s.Seq, 0)
	return ms.s.Seq, first, nil
}

// apply stores a as the answer written at seq and updates the tally and the
// order, replacing the participant's earlier answer. first is the Seq of the
// participant's first answer; 0 means seq unless an earlier answer is
// stored. It returns the first Seq kept. ms.mu is held.
func (ms *memSession) apply(a model.Answer, seq, first uint64) uint64 {
	byP := ms.answers[a.QuestionID]
	if byP == nil {
		byP = map[string]*memAnswer{}
		ms.answers[a.QuestionID] = byP
	}
	t := ms.tallies[a.QuestionID]
	if t == nil {
		t = &poll.Tally{Counts: map[string]int64{}}
		ms.tallies[a.QuestionID] = t
	}
	if old, ok := byP[a.ParticipantID]; ok {
		for k, n := range old.Tally {
			if t.Counts[k] -= n; t.Counts[k] == 0 {
				delete(t.Counts, k)
			}
		}
		first = old.first
	} else {
		t.Responses++
		ms.order[a.QuestionID] = append(ms.order[a.QuestionID], a.ParticipantID)
		if first == 0 {
			first = seq
		}
	}
	for k, n := range a.Tally {
		t.Counts[k] += n
	}
	byP[a.ParticipantID] = &memAnswer{Answer: a, first: first}
	return first
}

// Tally implements AnswerStore.
func (m *MemoryStore) Tally(_ context.Context, sessionID, questionID string) (poll.Tally, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return poll.Tally{}, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	t := ms.tallies[questionID]
	if t == nil {
		return poll.Tally{Counts: map[string]int64{}}, nil
	}
	c := make(map[string]int64, len(t.Counts))
	for k, n := range t.Counts {
		c[k] = n
	}
	return poll.Tally{Responses: t.Responses, Counts: c}, nil
}

// Answer implements AnswerStore.
func (m *MemoryStore) Answer(_ context.Context, sessionID, questionID, participantID string) (model.Answer, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return model.Answer{}, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	a, ok := ms.answers[questionID][participantID]
	if !ok {
		return model.Answer{}, ErrNotFound
	}
	return a.Answer, nil
}

// Answers implements AnswerStore.
func (m *MemoryStore) Answers(_ context.Context, sessionID, questionID string) ([]model.Answer, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	out := make([]model.Answer, 0, len(ms.order[questionID]))
	for _, pid := range ms.order[questionID] {
		out = append(out, ms.answers[questionID][pid].Answer)
	}
	return out, nil
}
