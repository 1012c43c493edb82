package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ting-live/ting/pkg/store"
)

// DeleteSession removes a session and every answer to it at once. Phones
// and big screens connected to it, on every node, are told and closed.
func (s *Service) DeleteSession(ctx context.Context, id string) error {
	if err := s.store.DeleteSession(ctx, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return err
		}
		return fmt.Errorf("session: delete: %w", err)
	}
	if err := s.joins.forget(ctx, id); err != nil {
		s.log.Warn("session: delete: forget join counts", "session", id, "err", err)
	}
	s.metrics.deleted.Inc()
	s.notify(ctx, id, store.NoticeDeleted, 0)
	return nil
}

// ExpiredBy names the retention sweep in the organisation's log of
// deleted sessions, where a facilitator's id names a facilitator.
const ExpiredBy = "retention"

// Sweep deletes every session that expired at or before now, records each
// in the organisation's log of deleted sessions (action "expired", by
// ExpiredBy), and returns how many it deleted.
func (s *Service) Sweep(ctx context.Context, now time.Time) (int, error) {
	ids, err := s.store.Expired(ctx, now)
	if err != nil {
		return 0, fmt.Errorf("session: sweep: %w", err)
	}
	n := 0
	for _, id := range ids {
		switch err := s.DeleteSession(ctx, id); {
		case err == nil:
			n++
			e := store.AuditEvent{At: now.UTC(), Action: "expired", By: ExpiredBy, SessionID: id}
			if err := s.store.AppendDeletion(ctx, e); err != nil {
				return n, fmt.Errorf("session: sweep: log the deletion: %w", err)
			}
		case errors.Is(err, store.ErrNotFound): // another node was first
		default:
			return n, err
		}
	}
	return n, nil
}

// sweeper runs Sweep on a timer until stopped.
type sweeper struct {
	stopOnce sync.Once
	done     chan struct{}
	wg       sync.WaitGroup
}

func (s *Service) startSweeper(every time.Duration) *sweeper {
	sw := &sweeper{done: make(chan struct{})}
	sw.wg.Add(1)
	go func() {
		defer sw.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			s.sweepOnce()
			select {
			case <-sw.done:
				return
			case <-t.C:
			}
		}
	}()
	return sw
}

func (s *Service) sweepOnce() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := s.Sweep(ctx, time.Now())
	if err != nil {
		s.log.Warn("session: sweep expired sessions", "err", err)
	}
	if n > 0 {
		s.log.Info("session: expired sessions deleted", "count", n)
	}
}

func (sw *sweeper) stop() {
	sw.stopOnce.Do(func() { close(sw.done) })
	sw.wg.Wait()
}
