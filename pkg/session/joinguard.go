package session

import (
	"context"
	"errors"
	"time"

	"github.com/ting-live/ting/pkg/store"
)

// Join limits a minute, defaults of JoinLimits. A theatre of 400 phones
// behind one address types the right code: it makes few failed lookups and
// at most 400 new participants, far below these. A script that guesses
// codes or joins as new participants in a loop meets them at once.
const (
	DefaultFailedLookupsPerAddress   = 100
	DefaultFailedLookupsPerNode      = 300
	DefaultNewParticipantsPerAddress = 600
	// joinWindow is the length of the windows the join limits count in.
	joinWindow = time.Minute
)

var (
	// ErrRateLimited: the join is over a join limit (failed code lookups,
	// new participants from one address, a participant's own rejoins).
	ErrRateLimited = errors.New("session: too many joins")
	// ErrSessionFull: the session has as many participants as it takes.
	ErrSessionFull = errors.New("session: the session is full")
	// ErrJoinsClosed: the facilitator has closed the session for new participants.
	ErrJoinsClosed = errors.New("session: closed for new participants")
)

// JoinLimits bound joins across connections, a minute each. With the Redis
// engine the counters are in Redis, so "node" means every node at once.
// Zero values take the defaults above.
type JoinLimits struct {
	// FailedPerAddress and FailedPerNode bound failed code lookups. While
	// either is spent, a join from that address (or any, for the node) by
	// code answers rate_limited unless it carries a participant token of
	// the session or the session's link key (the phone opened its join
	// link): a right code must not be told from a wrong one then.
	FailedPerAddress int
	FailedPerNode    int
	// NewPerAddress bounds new participants from one address, over all sessions.
	NewPerAddress int
}

func (l JoinLimits) withDefaults() JoinLimits {
	if l.FailedPerAddress <= 0 {
		l.FailedPerAddress = DefaultFailedLookupsPerAddress
	}
	if l.FailedPerNode <= 0 {
		l.FailedPerNode = DefaultFailedLookupsPerNode
	}
	if l.NewPerAddress <= 0 {
		l.NewPerAddress = DefaultNewParticipantsPerAddress
	}
	return l
}

// joinGuard counts joins in sliding one-minute windows kept in the
// engine's Counters. The addresses it is given are AddressKeys (an IPv6
// client's /64): the client forms its own once, when it connects.
type joinGuard struct {
	counters store.Counters
	lim      JoinLimits
}

// count adds n to key and returns its sliding count over the last window:
// the current window's count plus the previous one's share of the minute
// that has not yet passed.
func (g *joinGuard) count(ctx context.Context, key string, n int64) (float64, error) {
	now := time.Now()
	cur, prev, err := g.counters.Add(ctx, key, n, joinWindow, now)
	if err != nil {
		return 0, err
	}
	frac := float64(now.UnixMilli()%joinWindow.Milliseconds()) / float64(joinWindow.Milliseconds())
	return float64(cur) + float64(prev)*(1-frac), nil
}

// lookupsSpent reports whether addr or the node has used up its failed lookups.
func (g *joinGuard) lookupsSpent(ctx context.Context, addr string) (bool, error) {
	n, err := g.count(ctx, "fail:a:"+addr, 0)
	if err != nil || n >= float64(g.lim.FailedPerAddress) {
		return err == nil, err
	}
	n, err = g.count(ctx, "fail:node", 0)
	return err == nil && n >= float64(g.lim.FailedPerNode), err
}

// lookupFailed counts a failed lookup from addr and reports whether it is
// over a limit. Only lookups the address had budget for count for the
// node, so that one address that goes on guessing does not spend it.
func (g *joinGuard) lookupFailed(ctx context.Context, addr string, spent bool) (bool, error) {
	a, err := g.count(ctx, "fail:a:"+addr, 1)
	if err != nil || spent || a > float64(g.lim.FailedPerAddress) {
		return true, err
	}
	n, err := g.count(ctx, "fail:node", 1)
	return n > float64(g.lim.FailedPerNode), err
}

// newParticipant counts a new participant from addr in sessionID; it
// reports false (and counts nothing for the session) over NewPerAddress.
func (g *joinGuard) newParticipant(ctx context.Context, addr, sessionID string) (bool, error) {
	n, err := g.count(ctx, "new:a:"+addr, 1)
	if err != nil || n > float64(g.lim.NewPerAddress) {
		return false, err
	}
	_, err = g.count(ctx, "joins:"+sessionID, 1)
	return err == nil, err
}

// forget drops the join counts of a deleted session.
func (g *joinGuard) forget(ctx context.Context, sessionID string) error {
	return g.counters.Forget(ctx, "joins:"+sessionID, joinWindow, time.Now())
}

// joinRate returns the session's new participants in the last minute.
func (g *joinGuard) joinRate(ctx context.Context, sessionID string) int64 {
	n, err := g.count(ctx, "joins:"+sessionID, 0)
	if err != nil {
		return 0
	}
	return int64(n + 0.5)
}
