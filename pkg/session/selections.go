package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

// ErrNoEntry: no open answer or Q&A entry of the session has that id.
var ErrNoEntry = errors.New("session: no such answer")

// Select marks an open answer or a Q&A entry of the session selected (on)
// or not, by its results id; by and name are the member of the working
// group who selected it. It returns the selection as stored (selecting
// again keeps who selected first); unselected, only its entry and question.
func (s *Service) Select(ctx context.Context, sess *model.Session, entryID string, on bool, by, name string) (model.Selection, error) {
	id := strings.TrimSpace(entryID)
	if id == "" || len(id) > poll.MaxEntryID {
		return model.Selection{}, ErrNoEntry
	}
	qid, err := s.entryQuestion(ctx, sess, id)
	if err != nil {
		return model.Selection{}, err
	}
	sel := model.Selection{EntryID: id, QuestionID: qid, By: by, ByName: name, At: time.Now().UTC()}
	if _, err := s.store.Select(ctx, sess.ID, sel, on); err != nil {
		return model.Selection{}, fmt.Errorf("session: select: %w", err)
	}
	if !on {
		return model.Selection{EntryID: id, QuestionID: qid}, nil
	}
	sels, err := s.Selections(ctx, sess)
	if err != nil {
		return model.Selection{}, err
	}
	for _, st := range sels {
		if st.EntryID == id {
			return st, nil
		}
	}
	return sel, nil
}

// entryQuestion returns the open or Q&A question whose results hold entry
// id, or ErrNoEntry.
func (s *Service) entryQuestion(ctx context.Context, sess *model.Session, id string) (string, error) {
	for i := range sess.Questions {
		q := &sess.Questions[i]
		if q.Type != "open" && q.Type != "qa" {
			continue
		}
		t, err := s.store.Tally(ctx, sess.ID, q.ID)
		if err != nil {
			return "", fmt.Errorf("session: select: %w", err)
		}
		if poll.HasEntry(q, t, id) {
			return q.ID, nil
		}
	}
	return "", ErrNoEntry
}

// Selections returns every selected entry of the session, oldest first.
func (s *Service) Selections(ctx context.Context, sess *model.Session) ([]model.Selection, error) {
	sels, err := s.store.Selections(ctx, sess.ID)
	if err != nil {
		return nil, fmt.Errorf("session: selections: %w", err)
	}
	return sels, nil
}

// facilitatorView is the facilitator's view of results: every entry,
// marked selected or not; only the selected ones when only is set.
func (s *Service) facilitatorView(ctx context.Context, sess *model.Session, only bool) (poll.View, error) {
	sels, err := s.Selections(ctx, sess)
	if err != nil {
		return poll.View{}, err
	}
	v := poll.View{Facilitator: true, Selected: make(map[string]string, len(sels)), SelectedOnly: only}
	for _, sel := range sels {
		v.Selected[sel.EntryID] = cmp.Or(sel.ByName, sel.By)
	}
	return v, nil
}
