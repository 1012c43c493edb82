package session

import (
	"reflect"
	"time"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

// sharedQuestions is a self-paced session's questions frame, encoded once
// for every phone that joins while the questions stay as they were: a
// session of many questions is megabytes, and a phone that does not read
// holds the frame in its queue.
type sharedQuestions struct {
	questions []poll.Question // as the frame shows them (before Public)
	locked    bool
	closesAt  time.Time
	frame     *hub.Prepared
}

// questionsFrame returns the live session's questions frame of sess as of
// now, from the one it encoded last when the questions and the lock are
// the same.
func (ls *liveSession) questionsFrame(sess *model.Session, now time.Time) *hub.Prepared {
	locked := sess.Closed(now)
	ls.qmu.Lock()
	defer ls.qmu.Unlock()
	if c := ls.shared; c != nil && c.locked == locked && c.closesAt.Equal(sess.ClosesAt) && reflect.DeepEqual(c.questions, sess.Questions) {
		return c.frame
	}
	ls.shared = &sharedQuestions{questions: sess.Questions, locked: locked, closesAt: sess.ClosesAt, frame: hub.Prepare(questionsFrame(sess, now))}
	return ls.shared.frame
}
