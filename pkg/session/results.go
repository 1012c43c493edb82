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

// Results returns the results of every question of a session, in order,
// as the facilitator sees them, and the means of its categories
// (categoryMeans).
func (s *Service) Results(ctx context.Context, sess *model.Session) (json.RawMessage, error) {
	view, err := s.facilitatorView(ctx, sess, false)
	if err != nil {
		return nil, err
	}
	return s.results(ctx, sess, view)
}

// results returns the results of every question of a session in view.
func (s *Service) results(ctx context.Context, sess *model.Session, view poll.View) (json.RawMessage, error) {
	out := []byte(`{"questions":[`)
	qs := make([]*poll.Question, len(sess.Questions))
	ts := make([]poll.Tally, len(sess.Questions))
	for i := range sess.Questions {
		q := &sess.Questions[i]
		t, err := s.store.Tally(ctx, sess.ID, q.ID)
		if err != nil {
			return nil, fmt.Errorf("session: results: %w", err)
		}
		qs[i], ts[i] = q, t
		b, err := poll.Results(q, t, view, resultsHead{ID: q.ID, Type: q.Type, Responses: t.Responses})
		if err != nil {
			return nil, err
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, b...)
	}
	cats, err := json.Marshal(categoryMeans(qs, ts))
	if err != nil {
		return nil, err
	}
	out = append(out, `],"categories":`...)
	out = append(out, cats...)
	return append(out, '}'), nil
}

// resultsFrame renders the phones' results frame of the session's current
// question, or nil when there is none.
func (s *Service) resultsFrame(ctx context.Context, sess *model.Session) ([]byte, error) {
	phone, _, err := s.roomFrames(ctx, sess)
	return phone, err
}

// roomFrames renders the room's results frame of the current question
// (room) and the phones' (phone): the same bytes, except for a quiz that
// is still open, whose phones' frame carries only how many answered. Its
// counts and points would tell the right option to a phone that has not
// answered yet (or, before answers were final, to one that had).
func (s *Service) roomFrames(ctx context.Context, sess *model.Session) (phone, room []byte, err error) {
	q := sess.Question(sess.State.QuestionID)
	if q == nil {
		return nil, nil, nil
	}
	t, err := s.store.Tally(ctx, sess.ID, q.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("session: results frame: %w", err)
	}
	head := frameHead{Type: protocol.TypeResults, QuestionID: q.ID, QuestionType: q.Type, Responses: t.Responses}
	room, err = poll.Results(q, t, poll.View{}, head)
	if err != nil {
		return nil, nil, err
	}
	if q.Type == "quiz" && !sess.Closed(time.Now()) {
		phone, err = json.Marshal(head)
		return phone, room, err
	}
	return room, room, nil
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
// bytes (but for an open quiz, see roomFrames). With one (state.segmentBy), the screen's frame also carries
// "segmentBy" and, for the types in splitTypes, "segments": the room's
// view of each segment's results, too small segments hidden. Phones never
// get segments.
func (s *Service) screenFrames(ctx context.Context, sess *model.Session) (phone, screen []byte, err error) {
	phone, room, err := s.roomFrames(ctx, sess)
	if err != nil || phone == nil {
		return phone, room, err
	}
	by := splitBy(sess)
	if by == nil {
		return phone, room, nil
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
	return phone, joinJSON(room, b), nil
}

// questionFrame renders the current question and state as of now.
func questionFrame(sess *model.Session, now time.Time) []byte {
	f := protocol.Question{
		Type:           protocol.TypeQuestion,
		Locked:         sess.Closed(now),
		ResultsVisible: sess.State.ResultsVisible,
		ClosesAt:       closesAt(sess),
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
	f := protocol.Questions{Type: protocol.TypeQuestions, Questions: make([]any, 0, len(sess.Questions)), Locked: sess.Closed(now), ClosesAt: closesAt(sess)}
	for _, q := range sess.Questions {
		f.Questions = append(f.Questions, q.Public())
	}
	return protocol.Encode(f)
}

// closesAt is the session's ClosesAt for a frame: nil when it has none.
func closesAt(sess *model.Session) *time.Time {
	if sess.ClosesAt.IsZero() {
		return nil
	}
	t := sess.ClosesAt
	return &t
}

func participantsFrame(n, perMinute int64) []byte {
	return protocol.Encode(protocol.Participants{Type: protocol.TypeParticipants, Count: n, JoinsPerMinute: perMinute})
}
