package store

import (
	"context"
	"slices"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

var _ QuestionStore = (*MemoryStore)(nil)

// AddQuestion implements QuestionStore.
func (m *MemoryStore) AddQuestion(_ context.Context, sessionID string, q poll.Question) (uint64, error) {
	return m.addQuestion(sessionID, q, nil)
}

// addQuestion is AddQuestion; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) addQuestion(sessionID string, q poll.Question, snap *model.Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if len(ms.s.Questions) >= poll.MaxQuestions {
		return 0, ErrQuestionLimit
	}
	ms.s.Questions = append(ms.s.Questions, q)
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}

// UpdateQuestion implements QuestionStore.
func (m *MemoryStore) UpdateQuestion(_ context.Context, sessionID string, q poll.Question) (uint64, error) {
	return m.updateQuestion(sessionID, q, nil)
}

// updateQuestion is UpdateQuestion; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) updateQuestion(sessionID string, q poll.Question, snap *model.Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	old := ms.s.Question(q.ID)
	if old == nil {
		return 0, ErrNoQuestion
	}
	*old = q
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}

// ResetQuestion implements QuestionStore.
func (m *MemoryStore) ResetQuestion(_ context.Context, sessionID, questionID string) (uint64, error) {
	return m.resetQuestion(sessionID, questionID)
}

func (m *MemoryStore) resetQuestion(sessionID, questionID string) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.s.Question(questionID) == nil {
		return 0, ErrNoQuestion
	}
	delete(ms.answers, questionID)
	delete(ms.order, questionID)
	delete(ms.tallies, questionID)
	ms.s.Seq++
	return ms.s.Seq, nil
}

// RemoveQuestion implements QuestionStore.
func (m *MemoryStore) RemoveQuestion(_ context.Context, sessionID, questionID string) (uint64, error) {
	return m.removeQuestion(sessionID, questionID, nil)
}

// removeQuestion is RemoveQuestion; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) removeQuestion(sessionID, questionID string, snap *model.Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	i := slices.IndexFunc(ms.s.Questions, func(q poll.Question) bool { return q.ID == questionID })
	if i < 0 {
		return 0, ErrNoQuestion
	}
	ms.s.Questions = slices.Delete(slices.Clone(ms.s.Questions), i, i+1)
	if ms.s.State.QuestionID == questionID {
		ms.s.State = noQuestion(ms.s.State)
	}
	if ms.s.State.SegmentBy == questionID {
		ms.s.State.SegmentBy = ""
	}
	delete(ms.answers, questionID)
	delete(ms.order, questionID)
	delete(ms.tallies, questionID)
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}

// MoveQuestion implements QuestionStore.
func (m *MemoryStore) MoveQuestion(_ context.Context, sessionID, questionID string, index int) (uint64, error) {
	return m.moveQuestion(sessionID, questionID, index, nil)
}

// moveQuestion is MoveQuestion; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) moveQuestion(sessionID, questionID string, index int, snap *model.Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	qs, ok := moved(ms.s.Questions, questionID, index)
	if !ok {
		return 0, ErrNoQuestion
	}
	ms.s.Questions = qs
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}
