package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// QuestionSetVersion is the version of the question set document.
const QuestionSetVersion = 1

// QuestionSet is a session's questions as a document to hand on: each
// question as created (no id, origin or moderation).
type QuestionSet struct {
	Version   int             `json:"version"`
	Questions []poll.Question `json:"questions"`
}

// ExportQuestionSet returns the questions of sess as a question set.
func ExportQuestionSet(sess *model.Session) QuestionSet {
	qs := QuestionSet{Version: QuestionSetVersion, Questions: make([]poll.Question, 0, len(sess.Questions))}
	for _, q := range sess.Questions {
		qs.Questions = append(qs.Questions, asCreated(q))
	}
	return qs
}

// asCreated is a question as a facilitator creates it.
func asCreated(q poll.Question) poll.Question {
	q.ID, q.Origin, q.Moderation = "", "", nil
	return q
}

// CheckQuestionSet checks every question of a question set for a session
// held in language; the first that does not fit is an InvalidError naming
// its index (from 0) and why. The checked questions are returned, without
// ids.
func CheckQuestionSet(doc QuestionSet, language string) ([]poll.Question, error) {
	if doc.Version != QuestionSetVersion {
		return nil, invalid("version must be %d", QuestionSetVersion)
	}
	if doc.Questions == nil {
		return nil, invalid("questions: give a list of questions")
	}
	if len(doc.Questions) > poll.MaxQuestions {
		return nil, poll.OverLimit(poll.QuotaQuestions, poll.MaxQuestions, "the question set has %d questions, more than a session may hold", len(doc.Questions))
	}
	out := make([]poll.Question, len(doc.Questions))
	for i, q := range doc.Questions {
		q = asCreated(q)
		if q.Language == "" {
			q.Language = language
		}
		if err := poll.Check(&q); err != nil {
			return nil, invalid("questions[%d] (question %d): %s", i, i+1, err.Error())
		}
		out[i] = q
	}
	return out, nil
}

// ImportQuestionSet appends the questions of doc to sess and returns how
// many it added. Nothing is added unless every question fits and the
// session can hold them all (the questions-per-session quota).
func (s *Service) ImportQuestionSet(ctx context.Context, sess *model.Session, doc QuestionSet) (int, error) {
	qs, err := CheckQuestionSet(doc, sess.Language)
	if err != nil {
		return 0, err
	}
	if len(sess.Questions)+len(qs) > poll.MaxQuestions {
		return 0, poll.OverLimit(poll.QuotaQuestions, poll.MaxQuestions,
			"the session has %d questions; %d more would be more than it may hold", len(sess.Questions), len(qs))
	}
	var seq uint64
	added := 0
	for _, q := range qs {
		q.ID = uuid.NewString()
		seq, err = s.store.AddQuestion(ctx, sess.ID, q)
		if errors.Is(err, store.ErrQuestionLimit) {
			err = poll.OverLimit(poll.QuotaQuestions, poll.MaxQuestions, "the session became full after %d of the questions", added)
		}
		if err != nil {
			if added > 0 {
				s.notify(ctx, sess.ID, store.NoticeState, seq)
			}
			return added, fmt.Errorf("session: import question set: %w", err)
		}
		added++
	}
	if added > 0 {
		s.notify(ctx, sess.ID, store.NoticeState, seq)
	}
	return added, nil
}

// SaveQuestionSet saves the questions of sess in ownerID's library under name.
func (s *Service) SaveQuestionSet(ctx context.Context, ownerID, name string, sess *model.Session) (model.QuestionSet, error) {
	if strings.TrimSpace(name) == "" {
		return model.QuestionSet{}, invalid("name is required")
	}
	name, err := poll.CleanLabel(name, MaxTitleLen, poll.QuotaTitleLen, "name")
	if err != nil {
		return model.QuestionSet{}, checkError(err)
	}
	qs := model.QuestionSet{ID: uuid.NewString(), Name: name, OwnerID: ownerID, CreatedAt: time.Now().UTC(),
		Questions: ExportQuestionSet(sess).Questions}
	if err := s.store.SaveQuestionSet(ctx, qs); err != nil {
		return model.QuestionSet{}, fmt.Errorf("session: save question set: %w", err)
	}
	return qs, nil
}
