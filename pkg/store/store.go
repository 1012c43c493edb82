// Package store defines where Ting keeps sessions, questions, state,
// participants, answers, presence and groups, one small interface to each
// concern (SessionStore, QuestionStore, StateStore, ParticipantStore,
// AnswerStore, PresenceStore, GroupStore, and Health), gathered in an
// Engine; and how nodes tell each other that a session changed (Broker).
// The engines live beside them, each concern in a file named for it:
// memory (embedded, the default), bolt (embedded, on disk) and redis (many
// nodes).
package store

import (
	"slices"
	"time"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

// noQuestion is st with no current question: none open, no countdown.
func noQuestion(st model.State) model.State {
	st.QuestionID, st.OpenedAt, st.Deadline = "", time.Time{}, time.Time{}
	return st
}

// moved returns a copy of qs with the question id at index (clamped to the
// list), and whether qs has that question.
func moved(qs []poll.Question, id string, index int) ([]poll.Question, bool) {
	i := slices.IndexFunc(qs, func(q poll.Question) bool { return q.ID == id })
	if i < 0 {
		return nil, false
	}
	q := qs[i]
	out := slices.Delete(slices.Clone(qs), i, i+1)
	index = min(max(index, 0), len(out))
	return slices.Insert(out, index, q), true
}
