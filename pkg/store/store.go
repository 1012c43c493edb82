// Package store defines where Ting keeps sessions, questions, state and
// answers (Store) and how nodes tell each other that a session changed
// (Broker). The engines live beside it: memory (embedded, the default) and
// redis (many nodes).
package store

import (
	"context"
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

// Store keeps sessions and answers. Every method is safe for concurrent use;
// a method that changes a session raises its Seq and returns the new value.
type Store interface {
	// CreateSession stores a new session and gives it a unique Code.
	CreateSession(ctx context.Context, s *Session) error
	// Session returns a session with its questions and state, or ErrNotFound.
	Session(ctx context.Context, id string) (*Session, error)
	// SessionIDByCode resolves a join code, or returns ErrNotFound.
	SessionIDByCode(ctx context.Context, code string) (string, error)
	// AddQuestion appends a question to a session, or returns
	// ErrQuestionLimit when it holds poll.MaxQuestions already.
	AddQuestion(ctx context.Context, sessionID string, q poll.Question) (uint64, error)
	// UpdateQuestion replaces the question with q's ID (its text, options or
	// moderation), or returns ErrNoQuestion.
	UpdateQuestion(ctx context.Context, sessionID string, q poll.Question) (uint64, error)
	// ResetQuestion removes every answer to a question, or returns ErrNoQuestion.
	ResetQuestion(ctx context.Context, sessionID, questionID string) (uint64, error)
	// RemoveQuestion deletes a question and every answer to it, or returns
	// ErrNoQuestion. A current question stops being current: the room sees
	// no question. A question the screen's results are split by stops
	// splitting them (State.SegmentBy is cleared).
	RemoveQuestion(ctx context.Context, sessionID, questionID string) (uint64, error)
	// MoveQuestion puts a question at index of the session's questions (0
	// first; past the end, last), or returns ErrNoQuestion.
	MoveQuestion(ctx context.Context, sessionID, questionID string, index int) (uint64, error)
	// UpdateState applies a patch. A QuestionID or SegmentBy that is not
	// one of the session's questions is ErrNoQuestion.
	UpdateState(ctx context.Context, sessionID string, p StatePatch) (State, uint64, error)
	// AddParticipant stores a participant and returns how many the session has.
	AddParticipant(ctx context.Context, sessionID string, p Participant) (int64, error)
	// Participant finds a participant by token, or returns ErrNotFound.
	Participant(ctx context.Context, sessionID, token string) (Participant, error)
	// ParticipantCount returns how many participants have joined.
	ParticipantCount(ctx context.Context, sessionID string) (int64, error)
	// Record stores an answer, replacing the participant's earlier answer to
	// the same question in one atomic step. It refuses with ErrNotCurrent
	// unless the question is the current one (in a self-paced session: one
	// of the session's questions), and ErrLocked while locked or when a.At
	// is past the state's deadline.
	Record(ctx context.Context, sessionID string, a Answer) (uint64, error)
	// Answer returns one participant's stored answer to a question, or ErrNotFound.
	Answer(ctx context.Context, sessionID, questionID, participantID string) (Answer, error)
	// Tally returns a question's aggregate.
	Tally(ctx context.Context, sessionID, questionID string) (poll.Tally, error)
	// Answers returns every stored answer to a question, oldest first.
	Answers(ctx context.Context, sessionID, questionID string) ([]Answer, error)
	// SetMinSegment changes the session's MinSegment (0: the default).
	SetMinSegment(ctx context.Context, sessionID string, n int) (uint64, error)
	// Touch records that participants were connected at at.
	Touch(ctx context.Context, sessionID string, participantIDs []string, at time.Time) error
	// Active returns the ids of the participants touched at or after since.
	Active(ctx context.Context, sessionID string, since time.Time) ([]string, error)
	// SetGroups replaces the session's groups (none: nil).
	SetGroups(ctx context.Context, sessionID string, groups []Group) (uint64, error)
	// Groups returns the session's groups, in the order they were set.
	Groups(ctx context.Context, sessionID string) ([]Group, error)
	// DeleteSession removes a session, its join code, its participants,
	// groups and every answer at once, or returns ErrNotFound.
	DeleteSession(ctx context.Context, sessionID string) error
	// Expired returns the ids of sessions whose ExpiresAt is at or before now.
	Expired(ctx context.Context, now time.Time) ([]string, error)
	// Ping reports whether the store can serve.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
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
