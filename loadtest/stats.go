package main

import (
	"sync"
	"sync/atomic"
	"time"
)

// stats collects what every phone and the screen observe while the run goes
// on; the report is computed from it at the end.
type stats struct {
	frames atomic.Int64 // frames received by phones and the screen

	mu          sync.Mutex
	errors      map[string]int // error frames by code
	drops       map[string]int // connections the server ended, by reason
	connectErrs map[string]int // failed connects, by kind
	otherErr    string         // the first connect error of kind "other"
	badFrames   int            // frames that were not JSON
	acks        []ackEvent     // every ack, in arrival order per phone
	answersSent int
	reconnects  int // churn: deliberate reconnects that welcomed again
	newIdentity int // rejoins with a token that got a different token back
}

// ackEvent is one acknowledged answer.
type ackEvent struct {
	phone       int
	sent, acked time.Time
}

func newStats() *stats {
	return &stats{errors: map[string]int{}, drops: map[string]int{}, connectErrs: map[string]int{}}
}

func (s *stats) errorFrame(code string) {
	if code == "" {
		code = "(none)"
	}
	s.mu.Lock()
	s.errors[code]++
	s.mu.Unlock()
}

func (s *stats) drop(reason string) {
	s.mu.Lock()
	s.drops[reason]++
	s.mu.Unlock()
}

func (s *stats) connectFailed(err error) {
	kind := classify(err)
	if e, ok := err.(joinError); ok {
		kind = string(e)
	}
	s.mu.Lock()
	s.connectErrs[kind]++
	if kind == "other" && s.otherErr == "" {
		s.otherErr = err.Error()
	}
	s.mu.Unlock()
}

func (s *stats) ack(phone int, sent, acked time.Time) {
	s.mu.Lock()
	s.acks = append(s.acks, ackEvent{phone: phone, sent: sent, acked: acked})
	s.mu.Unlock()
}

func (s *stats) sent() {
	s.mu.Lock()
	s.answersSent++
	s.mu.Unlock()
}

func (s *stats) rejoined(sameIdentity bool) {
	s.mu.Lock()
	s.reconnects++
	if !sameIdentity {
		s.newIdentity++
	}
	s.mu.Unlock()
}

func (s *stats) badFrame() {
	s.mu.Lock()
	s.badFrames++
	s.mu.Unlock()
}

// copyMap returns a copy of m, or nil when it is empty.
func copyMap(m map[string]int) map[string]int {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
