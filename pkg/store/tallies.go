package store

import (
	"context"

	"github.com/ting-live/ting/pkg/poll"
)

// TallyRead names the questions of one session whose tallies a TallyReader reads.
type TallyRead struct {
	SessionID   string
	QuestionIDs []string
}

// TallyReader reads the tallies of many sessions at once: a programme's
// combined results. On Redis the reads of every session go in one
// pipeline (split by go-redis per node on a Cluster), each command on keys
// of one session, so no command spans slots.
type TallyReader interface {
	// Tallies returns, for each read, the tallies of its questions in
	// order. A session or question that is gone reads as an empty tally.
	Tallies(ctx context.Context, reads []TallyRead) ([][]poll.Tally, error)
}
