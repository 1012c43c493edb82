package hub

import (
	"runtime"
	"sync"
)

// fanoutShard is the least number of connections worth a goroutine of
// their own in a fan-out. Sending a frame to an idle connection is one write
// system call, a few microseconds.
const fanoutShard = 256

// fanoutPerCPU is how many senders a large fan-out has per CPU. A write
// system call spends much of its time in the kernel's delivery of the
// bytes, and a sender the kernel holds there leaves its CPU to the next:
// with 10,000 phones on 2 CPUs, 4 senders per CPU took the server's part
// of a question push from 108-235 ms to 72-131 ms (docs/performance.md).
const fanoutPerCPU = 4

// fanout sends f to every connection in order and returns how many took it
// and which ones are too slow. A large audience is split into up to
// fanoutPerCPU parts per CPU, each sent by a goroutine of its own, the
// first part (with the screens) by the caller.
func fanout(conns []*Conn, f frame) (sent int, slow []*Conn) {
	parts := min(fanoutPerCPU*runtime.GOMAXPROCS(0), len(conns)/fanoutShard)
	if parts <= 1 {
		return sendAll(conns, f)
	}
	size := (len(conns) + parts - 1) / parts
	type result struct {
		sent int
		slow []*Conn
	}
	results := make([]result, parts)
	var wg sync.WaitGroup
	for i := 1; i < parts; i++ {
		part := conns[min(i*size, len(conns)):min((i+1)*size, len(conns))]
		wg.Go(func() { results[i].sent, results[i].slow = sendAll(part, f) })
	}
	results[0].sent, results[0].slow = sendAll(conns[:size], f)
	wg.Wait()
	for _, r := range results {
		sent += r.sent
		slow = append(slow, r.slow...)
	}
	return sent, slow
}

// sendAll sends f to each connection in turn.
func sendAll(conns []*Conn, f frame) (sent int, slow []*Conn) {
	for _, c := range conns {
		if c.send(f) {
			sent++
		} else {
			slow = append(slow, c)
		}
	}
	return sent, slow
}
