package session

import (
	"context"
	"sync"
	"time"

	"github.com/ting-live/ting/pkg/poll"
)

// cloudRefresh is how old this node's picture of a word cloud may grow
// before it is read from the store again; meanwhile the words this node
// accepts are added to it. Other nodes' words reach it within this time,
// so a cloud on many nodes stays within poll.MaxCloudWords plus what the
// room adds in that time.
const cloudRefresh = time.Second

// cloudCache is what a word cloud of a live session holds, as this node
// knows it.
type cloudCache struct {
	mu   sync.Mutex
	set  *poll.CloudTally
	read time.Time
}

// Has, Words and Spellings implement poll.CloudSet.
func (c *cloudCache) Has(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.set.Has(key)
}

func (c *cloudCache) Words() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.set.Words()
}

func (c *cloudCache) Spellings() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.set.Spellings()
}

// cloud returns what word cloud qid of a live session holds, read from the
// store when this node's picture is older than cloudRefresh; nil when the
// session is not live on this node (no cap is applied then).
func (s *Service) cloud(ctx context.Context, sessionID, qid string) (*cloudCache, error) {
	ls := s.lookup(sessionID)
	if ls == nil {
		return nil, nil
	}
	ls.cloudMu.Lock()
	if ls.clouds == nil {
		ls.clouds = map[string]*cloudCache{}
	}
	c := ls.clouds[qid]
	if c == nil {
		c = &cloudCache{}
		ls.clouds[qid] = c
	}
	ls.cloudMu.Unlock()

	c.mu.Lock()
	fresh := c.set != nil && time.Since(c.read) < cloudRefresh
	c.mu.Unlock()
	if fresh {
		return c, nil
	}
	t, err := s.store.Tally(ctx, sessionID, qid)
	if err != nil {
		return nil, err
	}
	set := poll.NewCloudTally(t.Counts)
	c.mu.Lock()
	c.set, c.read = set, time.Now()
	c.mu.Unlock()
	return c, nil
}

// answered adds an accepted answer's words to this node's picture.
func (c *cloudCache) answered(tally map[string]int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set.Add(tally)
}
