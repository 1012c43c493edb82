package model

import (
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
	// MaxParticipants caps the participants the session takes; 0 means
	// DefaultMaxParticipants.
	MaxParticipants int `json:"maxParticipants,omitempty"`
	// ClosesAt, when set, closes every answer from then on, as if the
	// session were locked; zero keeps it open.
	ClosesAt time.Time `json:"closesAt,omitzero"`
	// Programme is the id of the programme the session was made in ("":
	// none). A phone of another session of it joins as the same participant.
	Programme string `json:"programme,omitempty"`
	// LinkKey rides in the session's join link and QR code (not in the
	// code people type): a join that carries it gets past spent budgets
	// of failed code lookups (pkg/session). "" for a session stored
	// before it had one: no join gets past them by key.
	LinkKey string `json:"-"`
}

// Closed reports whether answers are refused at now: the state is locked
// or past its countdown, or the session is past ClosesAt.
func (s *Session) Closed(now time.Time) bool {
	return s.State.Closed(now) || s.PastClose(now)
}

// PastClose reports whether now is at or after the session's ClosesAt.
func (s *Session) PastClose(now time.Time) bool {
	return !s.ClosesAt.IsZero() && !now.Before(s.ClosesAt)
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

// DefaultMaxParticipants is the participant cap of a session that sets
// none: the largest room Ting is sized for.
const DefaultMaxParticipants = 2000

// Cap returns the session's MaxParticipants, or DefaultMaxParticipants.
func (s *Session) Cap() int {
	if s.MaxParticipants > 0 {
		return s.MaxParticipants
	}
	return DefaultMaxParticipants
}
