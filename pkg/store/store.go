// Package store defines where Ting keeps sessions, questions, state,
// participants, answers, presence and groups, one small interface to each
// concern (SessionStore, QuestionStore, StateStore, ParticipantStore,
// AnswerStore, PresenceStore, GroupStore, and Health), gathered in an
// Engine; and how nodes tell each other that a session changed (Broker).
// The engines live beside them, each concern in a file named for it:
// memory (embedded, the default), bolt (embedded, on disk) and redis (many
// nodes).
package store

import (
	"slices"
	"time"

	"github.com/ting-live/ting/pkg/poll"
)

// Session is one workshop run.
type Session struct {
	ID       string `json:"id"`
	Code     string `json:"code"`
	Title    string `json:"title"`
	Language string `json:"language"`
	// TokenHash is the SHA-256 of the facilitator token; the token itself is never stored.
	TokenHash []byte          `json:"-"`
	CreatedAt time.Time       `json:"createdAt"`
	Questions []poll.Question `json:"questions"`
	State     State           `json:"state"`
	// Seq grows with every change to the session.
	Seq uint64 `json:"seq"`
	// Pace is PaceLive ("", the facilitator moves the room from question to
	// question) or PaceAudience (every question open at once, self-paced).
	Pace string `json:"pace,omitempty"`
	// MinSegment is the fewest participants a segment or group must have
	// for its results to be shown; 0 means DefaultMinSegment.
	MinSegment int `json:"minSegment,omitempty"`
	// ExpiresAt is when the session and every answer to it are deleted;
	// zero keeps it until it is deleted by hand.
	ExpiresAt time.Time `json:"expiresAt,omitzero"`
}

// Paces of a session.
const (
	PaceLive     = ""
	PaceAudience = "audience"
)

// DefaultMinSegment is the fewest participants whose results a segment or
// group shows when the session sets no other number.
const DefaultMinSegment = 5

// Threshold returns the session's MinSegment, or DefaultMinSegment.
func (s *Session) Threshold() int {
	if s.MinSegment > 0 {
		return s.MinSegment
	}
	return DefaultMinSegment
}

// Open reports whether a participant may answer question qid now (before
// the lock and deadline checks): the current question, or in a self-paced
// session any of its questions.
func (s *Session) Open(qid string) bool {
	if qid == "" {
		return false
	}
	if s.Pace == PaceAudience {
		return s.Question(qid) != nil
	}
	return s.State.QuestionID == qid
}

// Question returns the question with id, or nil.
func (s *Session) Question(id string) *poll.Question {
	for i := range s.Questions {
		if s.Questions[i].ID == id {
			return &s.Questions[i]
		}
	}
	return nil
}

// State is what the room sees now.
type State struct {
	// QuestionID is the current question; empty shows none.
	QuestionID     string `json:"questionId"`
	ResultsVisible bool   `json:"resultsVisible"`
	Locked         bool   `json:"locked"`
	// OpenedAt is when the current question was made current.
	OpenedAt time.Time `json:"openedAt,omitzero"`
	// Deadline, when set, closes answers at that time (a countdown).
	Deadline time.Time `json:"deadline,omitzero"`
	// SegmentBy, when set, is a choice question of the session by whose
	// options the big screen splits the current question's results; empty
	// shows them unsplit. Removing that question clears it.
	SegmentBy string `json:"segmentBy,omitempty"`
}

// Closed reports whether answers are refused at now: locked, or past the deadline.
func (s State) Closed(now time.Time) bool {
	return s.Locked || (!s.Deadline.IsZero() && now.After(s.Deadline))
}

// StatePatch changes some fields of a State; nil fields stay as they are.
type StatePatch struct {
	QuestionID     *string
	ResultsVisible *bool
	Locked         *bool
	// OpenedAt and Deadline set those times; a zero time clears them.
	OpenedAt *time.Time
	Deadline *time.Time
	// SegmentBy sets State.SegmentBy; "" clears it.
	SegmentBy *string
}

// Apply returns s with p applied.
func (p StatePatch) Apply(s State) State {
	if p.QuestionID != nil {
		s.QuestionID = *p.QuestionID
	}
	if p.ResultsVisible != nil {
		s.ResultsVisible = *p.ResultsVisible
	}
	if p.Locked != nil {
		s.Locked = *p.Locked
	}
	if p.OpenedAt != nil {
		s.OpenedAt = *p.OpenedAt
	}
	if p.Deadline != nil {
		s.Deadline = *p.Deadline
	}
	if p.SegmentBy != nil {
		s.SegmentBy = *p.SegmentBy
	}
	return s
}

// Participant is one phone's identity in one session. The token is its
// secret; ID is what exports show.
type Participant struct {
	ID    string `json:"id"`
	Token string `json:"token"`
	Name  string `json:"name,omitempty"`
}

// Group is one group of a split of the room: its name and its members'
// participant ids.
type Group struct {
	Name    string   `json:"name"`
	Members []string `json:"members"`
}

// Answer is one participant's stored answer to one question.
type Answer struct {
	QuestionID    string           `json:"q"`
	ParticipantID string           `json:"p"`
	Entries       []string         `json:"e"`
	Tally         map[string]int64 `json:"t"`
	At            time.Time        `json:"at"`
}

// noQuestion is st with no current question: none open, no countdown.
func noQuestion(st State) State {
	st.QuestionID, st.OpenedAt, st.Deadline = "", time.Time{}, time.Time{}
	return st
}

// moved returns a copy of qs with the question id at index (clamped to the
// list), and whether qs has that question.
func moved(qs []poll.Question, id string, index int) ([]poll.Question, bool) {
	i := slices.IndexFunc(qs, func(q poll.Question) bool { return q.ID == id })
	if i < 0 {
		return nil, false
	}
	q := qs[i]
	out := slices.Delete(slices.Clone(qs), i, i+1)
	index = min(max(index, 0), len(out))
	return slices.Insert(out, index, q), true
}
