package model

import "time"

// Selection marks one entry of a session (an open answer or a Q&A entry,
// by its results id) as selected by the working group.
type Selection struct {
	EntryID    string `json:"id"`
	QuestionID string `json:"q"`
	// By is who selected it: the facilitator's id, or "owner" for the
	// holder of the session's token; ByName the facilitator's name then.
	By     string    `json:"by,omitempty"`
	ByName string    `json:"byName,omitempty"`
	At     time.Time `json:"at"`
}
