package session

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate limit defaults: a burst of 20 messages, then 5 a second, per participant.
const (
	DefaultRateBurst     = 20
	DefaultRatePerSecond = 5
	limiterIdle          = 10 * time.Minute
)

// limiter keeps one token bucket per participant on this node. It keys on
// the participant, never on the address: a whole theatre shares one.
type limiter struct {
	burst int
	every rate.Limit

	mu      sync.Mutex
	buckets map[string]*bucket
	done    chan struct{}
	once    sync.Once
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(burst int, perSecond float64) *limiter {
	if burst <= 0 {
		burst = DefaultRateBurst
	}
	if perSecond <= 0 {
		perSecond = DefaultRatePerSecond
	}
	l := &limiter{burst: burst, every: rate.Limit(perSecond), buckets: map[string]*bucket{}, done: make(chan struct{})}
	go l.sweep()
	return l
}

// allow reports whether key may send one more message now.
func (l *limiter) allow(key string) bool {
	now := time.Now()
	l.mu.Lock()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(l.every, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	l.mu.Unlock()
	return b.lim.AllowN(now, 1)
}

func (l *limiter) sweep() {
	t := time.NewTicker(limiterIdle)
	defer t.Stop()
	for {
		select {
		case <-l.done:
			return
		case now := <-t.C:
			l.mu.Lock()
			for k, b := range l.buckets {
				if now.Sub(b.seen) > limiterIdle {
					delete(l.buckets, k)
				}
			}
			l.mu.Unlock()
		}
	}
}

func (l *limiter) stop() { l.once.Do(func() { close(l.done) }) }
