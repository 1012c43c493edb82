// Package protocol holds the WebSocket messages that phones and the big
// screen exchange with Ting: one place for every frame's shape.
package protocol

import (
	"encoding/json"
	"time"
)

// Message types a client sends.
const (
	TypeJoin    = "join"    // a phone joins a session by code
	TypePresent = "present" // the big screen attaches to a session
	TypeAnswer  = "answer"  // a phone answers the current question
	TypePing    = "ping"    // an application-level keep-alive; answered with pong
)

// Message types the server sends.
const (
	TypeWelcome      = "welcome"
	TypeQuestion     = "question"
	TypeResults      = "results"
	TypeAck          = "ack"
	TypeError        = "error"
	TypeParticipants = "participants"
	TypePong         = "pong"
	TypeGroup        = "group"     // the phone's group after the room was split
	TypeGroups       = "groups"    // every group, for the big screen
	TypeQuestions    = "questions" // every question of a self-paced session
	TypeDeleted      = "deleted"   // the session was deleted; the socket closes next
)

// CloseDeleted is the WebSocket close code after a session was deleted: a
// client must not reconnect to it.
const CloseDeleted = 4004

// Inbound is any frame a client sends. Fields a type does not use stay empty.
type Inbound struct {
	Type       string          `json:"type"`
	Code       string          `json:"code,omitempty"`
	Key        string          `json:"key,omitempty"` // a join's link key, from the session's join link
	Token      string          `json:"token,omitempty"`
	Name       string          `json:"name,omitempty"`
	SessionID  string          `json:"sessionId,omitempty"`
	Ref        string          `json:"ref,omitempty"`
	QuestionID string          `json:"questionId,omitempty"`
	Value      json.RawMessage `json:"value,omitempty"`
}

// Decode parses one inbound frame. A frame that is not a JSON object with a
// string "type" is an ErrBadFrame.
func Decode(data []byte) (Inbound, error) {
	var in Inbound
	if err := json.Unmarshal(data, &in); err != nil {
		return Inbound{}, ErrBadFrame
	}
	if in.Type == "" {
		return Inbound{}, ErrBadFrame
	}
	return in, nil
}

// SessionInfo is what a phone learns about the session it joined.
type SessionInfo struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Language string `json:"language"`
	// Programme is the id of the session's programme, when it has one: a
	// phone keeps its token to join the programme's other sessions with.
	Programme string `json:"programme,omitempty"`
}

// Welcome answers a join.
type Welcome struct {
	Type    string      `json:"type"`
	Token   string      `json:"token"`
	Session SessionInfo `json:"session"`
}

// Question carries the current question (nil: none) and the live state a
// client needs to draw it.
type Question struct {
	Type           string `json:"type"`
	Question       any    `json:"question"`
	Locked         bool   `json:"locked"`
	ResultsVisible bool   `json:"resultsVisible"`
	// RemainingMs, when a countdown runs, is how long answers stay open;
	// clients count down from it (their clocks need not agree with the server's).
	RemainingMs int64 `json:"remainingMs,omitempty"`
	// ClosesAt, when the session has one, is when it stops taking answers.
	ClosesAt *time.Time `json:"closesAt,omitempty"`
}

// GroupInfo is one group: its name and how many phones it has.
type GroupInfo struct {
	Name    string `json:"name"`
	Members int    `json:"members"`
	// Pair is the phone's buddy pair within its group, when the split made
	// pairs (only in a phone's own group frame).
	Pair *PairInfo `json:"pair,omitempty"`
	// Pairs is how many buddy pairs the group has, when the split made
	// pairs (only in the big screen's groups frame).
	Pairs int `json:"pairs,omitempty"`
}

// PairInfo is a buddy pair within a group: its name and size (2, or 3
// where a group has an odd number of members).
type PairInfo struct {
	Name    string `json:"name"`
	Members int    `json:"members"`
}

// Group tells a phone which group it is in; Group is nil when the room
// is no longer split.
type Group struct {
	Type  string     `json:"type"`
	Group *GroupInfo `json:"group"`
}

// Groups lists every group of a split for the big screen.
type Groups struct {
	Type   string      `json:"type"`
	Groups []GroupInfo `json:"groups"`
}

// Questions carries every question of a self-paced session, in order, and
// whether answers are closed.
type Questions struct {
	Type      string `json:"type"`
	Questions []any  `json:"questions"`
	Locked    bool   `json:"locked"`
	// ClosesAt, when the session has one, is when it stops taking answers.
	ClosesAt *time.Time `json:"closesAt,omitempty"`
}

// Deleted tells a client that its session no longer exists.
type Deleted struct {
	Type string `json:"type"`
}

// Ack confirms that an answer is stored.
type Ack struct {
	Type string `json:"type"`
	Ref  string `json:"ref"`
}

// Participants tells the big screen and the facilitator how many phones
// have joined, and how many new participants joined in the last minute.
type Participants struct {
	Type           string `json:"type"`
	Count          int64  `json:"count"`
	JoinsPerMinute int64  `json:"joinsPerMinute"`
}

// Error reports a failed request. Ref echoes the request's ref, if any.
type Error struct {
	Type    string `json:"type"`
	Ref     string `json:"ref,omitempty"`
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

// Encode marshals a server frame. Server frames are built from known types,
// so a failure is a programming error and panics.
func Encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("protocol: encode: " + err.Error())
	}
	return b
}
