package session

import (
	"context"
	"sync"
	"time"
)

// Presence: every node touches its connected phones in the store (on join
// and then every presenceInterval), so that a split into groups, made on
// any node, counts the phones connected to every node. A phone counts as
// connected while it was touched within presenceWindow.
const (
	DefaultPresenceInterval = 20 * time.Second
	presenceWindows         = 3 // the window is this many intervals
)

// presence touches this node's phones on a timer until stopped.
type presence struct {
	every    time.Duration
	stopOnce sync.Once
	done     chan struct{}
	wg       sync.WaitGroup
}

func (s *Service) startPresence(every time.Duration) *presence {
	p := &presence{every: every, done: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				s.touchAll()
			}
		}
	}()
	return p
}

func (p *presence) stop() {
	p.stopOnce.Do(func() { close(p.done) })
	p.wg.Wait()
}

// window is how long after its last touch a phone still counts as connected.
func (p *presence) window() time.Duration { return presenceWindows * p.every }

// touchAll touches every phone connected to this node, session by session.
func (s *Service) touchAll() {
	s.mu.Lock()
	live := make([]*liveSession, 0, len(s.live))
	for _, ls := range s.live {
		live = append(live, ls)
	}
	s.mu.Unlock()
	now := time.Now()
	for _, ls := range live {
		phones := ls.phoneList()
		if len(phones) == 0 {
			continue
		}
		ids := make([]string, 0, len(phones))
		for _, pid := range phones {
			ids = append(ids, pid)
		}
		ctx, cancel := context.WithTimeout(context.Background(), liveTimeout)
		if err := s.store.Touch(ctx, ls.id, ids, now); err != nil {
			s.log.Debug("session: touch phones", "session", ls.id, "err", err)
		}
		cancel()
	}
}

// connected returns the participants connected to the session on any node.
func (s *Service) connected(ctx context.Context, sessionID string) ([]string, error) {
	return s.store.Active(ctx, sessionID, time.Now().Add(-s.presence.window()))
}
