package model

import (
	"time"

	"github.com/ting-live/ting/pkg/poll"
)

// QuestionSet is a set of questions saved in a facilitator's library
// under a name, to start sessions and programmes from: each question as
// created (no ids, origins or moderation).
type QuestionSet struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	OwnerID   string          `json:"ownerId"`
	CreatedAt time.Time       `json:"createdAt"`
	Questions []poll.Question `json:"questions"`
}
