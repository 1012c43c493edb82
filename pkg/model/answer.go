package model

import "time"

// Answer is one participant's stored answer to one question.
type Answer struct {
	QuestionID    string           `json:"q"`
	ParticipantID string           `json:"p"`
	Entries       []string         `json:"e"`
	Tally         map[string]int64 `json:"t"`
	At            time.Time        `json:"at"`
}
