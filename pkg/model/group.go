package model

// Group is one group of a split of the room: its name and its members'
// participant ids.
type Group struct {
	Name    string   `json:"name"`
	Members []string `json:"members"`
	// Pairs are the group's buddy pairs, when the split made them.
	Pairs []Pair `json:"pairs,omitempty"`
}

// Pair is a buddy pair within a group: its name and its members'
// participant ids (two, or three where the group is odd).
type Pair struct {
	Name    string   `json:"name"`
	Members []string `json:"members"`
}
