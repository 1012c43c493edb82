package model

import "time"

// Programme is a series of sessions run as one: the same questions asked
// in every session, their results combined by origin.
type Programme struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// OwnerID is the facilitator who created it ("" for one made with the
	// owner key).
	OwnerID   string    `json:"ownerId,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	// TokenHash is the SHA-256 of the programme's facilitator token, which
	// opens its routes as a session's token opens the session's.
	TokenHash []byte `json:"tokenHash,omitempty"`
	// Sessions are the ids of its sessions, in the order they were added
	// (oldest first).
	Sessions []string `json:"sessions"`
}
