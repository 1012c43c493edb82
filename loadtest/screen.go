package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// presentTimeout bounds the wait for the screen's first frame after present.
const presentTimeout = 10 * time.Second

// screenObs is one results frame of the measured question on the big screen.
type screenObs struct {
	at        time.Time
	responses int64
}

// screen plays the big screen: it presents the session and records every
// results frame of the measured question with the time it arrived.
type screen struct {
	r       *runner
	conn    *websocket.Conn
	done    chan struct{}
	first   chan struct{} // closed at the first question frame
	errc    chan string   // an error frame answering present
	closing atomic.Bool

	mu           sync.Mutex
	results      []screenObs
	questionAt   time.Time // first question frame showing the measured question
	participants int64     // last participants count
	frames       int
	dropped      string // why the server ended the connection, if it did
}

// openScreen connects the big screen to the first node and presents the session.
func openScreen(ctx context.Context, r *runner, d *websocket.Dialer) (*screen, error) {
	conn, err := dial(ctx, d, wsURL(r.cfg.nodes[0]))
	if err != nil {
		return nil, fmt.Errorf("screen: %w", err)
	}
	s := &screen{r: r, conn: conn, done: make(chan struct{}), first: make(chan struct{}), errc: make(chan string, 1)}
	go s.read()
	_ = conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	err = conn.WriteJSON(map[string]string{"type": "present", "sessionId": r.sess.ID, "token": r.sess.FacilitatorToken})
	if err != nil {
		s.close()
		return nil, fmt.Errorf("screen: present: %w", err)
	}
	timer := time.NewTimer(presentTimeout)
	defer timer.Stop()
	select {
	case <-s.first:
		return s, nil
	case code := <-s.errc:
		err = fmt.Errorf("screen: present refused: %s", code)
	case <-s.done:
		err = fmt.Errorf("screen: the connection ended before the first question frame")
	case <-timer.C:
		err = fmt.Errorf("screen: no question frame within %s of present", presentTimeout)
	case <-ctx.Done():
		err = ctx.Err()
	}
	s.close()
	return nil, err
}

// read is the screen's reader goroutine.
func (s *screen) read() {
	defer close(s.done)
	var firstOnce sync.Once
	for {
		_, data, err := s.conn.ReadMessage()
		if err != nil {
			if !s.closing.Load() && !s.r.stopping.Load() {
				s.mu.Lock()
				s.dropped = dropReason(err)
				s.mu.Unlock()
				s.r.stats.drop("screen_" + dropReason(err))
			}
			return
		}
		now := time.Now()
		s.r.stats.frames.Add(1)
		var f inFrame
		if json.Unmarshal(data, &f) != nil {
			s.r.stats.badFrame()
			continue
		}
		s.mu.Lock()
		s.frames++
		switch f.Type {
		case "question":
			firstOnce.Do(func() { close(s.first) })
			if f.Question != nil && f.Question.ID == s.r.qid && s.questionAt.IsZero() {
				s.questionAt = now
			}
		case "results":
			if f.QuestionID == s.r.qid {
				s.results = append(s.results, screenObs{at: now, responses: f.Responses})
			}
		case "participants":
			s.participants = f.Count
		case "error":
			s.r.stats.errorFrame(f.Code)
			select {
			case s.errc <- f.Code:
			default:
			}
		}
		s.mu.Unlock()
	}
}

// maxResponses is the highest responses count the screen has shown.
func (s *screen) maxResponses() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var m int64
	for _, o := range s.results {
		m = max(m, o.responses)
	}
	return m
}

// snapshot returns copies of what the screen saw.
func (s *screen) snapshot() (results []screenObs, questionAt time.Time, participants int64, frames int, dropped string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]screenObs(nil), s.results...), s.questionAt, s.participants, s.frames, s.dropped
}

func (s *screen) close() {
	s.closing.Store(true)
	_ = s.conn.Close()
}
