package model

// Participant is one phone's identity in one session. The token is its
// secret; ID is what exports show.
type Participant struct {
	ID    string `json:"id"`
	Token string `json:"token"`
	Name  string `json:"name,omitempty"`
}
