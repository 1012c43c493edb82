package model

import "time"

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
	// JoinsClosed refuses new participants; those already in rejoin.
	JoinsClosed bool `json:"joinsClosed,omitempty"`
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
	// JoinsClosed sets State.JoinsClosed.
	JoinsClosed *bool
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
	if p.JoinsClosed != nil {
		s.JoinsClosed = *p.JoinsClosed
	}
	return s
}
