package session

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/protocol"
)

// resultsHead starts a question's results in the REST API.
type resultsHead struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Responses int64  `json:"responses"`
}

// frameHead starts a results frame on the WebSocket.
type frameHead struct {
	Type         string `json:"type"`
	QuestionID   string `json:"questionId"`
	QuestionType string `json:"questionType"`
	Responses    int64  `json:"responses"`
}

// Results returns the results of every question of a session, in order.
func (s *Service) Results(ctx context.Context, sess *model.Session) (json.RawMessage, error) {
	out := []byte(`{"questions":[`)
	for i := range sess.Questions {
		q := &sess.Questions[i]
		t, err := s.store.Tally(ctx, sess.ID, q.ID)
		if err != nil {
			return nil, fmt.Errorf("session: results: %w", err)
		}
		b, err := poll.Results(q, t, poll.View{Facilitator: true}, resultsHead{ID: q.ID, Type: q.Type, Responses: t.Responses})
		if err != nil {
			return nil, err
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, b...)
	}
	return append(out, "]}"...), nil
}

// resultsFrame renders the results frame of the session's current question,
// or nil when there is none.
func (s *Service) resultsFrame(ctx context.Context, sess *model.Session) ([]byte, error) {
	q := sess.Question(sess.State.QuestionID)
	if q == nil {
		return nil, nil
	}
	t, err := s.store.Tally(ctx, sess.ID, q.ID)
	if err != nil {
		return nil, fmt.Errorf("session: results frame: %w", err)
	}
	return poll.Results(q, t, poll.View{}, frameHead{
		Type: protocol.TypeResults, QuestionID: q.ID, QuestionType: q.Type, Responses: t.Responses,
	})
}

// splitTypes are the question types whose results the big screen shows
// split by segment; other types show them unsplit.
var splitTypes = map[string]bool{"choice": true, "scale": true, "wordcloud": true, "ranking": true}

// splitBy returns the choice question the big screen splits results by, or
// nil when there is none (or it is no longer a choice question).
func splitBy(sess *model.Session) *poll.Question {
	if sess.State.SegmentBy == "" {
		return nil
	}
	if q := sess.Question(sess.State.SegmentBy); q != nil && q.Type == "choice" {
		return q
	}
	return nil
}

// screenFrames renders the results frames of the current question: phone
// for phones, screen for big screens. Without a split both are the same
// bytes. With one (state.segmentBy), the screen's frame also carries
// "segmentBy" and, for the types in splitTypes, "segments": the room's
// view of each segment's results, too small segments hidden. Phones never
// get segments.
func (s *Service) screenFrames(ctx context.Context, sess *model.Session) (phone, screen []byte, err error) {
	phone, err = s.resultsFrame(ctx, sess)
	if err != nil || phone == nil {
		return phone, phone, err
	}
	by := splitBy(sess)
	if by == nil {
		return phone, phone, nil
	}
	extra := map[string]any{"segmentBy": by.ID}
	q := sess.Question(sess.State.QuestionID)
	if splitTypes[q.Type] {
		segs, err := s.Segments(ctx, sess, by.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("session: screen segments: %w", err)
		}
		answers, err := s.store.Answers(ctx, sess.ID, q.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("session: screen segments: %w", err)
		}
		sr, err := segmentResults(sess, q, answers, segs, poll.View{})
		if err != nil {
			return nil, nil, err
		}
		extra["segments"] = sr
	}
	b, err := json.Marshal(extra)
	if err != nil {
		return nil, nil, err
	}
	return phone, joinJSON(phone, b), nil
}

// questionFrame renders the current question and state as of now.
func questionFrame(sess *model.Session, now time.Time) []byte {
	f := protocol.Question{
		Type:           protocol.TypeQuestion,
		Locked:         sess.State.Closed(now),
		ResultsVisible: sess.State.ResultsVisible,
	}
	if d := sess.State.Deadline; !d.IsZero() && !f.Locked {
		f.RemainingMs = d.Sub(now).Milliseconds()
	}
	if q := sess.Question(sess.State.QuestionID); q != nil {
		pub := q.Public()
		f.Question = &pub
	}
	return protocol.Encode(f)
}

// questionsFrame renders every question of a self-paced session as phones see them.
func questionsFrame(sess *model.Session, now time.Time) []byte {
	f := protocol.Questions{Type: protocol.TypeQuestions, Questions: make([]any, 0, len(sess.Questions)), Locked: sess.State.Closed(now)}
	for _, q := range sess.Questions {
		f.Questions = append(f.Questions, q.Public())
	}
	return protocol.Encode(f)
}

func participantsFrame(n, perMinute int64) []byte {
	return protocol.Encode(protocol.Participants{Type: protocol.TypeParticipants, Count: n, JoinsPerMinute: perMinute})
}
