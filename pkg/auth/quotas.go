package auth

import (
	"context"
	"time"

	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// Defaults of CreateLimits. A facilitator who runs a workshop a day for a
// year owns a few hundred sessions; one who sets up a programme creates a
// handful a minute. A script that creates in a loop meets them at once.
const (
	DefaultSessionsPerFacilitator = 500
	DefaultSessionsPerMinute      = 30
	// createWindow is the length of the windows the rate counts in.
	createWindow = time.Minute
)

// CreateLimits bound what one facilitator creates: a new session and a
// copyOf alike. The owner key (TING_ADMIN_KEY) is exempt: it provisions.
// Zero values take the defaults above.
type CreateLimits struct {
	// SessionsPerFacilitator bounds the sessions a facilitator owns at
	// once; deleting one (or the retention sweep) makes room again.
	SessionsPerFacilitator int
	// SessionsPerMinute bounds the sessions a facilitator creates in a
	// sliding minute, over every node (the counters are the engine's).
	SessionsPerMinute int
}

func (l CreateLimits) withDefaults() CreateLimits {
	if l.SessionsPerFacilitator <= 0 {
		l.SessionsPerFacilitator = DefaultSessionsPerFacilitator
	}
	if l.SessionsPerMinute <= 0 {
		l.SessionsPerMinute = DefaultSessionsPerMinute
	}
	return l
}

// MayCreate reports whether c may create one more session now, and counts
// the creation against c's rate when it may. Past a quota it returns a
// poll.LimitError (limit_reached: 422 for the sessions c owns, 429 for the
// rate). The size is checked first, so a refused request spends no rate.
// Two requests at the same instant may both pass the size check: the
// rate bounds by how much.
func (s *Service) MayCreate(ctx context.Context, c Caller) error {
	if c.Admin {
		return nil
	}
	ms, err := s.st.MemberSessions(ctx, c.ID())
	if err != nil {
		return err
	}
	owned := 0
	for _, m := range ms {
		if m.Role == store.RoleOwner {
			owned++
		}
	}
	if owned >= s.create.SessionsPerFacilitator {
		return poll.OverLimit(poll.QuotaSessions, s.create.SessionsPerFacilitator,
			"you own %d sessions, as many as a facilitator may; delete one you no longer need", owned)
	}
	now := s.now()
	cur, prev, err := s.counters.Add(ctx, "create:f:"+c.ID(), 1, createWindow, now)
	if err != nil {
		return err
	}
	frac := float64(now.UnixMilli()%createWindow.Milliseconds()) / float64(createWindow.Milliseconds())
	if float64(cur)+float64(prev)*(1-frac) > float64(s.create.SessionsPerMinute) {
		return poll.OverRate(poll.QuotaSessionsPerMinute, s.create.SessionsPerMinute,
			"too many new sessions in the last minute; try again in a minute")
	}
	return nil
}
