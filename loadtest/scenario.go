package main

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Waits between the phases of a run.
const (
	idleBeforeMeasure = 2 * time.Second  // connected phones sit still before the server's memory is read
	pushTimeout       = 15 * time.Second // how long phones may take to see the new question
	settleTimeout     = 5 * time.Second  // how long the screen may take to show the last vote
	checkTimeout      = 10 * time.Second // the final GET /results
	progressEvery     = 2 * time.Second
)

// words are what theatre and churn phones put in the word cloud: a small
// Swedish list, with pairs that differ only in å/a (får, far; hår, har) so
// that the server's normalisation is exercised too.
var words = []string{
	"glädje", "samarbete", "tillit", "mod", "ansvar", "lugn", "energi", "trygghet",
	"nyfikenhet", "respekt", "fika", "lagom", "gemenskap", "frihet", "får", "far",
	"hår", "har", "öppenhet", "ärlighet", "humor", "kaffe", "stress", "utveckling",
}

// arenaOptions are the options of the arena's choice question.
var arenaOptions = []string{"Kanelbulle", "Kardemummabulle", "Prinsesstårta", "Chokladboll"}

// runner drives one run: the facilitator over REST, the screen and the phones.
type runner struct {
	cfg      config
	logf     func(string, ...any)
	stats    *stats
	stopping atomic.Bool // the run is over: connections that end now are not drops

	rest    *restClient
	sess    createdSession
	qid     string // the measured question; set before any phone connects
	qidKey  []byte // questionIDKey(qid)
	dialers []*websocket.Dialer
	screen  *screen
	phones  []*phone
}

func newRunner(cfg config, logf func(string, ...any)) *runner {
	return &runner{cfg: cfg, logf: logf, stats: newStats(), rest: newRESTClient(cfg.nodes[0], cfg.adminKey), dialers: newDialers(cfg.sources)}
}

// run plays the scenario and returns its report. It returns when the
// scenario is done or ctx ends, whichever comes first.
func (r *runner) run(ctx context.Context) *Report {
	started := time.Now()
	rep := &Report{
		Scenario: r.cfg.scenario, Phones: r.cfg.phones, AnswerWindow: r.cfg.answerWindow.String(),
		Seed: r.cfg.seed, StartedAt: started,
	}
	for _, n := range r.cfg.nodes {
		rep.Nodes = append(rep.Nodes, n.String())
	}
	rep.Connect.TargetRate = r.cfg.connectRate
	r.warnBudget()
	defer func() {
		r.stopping.Store(true)
		for _, p := range r.phones {
			p.close()
		}
		if r.screen != nil {
			r.screen.close()
		}
	}()

	if err := r.setup(ctx); err != nil {
		rep.Setup = err.Error()
		rep.Check.Error = "the run stopped in setup"
		rep.Seconds = time.Since(started).Seconds()
		rep.evaluate()
		return rep
	}
	var mem ServerMemory
	if len(r.cfg.serverPIDs) > 0 {
		m, _ := readMemories(r.cfg.serverPIDs)
		mem = ServerMemory{PIDs: r.cfg.serverPIDs, BeforeKiB: m.RSS, Note: memoryNote(m, len(r.cfg.serverPIDs))}
	}

	// Phones join at -connect-rate.
	connectStart := time.Now()
	rep.Connect.Seconds = r.connectPhones(ctx).Seconds()
	connected := r.connectedPhones()
	rep.Connect.Connected = len(connected)
	rep.Connect.Percent = float64(len(connected)) * 100 / float64(r.cfg.phones)
	if rep.Connect.Seconds > 0 {
		rep.Connect.AchievedRate = rate(int64(len(connected)), time.Duration(rep.Connect.Seconds*float64(time.Second)))
	}
	r.logf("%d of %d phones connected in %.1f s", len(connected), r.cfg.phones, rep.Connect.Seconds)
	phase := "connecting phones"

	// Idle, then the server's memory with every phone connected.
	if ctx.Err() == nil {
		sleep(ctx, idleBeforeMeasure)
		if len(r.cfg.serverPIDs) > 0 {
			m, _ := readMemories(r.cfg.serverPIDs)
			mem.ConnectedKiB, mem.ConnectedPhones = m.RSS, len(connected)
			mem.PerConnKiB = perConnection(mem.BeforeKiB, m.RSS, len(connected))
		}
	}

	// The question goes live: measure its push to every phone.
	var patchSent time.Time
	if ctx.Err() == nil {
		phase = "pushing the question"
		r.logf("making the question current: pushing it to %d phones", len(connected))
		before, beforeErrs := r.sampleFanout(ctx)
		patchSent = time.Now()
		err := r.rest.patchState(ctx, r.sess.ID, map[string]any{"questionId": r.qid})
		rep.PatchMs = ms(time.Since(patchSent))
		if err != nil {
			rep.Setup = "make the question current: " + err.Error()
		} else {
			r.waitForQuestion(ctx, connected)
			after, afterErrs := r.sampleFanout(ctx)
			for i, n := range r.cfg.nodes {
				f := fanoutBetween(n.String(), before[i], after[i])
				if err := cmp.Or(beforeErrs[i], afterErrs[i]); err != nil {
					f = FanoutReport{Node: n.String(), Error: err.Error()}
				}
				rep.ServerFanout = append(rep.ServerFanout, f)
			}
		}
	}

	// Phones answer within the window.
	if ctx.Err() == nil && rep.Setup == "" {
		phase = "answering"
		r.answerPhase(ctx, connected)
		if ctx.Err() == nil {
			phase = "waiting for the screen to show every vote"
			r.settle(ctx)
		}
	}
	if err := ctx.Err(); err != nil {
		rep.Incomplete = fmt.Sprintf("stopped while %s (%v; -duration %s)", phase, context.Cause(ctx), r.cfg.duration)
	}

	// The server's count must equal the phones that got an ack.
	checkCtx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	rep.Check = r.check(checkCtx)
	if len(r.cfg.serverPIDs) > 0 {
		m, _ := readMemories(r.cfg.serverPIDs)
		mem.EndKiB, mem.PeakKiB = m.RSS, m.Peak
		rep.Server = &mem
	}
	r.fill(rep, connected, patchSent, connectStart)
	rep.Seconds = time.Since(started).Seconds()
	rep.evaluate()
	return rep
}

// setup creates the session and its question and opens the screen.
func (r *runner) setup(ctx context.Context) error {
	sess, err := r.rest.createSession(ctx, fmt.Sprintf("Lasttest %s %s", r.cfg.scenario, time.Now().Format("15:04:05")))
	if err != nil {
		return fmt.Errorf("create the session: %w", err)
	}
	r.sess = sess
	var q any = map[string]any{"type": "wordcloud", "prompt": "Vad betyder arbetsglädje för dig?", "maxEntries": 3}
	if r.cfg.scenario == scenarioArena {
		q = map[string]any{"type": "choice", "prompt": "Vilken fika föredrar du?", "options": arenaOptions, "multiple": false}
	}
	if r.qid, err = r.rest.addQuestion(ctx, sess.ID, q); err != nil {
		return fmt.Errorf("add the question: %w", err)
	}
	r.qidKey = questionIDKey(r.qid)
	if r.screen, err = openScreen(ctx, r, r.dialers[0]); err != nil {
		return err
	}
	r.phones = make([]*phone, r.cfg.phones)
	for i := range r.phones {
		node := r.cfg.nodes[i%len(r.cfg.nodes)]
		r.phones[i] = newPhone(i, r, r.dialers[i%len(r.dialers)], wsURL(node))
	}
	r.logf("session %s (code %s), question %s; screen presenting", sess.ID, sess.Code, r.qid)
	return nil
}

// connectPhones starts one connect per phone at -connect-rate and waits for
// all of them; it returns the time from the first dial to the last welcome.
func (r *runner) connectPhones(ctx context.Context) time.Duration {
	var wg sync.WaitGroup
	var ok atomic.Int64
	var last atomic.Int64 // unix nanos of the latest welcome
	stop := r.progress("connected", len(r.phones), func() int { return int(ok.Load()) })
	defer stop()
	interval := time.Duration(float64(time.Second) / r.cfg.connectRate)
	start := time.Now()
	r.logf("connecting %d phones at %.0f/s", len(r.phones), r.cfg.connectRate)
	for i, p := range r.phones {
		if !sleep(ctx, time.Until(start.Add(time.Duration(i)*interval))) {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.connect(ctx); err != nil {
				if ctx.Err() == nil {
					r.stats.connectFailed(err)
				}
				return
			}
			ok.Add(1)
			last.Store(time.Now().UnixNano())
		}()
	}
	wg.Wait()
	if ok.Load() == 0 {
		return time.Since(start)
	}
	return time.Unix(0, last.Load()).Sub(start)
}

func (r *runner) connectedPhones() []*phone {
	var out []*phone
	for _, p := range r.phones {
		p.mu.Lock()
		if p.connected {
			out = append(out, p)
		}
		p.mu.Unlock()
	}
	return out
}

// waitForQuestion waits until every connected phone has the question.
func (r *runner) waitForQuestion(ctx context.Context, phones []*phone) {
	deadline := time.Now().Add(pushTimeout)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		got := 0
		for _, p := range phones {
			p.mu.Lock()
			if !p.questionAt.IsZero() {
				got++
			}
			p.mu.Unlock()
		}
		if got == len(phones) {
			return
		}
		sleep(ctx, 10*time.Millisecond)
	}
}

// answerPhase lets every connected phone answer within the window and
// waits for them all (each is bounded by its ack timeout).
func (r *runner) answerPhase(ctx context.Context, phones []*phone) {
	r.logf("%d phones answer within %s", len(phones), r.cfg.answerWindow)
	var acked atomic.Int64
	stop := r.progress("phones acked", len(phones), func() int { return int(acked.Load()) })
	defer stop()
	start := time.Now()
	var wg sync.WaitGroup
	for _, p := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(r.cfg.seed), uint64(p.id)))
			if r.cfg.scenario == scenarioChurn {
				r.churn(ctx, p, rng, start)
			} else if sleep(ctx, time.Until(start.Add(randDuration(rng, r.cfg.answerWindow)))) && p.online() {
				p.answer(ctx, r.value(rng))
			}
			p.mu.Lock()
			if p.lastAcked {
				acked.Add(1)
			}
			p.mu.Unlock()
		}()
	}
	wg.Wait()
}

// settle waits until the screen shows as many responses as phones got acks.
func (r *runner) settle(ctx context.Context) {
	want := int64(len(firstAcks(r.ackSnapshot())))
	deadline := time.Now().Add(settleTimeout)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if r.screen.maxResponses() >= want {
			return
		}
		sleep(ctx, 20*time.Millisecond)
	}
}

// check compares GET /results with the phones that got an ack.
func (r *runner) check(ctx context.Context) CheckReport {
	acked := len(firstAcks(r.ackSnapshot()))
	c := CheckReport{AckedPhones: acked}
	if r.qid == "" {
		c.Error = "no question was created"
		return c
	}
	qs, err := r.rest.results(ctx, r.sess.ID)
	if err != nil {
		c.Error = err.Error()
		return c
	}
	for _, q := range qs {
		if q.ID == r.qid {
			c.Responses = q.Responses
			c.Pass = q.Responses == int64(acked)
			return c
		}
	}
	c.Error = "GET /results does not list question " + r.qid
	return c
}

func (r *runner) ackSnapshot() []ackEvent {
	r.stats.mu.Lock()
	defer r.stats.mu.Unlock()
	return append([]ackEvent(nil), r.stats.acks...)
}

// fill computes the report's numbers from what phones, screen and stats saw.
func (r *runner) fill(rep *Report, connected []*phone, patchSent time.Time, connectStart time.Time) {
	var joins, pushes []time.Duration
	byNode := make([][]time.Duration, len(r.cfg.nodes))
	for _, p := range connected {
		p.mu.Lock()
		joins = append(joins, p.joinTook)
		if !patchSent.IsZero() {
			if p.questionAt.IsZero() {
				rep.PushMissed++
			} else {
				d := p.questionAt.Sub(patchSent)
				pushes = append(pushes, d)
				byNode[p.id%len(byNode)] = append(byNode[p.id%len(byNode)], d)
			}
		}
		if !p.lastAcked {
			rep.Answers.Unacked++
		}
		p.mu.Unlock()
	}
	rep.Connect.Join = summarize(joins)
	rep.QuestionPush = summarize(pushes)
	rep.QuestionPushRate = pushRate(rep.QuestionPush.N, rep.QuestionPush.Max)
	if len(byNode) > 1 {
		for _, ds := range byNode {
			rep.QuestionPushByNode = append(rep.QuestionPushByNode, summarize(ds))
		}
	}

	acks := r.ackSnapshot()
	ackLat := make([]time.Duration, len(acks))
	for i, a := range acks {
		ackLat[i] = a.acked.Sub(a.sent)
	}
	first := firstAcks(acks)
	rep.Answers.Acks = len(acks)
	rep.Answers.AckedPhones = len(first)
	rep.Answers.AckLatency = summarize(ackLat)

	if r.screen != nil {
		frames, qAt, participants, _, _ := r.screen.snapshot()
		v2s, unmatched := voteToScreen(first, frames)
		rep.VoteToScreen = summarize(v2s)
		rep.VotesNotOnScreen = unmatched
		rep.ScreenResultsFrames = len(frames)
		rep.ScreenParticipants = participants
		if !qAt.IsZero() && !patchSent.IsZero() {
			v := ms(qAt.Sub(patchSent))
			rep.ScreenPushMs = &v
		}
	}

	s := r.stats
	s.mu.Lock()
	rep.Answers.Sent = s.answersSent
	rep.Connect.Failures = copyMap(s.connectErrs)
	if s.otherErr != "" {
		r.logf("first unclassified connect error: %s", s.otherErr)
	}
	rep.Errors = copyMap(s.errors)
	rep.DropReasons = copyMap(s.drops)
	for _, n := range s.drops {
		rep.Dropped += n
	}
	rep.BadFrames = s.badFrames
	if r.cfg.scenario == scenarioChurn {
		rep.Churn = &ChurnReport{Reconnects: s.reconnects, NewIdentity: s.newIdentity}
	}
	s.mu.Unlock()

	rep.Frames = s.frames.Load()
	rep.FramesPerSecond = rate(rep.Frames, time.Since(connectStart))
	if m, err := readMemory(0); err == nil {
		rep.ClientRSSKiB = m.RSS
	}
}

// value is a random answer to the measured question.
func (r *runner) value(rng *rand.Rand) any {
	if r.cfg.scenario == scenarioArena {
		return []int{rng.IntN(len(arenaOptions))}
	}
	n := 1 + rng.IntN(3)
	picked := make([]string, 0, n)
	for _, i := range rng.Perm(len(words))[:n] {
		picked = append(picked, words[i])
	}
	return picked
}

// progress logs n()/total every few seconds until stop is called.
func (r *runner) progress(what string, total int, n func() int) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				r.logf("  %d / %d %s, %d frames received", n(), total, what, r.stats.frames.Load())
			}
		}
	}()
	return func() { close(done) }
}

// warnBudget warns when -duration is too short for the scenario.
func (r *runner) warnBudget() {
	need := time.Duration(float64(r.cfg.phones)/r.cfg.connectRate*float64(time.Second)) +
		idleBeforeMeasure + r.cfg.answerWindow + 3*time.Second
	if need > r.cfg.duration {
		r.logf("WARNING: connecting %d phones at %.0f/s plus the %s answer window takes about %s, longer than -duration %s",
			r.cfg.phones, r.cfg.connectRate, r.cfg.answerWindow, need.Round(time.Second), r.cfg.duration)
	}
}

// sleep waits for d or ctx; it reports whether the full time passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// randDuration is uniform in [0, d).
func randDuration(rng *rand.Rand, d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rng.Int64N(int64(d)))
}
