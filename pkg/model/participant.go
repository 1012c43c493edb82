package model

// Participant is one phone's identity in one session. ID is what exports
// show. Token is the phone's secret: set on a participant handed to the
// store and on the one the phone is welcomed as; the stores keep only its
// SHA-256 and never hand the token back.
type Participant struct {
	ID    string `json:"id"`
	Token string `json:"token,omitempty"`
	Name  string `json:"name,omitempty"`
}
