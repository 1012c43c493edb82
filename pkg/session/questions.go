package session

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// ErrNoQuestion: the question is not one of the session's.
var ErrNoQuestion = store.ErrNoQuestion

// freshQuestion reads a question from the store as it is now, not as the
// request's session was read: an edit builds on the last one. s.edits is held.
func (s *Service) freshQuestion(ctx context.Context, sessionID, qid string) (*poll.Question, error) {
	sess, err := s.store.Session(ctx, sessionID)
	if err != nil {
		return nil, fmt.Errorf("session: read question: %w", err)
	}
	return question(sess, qid)
}

// question returns a session's question or ErrNoQuestion.
func question(sess *model.Session, qid string) (*poll.Question, error) {
	q := sess.Question(qid)
	if q == nil {
		return nil, ErrNoQuestion
	}
	return q, nil
}

// EditQuestion changes some fields of a question: patch holds the fields as
// a question's JSON names them. The id and the type stay; the result must
// pass the type's checks.
func (s *Service) EditQuestion(ctx context.Context, sess *model.Session, qid string, patch map[string]json.RawMessage) (poll.Question, error) {
	s.edits.Lock()
	defer s.edits.Unlock()
	old, err := s.freshQuestion(ctx, sess.ID, qid)
	if err != nil {
		return poll.Question{}, err
	}
	for _, fixed := range []string{"id", "type", "moderation", "origin"} {
		if _, ok := patch[fixed]; ok {
			return poll.Question{}, invalid("%s cannot be changed", fixed)
		}
	}
	merged := map[string]json.RawMessage{}
	body, err := json.Marshal(old)
	if err != nil {
		return poll.Question{}, fmt.Errorf("session: edit question: %w", err)
	}
	if err := json.Unmarshal(body, &merged); err != nil {
		return poll.Question{}, fmt.Errorf("session: edit question: %w", err)
	}
	for k, v := range patch {
		merged[k] = v
	}
	body, err = json.Marshal(merged)
	if err != nil {
		return poll.Question{}, fmt.Errorf("session: edit question: %w", err)
	}
	var q poll.Question
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil {
		return poll.Question{}, invalid("%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if err := poll.Check(&q); err != nil {
		return poll.Question{}, checkError(err)
	}
	return q, s.saveQuestion(ctx, sess.ID, q)
}

// ResetQuestion removes every answer to a question.
func (s *Service) ResetQuestion(ctx context.Context, sess *model.Session, qid string) error {
	if _, err := question(sess, qid); err != nil {
		return err
	}
	seq, err := s.store.ResetQuestion(ctx, sess.ID, qid)
	if err != nil {
		return fmt.Errorf("session: reset question: %w", err)
	}
	s.notify(ctx, sess.ID, store.NoticeState, seq)
	return nil
}

// Moderation is one decision about one entry of a question: an open answer
// or Q&A entry by its results id, a word by its text. Nil fields stay.
type Moderation struct {
	Entry    string
	Hidden   *bool
	Approved *bool
	Answered *bool
}

// Moderate hides or shows, approves, or marks answered an entry; the room
// sees the change at once.
func (s *Service) Moderate(ctx context.Context, sess *model.Session, qid string, m Moderation) (poll.Question, error) {
	s.edits.Lock()
	defer s.edits.Unlock()
	old, err := s.freshQuestion(ctx, sess.ID, qid)
	if err != nil {
		return poll.Question{}, err
	}
	id, err := poll.EntryID(old, m.Entry)
	if err != nil {
		return poll.Question{}, invalid("%s", err.Error())
	}
	q := *old
	for mark, on := range map[poll.Mark]*bool{poll.MarkHidden: m.Hidden, poll.MarkApproved: m.Approved, poll.MarkAnswered: m.Answered} {
		if on != nil {
			q.Moderation = q.WithMark(mark, id, *on)
		}
	}
	return q, s.saveQuestion(ctx, sess.ID, q)
}

// RemoveQuestion deletes a question and every answer to it. When it is the
// current question, the room sees no question.
func (s *Service) RemoveQuestion(ctx context.Context, sess *model.Session, qid string) error {
	seq, err := s.store.RemoveQuestion(ctx, sess.ID, qid)
	if err != nil {
		return fmt.Errorf("session: remove question: %w", err)
	}
	s.notify(ctx, sess.ID, store.NoticeState, seq)
	return nil
}

// MoveQuestion puts a question at index of the session's questions (0
// first; past the end, last) and returns the questions in their new order.
func (s *Service) MoveQuestion(ctx context.Context, sess *model.Session, qid string, index int) ([]poll.Question, error) {
	seq, err := s.store.MoveQuestion(ctx, sess.ID, qid, index)
	if err != nil {
		return nil, fmt.Errorf("session: move question: %w", err)
	}
	s.notify(ctx, sess.ID, store.NoticeState, seq)
	moved, err := s.store.Session(ctx, sess.ID)
	if err != nil {
		return nil, fmt.Errorf("session: move question: %w", err)
	}
	return moved.Questions, nil
}

func (s *Service) saveQuestion(ctx context.Context, sessionID string, q poll.Question) error {
	seq, err := s.store.UpdateQuestion(ctx, sessionID, q)
	if err != nil {
		return fmt.Errorf("session: save question: %w", err) // ErrNoQuestion stays visible to errors.Is
	}
	s.notify(ctx, sessionID, store.NoticeState, seq)
	return nil
}
