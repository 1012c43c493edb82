package main

import (
	"context"
	"math/rand/v2"
	"time"
)

// churn plays a phone on a bad network: in one to three rounds spread over
// the window it may lose its connection and rejoin with its token, answers
// (each answer replaces the last), and sometimes loses the connection before
// the ack arrives. At the end its latest answer is acked, so the server must
// count it exactly once.
func (r *runner) churn(ctx context.Context, p *phone, rng *rand.Rand, start time.Time) {
	rounds := 1 + rng.IntN(3)
	slice := r.cfg.answerWindow / time.Duration(rounds)
	for i := 0; i < rounds && ctx.Err() == nil; i++ {
		at := start.Add(time.Duration(i)*slice + randDuration(rng, slice))
		if !sleep(ctx, time.Until(at)) {
			return
		}
		if !p.online() || rng.Float64() < 0.5 {
			if !r.rejoin(ctx, p) {
				continue
			}
		}
		req, err := p.send(r.value(rng))
		if err != nil {
			continue
		}
		if rng.Float64() < 0.25 {
			p.drop() // gone before the ack: stored or not, the phone cannot know
			p.forget(req.ref)
			continue
		}
		p.wait(ctx, req)
	}
	for try := 0; try < 5 && ctx.Err() == nil; try++ {
		p.mu.Lock()
		done := p.lastAcked
		p.mu.Unlock()
		if done {
			return
		}
		if !p.online() && !r.rejoin(ctx, p) {
			sleep(ctx, 200*time.Millisecond)
			continue
		}
		p.answer(ctx, r.value(rng))
	}
}

// rejoin drops the phone's connection and joins again with its token.
func (r *runner) rejoin(ctx context.Context, p *phone) bool {
	p.drop()
	if err := p.connect(ctx); err != nil {
		if ctx.Err() == nil {
			r.stats.errorFrame("(rejoin failed: " + classifyJoin(err) + ")")
		}
		return false
	}
	return true
}

func classifyJoin(err error) string {
	if e, ok := err.(joinError); ok {
		return string(e)
	}
	return classify(err)
}
