package session

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

// comparedQuestion is one question asked in both runs.
type comparedQuestion struct {
	ID     string          `json:"id"`
	Type   string          `json:"type"`
	Prompt string          `json:"prompt"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// compareHead starts the results of one run of a question.
type compareHead struct {
	SessionID  string `json:"sessionId"`
	QuestionID string `json:"questionId"`
	Responses  int64  `json:"responses"`
}

// Compare matches the questions of two runs of a session (a copy and its
// original, or two copies of one original) and returns each matched
// question's results in both. "before" is the run created first. o, which
// the edge made from the request's credentials, returns the other run,
// otherID, if the caller may read it.
func (s *Service) Compare(ctx context.Context, sess *model.Session, otherID string, o Opener) (json.RawMessage, error) {
	if otherID == "" {
		return nil, invalid("with: give the id of the session to compare with")
	}
	other, err := open(ctx, o, otherID)
	if err != nil {
		return nil, sourceError(err)
	}
	before, after := other, sess
	if sess.CreatedAt.Before(other.CreatedAt) {
		before, after = sess, other
	}
	byLineage := map[string]*poll.Question{}
	for i := range other.Questions {
		q := &other.Questions[i]
		byLineage[q.Lineage()] = q
	}
	out := struct {
		Before    string             `json:"before"`
		After     string             `json:"after"`
		Questions []comparedQuestion `json:"questions"`
	}{Before: before.ID, After: after.ID, Questions: []comparedQuestion{}}
	for i := range sess.Questions {
		q := &sess.Questions[i]
		o := byLineage[q.Lineage()]
		if o == nil || o.Type != q.Type {
			continue
		}
		mine, err := s.runResults(ctx, sess, q)
		if err != nil {
			return nil, err
		}
		theirs, err := s.runResults(ctx, other, o)
		if err != nil {
			return nil, err
		}
		cq := comparedQuestion{ID: q.ID, Type: q.Type, Prompt: q.Prompt, Before: theirs, After: mine}
		if before == sess {
			cq.Before, cq.After = mine, theirs
		}
		out.Questions = append(out.Questions, cq)
	}
	return json.Marshal(out)
}

func (s *Service) runResults(ctx context.Context, sess *model.Session, q *poll.Question) (json.RawMessage, error) {
	t, err := s.store.Tally(ctx, sess.ID, q.ID)
	if err != nil {
		return nil, fmt.Errorf("session: compare: %w", err)
	}
	return poll.Results(q, t, poll.View{Facilitator: true}, compareHead{SessionID: sess.ID, QuestionID: q.ID, Responses: t.Responses})
}
