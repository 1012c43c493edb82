package store

import (
	"slices"
	"strconv"
	"sync"

	"github.com/ting-live/ting/pkg/poll"
)

// questionCacheSize bounds the sessions whose questions a node keeps
// decoded.
const questionCacheSize = 256

// questionCache keeps the decoded questions of recently read sessions, each
// with the version it was read at.
type questionCache struct {
	mu sync.Mutex
	m  map[string]cachedQuestions
}

type cachedQuestions struct {
	ver string
	qs  []poll.Question
}

// get returns a copy of a session's questions if they are of version ver.
func (c *questionCache) get(id, ver string) ([]poll.Question, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || e.ver != ver {
		return nil, false
	}
	return slices.Clone(e.qs), true
}

// put keeps qs as a session's questions of version ver.
func (c *questionCache) put(id, ver string, qs []poll.Question) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]cachedQuestions{}
	}
	if _, ok := c.m[id]; !ok && len(c.m) >= questionCacheSize {
		for k := range c.m { // any one: a session read again is read in full once
			delete(c.m, k)
			break
		}
	}
	c.m[id] = cachedQuestions{ver: ver, qs: qs}
}

// change applies fn to a copy of a session's questions kept at the version
// before ver, and keeps the result at ver: this node's own change, known
// without reading the questions again. Kept at another version (a change
// of another node came between), they are left to be read again.
func (c *questionCache) change(id string, ver int64, fn func([]poll.Question) []poll.Question) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok {
		return
	}
	prev := ""
	if ver > 1 {
		prev = strconv.FormatInt(ver-1, 10)
	}
	if e.ver != prev {
		delete(c.m, id)
		return
	}
	c.m[id] = cachedQuestions{ver: strconv.FormatInt(ver, 10), qs: fn(slices.Clone(e.qs))}
}

// drop forgets a session.
func (c *questionCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, id)
}
