package session

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// liveTimeout bounds the store reads behind one push.
const liveTimeout = 5 * time.Second

// liveSession is a session with at least one connection on this node: its
// Broker subscription and what was last pushed to its room.
type liveSession struct {
	id    string
	refs  int // guarded by Service.mu
	ready chan struct{}
	unsub func()
	err   error

	pushMu       sync.Mutex // one push at a time
	stateSeq     uint64
	lastQuestion []byte
	lastResults  []byte
	countdown    *time.Timer // pushes the state again when a deadline passes
	lastCount    int64
	lastJoinRate int64

	qmu       sync.Mutex
	questions map[string]poll.Question
	shared    *sharedQuestions // questions_frame.go

	// what this node knows of the session's word clouds (cloud_cap.go)
	cloudMu sync.Mutex
	clouds  map[string]*cloudCache

	// phones on this node: connection -> participant id
	pmu    sync.Mutex
	phones map[*hub.Conn]string
}

// addPhone and dropPhone keep the set of this node's phones of the session.
func (ls *liveSession) addPhone(c *hub.Conn, participantID string) {
	ls.pmu.Lock()
	defer ls.pmu.Unlock()
	if ls.phones == nil {
		ls.phones = map[*hub.Conn]string{}
	}
	ls.phones[c] = participantID
}

func (ls *liveSession) dropPhone(c *hub.Conn) {
	ls.pmu.Lock()
	defer ls.pmu.Unlock()
	delete(ls.phones, c)
}

// phoneList returns this node's phones of the session.
func (ls *liveSession) phoneList() map[*hub.Conn]string {
	ls.pmu.Lock()
	defer ls.pmu.Unlock()
	out := make(map[*hub.Conn]string, len(ls.phones))
	for c, p := range ls.phones {
		out[c] = p
	}
	return out
}

// acquire subscribes this node to a session's notices on first use.
func (s *Service) acquire(ctx context.Context, id string) (*liveSession, error) {
	s.mu.Lock()
	ls := s.live[id]
	if ls != nil {
		ls.refs++
		s.mu.Unlock()
		<-ls.ready
		if ls.err != nil {
			s.release(ls)
			return nil, ls.err
		}
		return ls, nil
	}
	ls = &liveSession{id: id, refs: 1, ready: make(chan struct{})}
	s.live[id] = ls
	s.mu.Unlock()

	ls.unsub, ls.err = s.broker.Subscribe(ctx, id, s.onNotice)
	close(ls.ready)
	if ls.err != nil {
		s.release(ls)
		return nil, ls.err
	}
	// A node that takes up a session arranges its pushes at the countdown
	// and at closesAt, which may have been set long before.
	go s.push(id, "schedule", func(_ context.Context, ls *liveSession, sess *model.Session) {
		s.scheduleCountdown(ls, sess, time.Now())
	})
	return ls, nil
}

// release drops one reference and unsubscribes with the last.
func (s *Service) release(ls *liveSession) {
	s.mu.Lock()
	ls.refs--
	last := ls.refs == 0
	if last && s.live[ls.id] == ls {
		delete(s.live, ls.id)
	}
	s.mu.Unlock()
	if last {
		ls.pushMu.Lock()
		if ls.countdown != nil {
			ls.countdown.Stop()
		}
		ls.pushMu.Unlock()
	}
	if last && ls.unsub != nil {
		ls.unsub()
	}
}

func (s *Service) lookup(id string) *liveSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live[id]
}

// onNotice runs on the Broker's goroutine and must not block.
func (s *Service) onNotice(n store.Notice) {
	switch n.Kind {
	case store.NoticeState:
		go s.pushState(n.SessionID, n.Seq)
	case store.NoticeGroups:
		go s.pushGroups(n.SessionID)
	case store.NoticeDeleted:
		go s.closeDeleted(n.SessionID)
	default:
		s.hub.Invalidate(n.SessionID)
	}
}

// pushState sends the current question to every connection of the session
// at once, then its results.
func (s *Service) pushState(id string, seq uint64) {
	s.push(id, "push state", func(ctx context.Context, ls *liveSession, sess *model.Session) {
		if seq != 0 && seq <= ls.stateSeq {
			return // a newer state went out already
		}
		ls.stateSeq = sess.Seq
		ls.cacheQuestions(sess)
		now := time.Now()
		s.scheduleCountdown(ls, sess, now)
		// A change that leaves the question frame as it was (a question added
		// for later) is not sent: phones would redraw and lose what is typed.
		q := questionFrame(sess, now)
		var all []byte // a self-paced session's phones get every question
		if sess.Pace == model.PaceAudience {
			all = ls.questionsFrame(sess, now).Data()
		}
		if key := append(slices.Clip(q), all...); !bytes.Equal(key, ls.lastQuestion) {
			ls.lastQuestion = key
			s.hub.Broadcast(id, hub.Everyone, q)
			if all != nil {
				s.hub.Broadcast(id, hub.Phones, all)
			}
			ls.lastResults = nil
		}
		s.pushResults(ctx, ls, sess)
	})
}

// scheduleCountdown arranges a push of the state when its deadline or the
// session's closesAt passes (the earlier still ahead), so every phone
// shows the question closed at zero. ls.pushMu is held.
func (s *Service) scheduleCountdown(ls *liveSession, sess *model.Session, now time.Time) {
	if ls.countdown != nil {
		ls.countdown.Stop()
		ls.countdown = nil
	}
	var next time.Time
	for _, t := range []time.Time{sess.State.Deadline, sess.ClosesAt} {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if next.IsZero() {
		return
	}
	ls.countdown = time.AfterFunc(next.Sub(now)+countdownSlack, func() { s.pushState(ls.id, 0) })
}

// countdownSlack lets the store's own clock pass the deadline before the push.
const countdownSlack = 50 * time.Millisecond

// refresh is the hub's coalesced refresh: results and participant count,
// sent only when they changed.
func (s *Service) refresh(id string) {
	s.push(id, "refresh", s.pushResults)
}

// push reads a live session from the store and runs fn with it, one push
// of a session at a time.
func (s *Service) push(id, op string, fn func(context.Context, *liveSession, *model.Session)) {
	ls := s.lookup(id)
	if ls == nil {
		return
	}
	ls.pushMu.Lock()
	defer ls.pushMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), liveTimeout)
	defer cancel()
	sess, err := s.store.Session(ctx, id)
	if err != nil {
		s.log.Warn("session: "+op, "session", id, "err", err)
		return
	}
	fn(ctx, ls, sess)
}

// pushResults sends what changed since the last push; ls.pushMu is held.
func (s *Service) pushResults(ctx context.Context, ls *liveSession, sess *model.Session) {
	// The join rate is read when the count moves, and until it is back
	// to zero, so that the live panel sees the joins stop.
	if n, err := s.store.ParticipantCount(ctx, sess.ID); err == nil && (n != ls.lastCount || ls.lastJoinRate != 0) {
		rate := s.joins.joinRate(ctx, sess.ID)
		if n != ls.lastCount || rate != ls.lastJoinRate {
			ls.lastCount, ls.lastJoinRate = n, rate
			s.hub.Broadcast(sess.ID, hub.Screens, participantsFrame(n, rate))
		}
	}
	phone, screen, err := s.screenFrames(ctx, sess)
	if err != nil {
		s.log.Warn("session: results", "session", sess.ID, "err", err)
		return
	}
	if phone == nil {
		return
	}
	// One key for both frames; without a split they are the same bytes.
	key := screen
	if !bytes.Equal(phone, screen) {
		key = append(slices.Clip(screen), phone...)
	}
	if bytes.Equal(key, ls.lastResults) {
		return
	}
	ls.lastResults = key
	if bytes.Equal(phone, screen) {
		aud := hub.Screens
		if sess.State.ResultsVisible {
			aud = hub.Everyone
		}
		s.hub.Broadcast(sess.ID, aud, screen)
		return
	}
	s.hub.Broadcast(sess.ID, hub.Screens, screen)
	if sess.State.ResultsVisible {
		s.hub.Broadcast(sess.ID, hub.Phones, phone)
	}
}

func (ls *liveSession) cacheQuestions(sess *model.Session) {
	ls.qmu.Lock()
	defer ls.qmu.Unlock()
	ls.questions = make(map[string]poll.Question, len(sess.Questions))
	for _, q := range sess.Questions {
		ls.questions[q.ID] = q
	}
}

// question returns a question of the session, from the cache when it can.
func (s *Service) question(ctx context.Context, ls *liveSession, qid string) (*poll.Question, error) {
	ls.qmu.Lock()
	q, ok := ls.questions[qid]
	ls.qmu.Unlock()
	if ok {
		return &q, nil
	}
	sess, err := s.store.Session(ctx, ls.id)
	if err != nil {
		return nil, err
	}
	ls.cacheQuestions(sess)
	return sess.Question(qid), nil
}
