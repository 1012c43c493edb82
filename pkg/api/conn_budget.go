package api

import (
	"sync"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/pkg/session"
)

// DefaultConnsPerAddress is how many WebSockets one address may hold open:
// a theatre of 400 phones behind one NAT address, each with a page open
// twice, and room to spare.
const DefaultConnsPerAddress = 2000

// connBudget counts open WebSockets, per address and in all.
type connBudget struct {
	perAddress, total int

	mu     sync.Mutex
	open   int
	byAddr map[string]int
}

func newConnBudget(perAddress, total int) *connBudget {
	if perAddress <= 0 {
		perAddress = DefaultConnsPerAddress
	}
	return &connBudget{perAddress: perAddress, total: total, byAddr: map[string]int{}}
}

// acquire takes one connection for addr (counted under its
// session.AddressKey: an IPv6 address by its /64). It reports "" when it
// may open, else which limit it meets: "address" or "total".
func (b *connBudget) acquire(addr string) string {
	addr = session.AddressKey(addr)
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.total > 0 && b.open >= b.total:
		return "total"
	case b.byAddr[addr] >= b.perAddress:
		return "address"
	}
	b.open++
	b.byAddr[addr]++
	return ""
}

// release gives back a connection of addr.
func (b *connBudget) release(addr string) {
	addr = session.AddressKey(addr)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.open--
	if b.byAddr[addr]--; b.byAddr[addr] <= 0 {
		delete(b.byAddr, addr)
	}
}

// budgeted is a connection's handler that gives its place in the budget
// back when the connection ends.
type budgeted struct {
	hub.Handler
	release func()
}

// HandleClose implements hub.Handler.
func (h budgeted) HandleClose(c *hub.Conn) {
	h.Handler.HandleClose(c)
	h.release()
}

// HandleOther implements hub.FrameLimiter when the handler does.
func (h budgeted) HandleOther(c *hub.Conn, ping bool) bool {
	if fl, ok := h.Handler.(hub.FrameLimiter); ok {
		return fl.HandleOther(c, ping)
	}
	return true
}
