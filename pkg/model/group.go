package model

// Group is one group of a split of the room: its name and its members'
// participant ids.
type Group struct {
	Name    string   `json:"name"`
	Members []string `json:"members"`
}
