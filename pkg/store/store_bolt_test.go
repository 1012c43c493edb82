package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

func TestBoltStore(t *testing.T) {
	testStore(t, func(t *testing.T) store.Engine { return openBolt(t, boltPath(t)).Engine() })
}

// TestBoltStoreReopened runs the suite on a BoltStore that is closed and
// opened again after every change, so each check reads what the file gave
// back.
func TestBoltStoreReopened(t *testing.T) {
	testStore(t, func(t *testing.T) store.Engine {
		r := &reopening{t: t, path: boltPath(t)}
		r.st = openBolt(t, r.path)
		t.Cleanup(func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.st.Close()
		})
		return r.engine()
	})
}

func boltPath(t testing.TB) string { return filepath.Join(t.TempDir(), "ting.db") }

func openBolt(t testing.TB, path string) *store.BoltStore {
	t.Helper()
	st, err := store.OpenBoltStore(store.BoltConfig{Path: path})
	if err != nil {
		t.Fatalf("OpenBoltStore: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// reopening is a BoltStore that is closed and opened again after every
// change. Changes run one at a time.
type reopening struct {
	t    *testing.T
	path string
	mu   sync.RWMutex
	st   *store.BoltStore
}

// engine serves every concern of the store through r.
func (r *reopening) engine() store.Engine {
	return store.Engine{
		SessionStore: r, QuestionStore: r, StateStore: r, ParticipantStore: r,
		AnswerStore: r, PresenceStore: r, GroupStore: r, SelectionStore: r, Health: r,
	}
}

func change[T any](r *reopening, f func(*store.BoltStore) (T, error)) (T, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, err := f(r.st)
	if cerr := r.st.Close(); cerr != nil {
		r.t.Errorf("Close: %v", cerr)
	}
	st, oerr := store.OpenBoltStore(store.BoltConfig{Path: r.path})
	if oerr != nil { // may run on another goroutine: no Fatal
		r.t.Errorf("OpenBoltStore again: %v", oerr)
		return v, oerr
	}
	r.st = st
	return v, err
}

func read[T any](r *reopening, f func(*store.BoltStore) (T, error)) (T, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return f(r.st)
}

func (r *reopening) CreateSession(ctx context.Context, s *model.Session) error {
	_, err := change(r, func(st *store.BoltStore) (any, error) { return nil, st.CreateSession(ctx, s) })
	return err
}

func (r *reopening) Session(ctx context.Context, id string) (*model.Session, error) {
	return read(r, func(st *store.BoltStore) (*model.Session, error) { return st.Session(ctx, id) })
}

func (r *reopening) SessionIDByCode(ctx context.Context, code string) (string, error) {
	return read(r, func(st *store.BoltStore) (string, error) { return st.SessionIDByCode(ctx, code) })
}

func (r *reopening) AddQuestion(ctx context.Context, sessionID string, q poll.Question) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.AddQuestion(ctx, sessionID, q) })
}

func (r *reopening) UpdateQuestion(ctx context.Context, sessionID string, q poll.Question) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.UpdateQuestion(ctx, sessionID, q) })
}

func (r *reopening) ResetQuestion(ctx context.Context, sessionID, questionID string) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.ResetQuestion(ctx, sessionID, questionID) })
}

func (r *reopening) RemoveQuestion(ctx context.Context, sessionID, questionID string) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.RemoveQuestion(ctx, sessionID, questionID) })
}

func (r *reopening) MoveQuestion(ctx context.Context, sessionID, questionID string, index int) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.MoveQuestion(ctx, sessionID, questionID, index) })
}

func (r *reopening) UpdateState(ctx context.Context, sessionID string, p model.StatePatch) (model.State, uint64, error) {
	var seq uint64
	s, err := change(r, func(st *store.BoltStore) (s model.State, err error) {
		s, seq, err = st.UpdateState(ctx, sessionID, p)
		return s, err
	})
	return s, seq, err
}

func (r *reopening) AddParticipant(ctx context.Context, sessionID string, p model.Participant, max int64) (int64, error) {
	return change(r, func(st *store.BoltStore) (int64, error) { return st.AddParticipant(ctx, sessionID, p, max) })
}

func (r *reopening) Participant(ctx context.Context, sessionID, token string) (model.Participant, error) {
	return read(r, func(st *store.BoltStore) (model.Participant, error) { return st.Participant(ctx, sessionID, token) })
}

func (r *reopening) ParticipantCount(ctx context.Context, sessionID string) (int64, error) {
	return read(r, func(st *store.BoltStore) (int64, error) { return st.ParticipantCount(ctx, sessionID) })
}

func (r *reopening) Record(ctx context.Context, sessionID string, a model.Answer) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.Record(ctx, sessionID, a) })
}

func (r *reopening) Tally(ctx context.Context, sessionID, questionID string) (poll.Tally, error) {
	return read(r, func(st *store.BoltStore) (poll.Tally, error) { return st.Tally(ctx, sessionID, questionID) })
}

func (r *reopening) Answer(ctx context.Context, sessionID, questionID, participantID string) (model.Answer, error) {
	return read(r, func(st *store.BoltStore) (model.Answer, error) {
		return st.Answer(ctx, sessionID, questionID, participantID)
	})
}

func (r *reopening) Answers(ctx context.Context, sessionID, questionID string) ([]model.Answer, error) {
	return read(r, func(st *store.BoltStore) ([]model.Answer, error) { return st.Answers(ctx, sessionID, questionID) })
}

func (r *reopening) Ping(ctx context.Context) error {
	_, err := read(r, func(st *store.BoltStore) (any, error) { return nil, st.Ping(ctx) })
	return err
}

func (r *reopening) Close() error { return nil } // the cleanup closes the last one

// snapshot is everything a store tells about one session, with times in UTC
// so that values read back from the file compare equal.
type snapshot struct {
	Session      model.Session
	ByCode       string
	Participants map[string]model.Participant
	Count        int64
	Tallies      map[string]poll.Tally
	Answers      map[string][]model.Answer
}

func takeSnapshot(t *testing.T, st store.Engine, id string, tokens []string) snapshot {
	t.Helper()
	ctx := t.Context()
	s := session(t, st, id)
	s.CreatedAt = s.CreatedAt.UTC()
	snap := snapshot{Session: *s, Participants: map[string]model.Participant{}, Tallies: map[string]poll.Tally{}, Answers: map[string][]model.Answer{}}
	var err error
	if snap.ByCode, err = st.SessionIDByCode(ctx, s.Code); err != nil {
		t.Fatalf("SessionIDByCode: %v", err)
	}
	for _, tok := range tokens {
		p, err := st.Participant(ctx, id, tok)
		if err != nil {
			t.Fatalf("Participant(%s): %v", tok, err)
		}
		snap.Participants[tok] = p
	}
	if snap.Count, err = st.ParticipantCount(ctx, id); err != nil {
		t.Fatalf("ParticipantCount: %v", err)
	}
	for _, q := range append(s.Questions, poll.Question{ID: "never-asked"}) {
		if snap.Tallies[q.ID], err = st.Tally(ctx, id, q.ID); err != nil {
			t.Fatalf("Tally(%s): %v", q.ID, err)
		}
		as, err := st.Answers(ctx, id, q.ID)
		if err != nil {
			t.Fatalf("Answers(%s): %v", q.ID, err)
		}
		for i := range as {
			as[i].At = as[i].At.UTC()
		}
		snap.Answers[q.ID] = as
	}
	return snap
}

func wantSameSnapshot(t *testing.T, what string, got, want snapshot) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Fatalf("%s: session %s differs\ngot  %s\nwant %s", what, want.Session.ID, g, w)
	}
}

// TestBoltStoreSurvivesRestart fills a store, from many goroutines too,
// closes it, opens the file again and wants every session exactly as it was.
func TestBoltStoreSurvivesRestart(t *testing.T) {
	ctx := t.Context()
	path := boltPath(t)
	st := openBolt(t, path)

	// Session a: three questions, many participants, concurrent answers.
	cet := time.FixedZone("CET", 3600)
	a := &model.Session{
		ID: uuid.NewString(), Title: "Medarbetarskap", Language: "sv", TokenHash: []byte{0, 1, 0xfe, 0xff},
		CreatedAt: time.Date(2026, 3, 14, 9, 26, 53, 589793238, cet),
		Questions: []poll.Question{check(t, poll.Question{ID: "q1", Type: "choice", Prompt: "Fika?", Options: []string{"kaffe", "te", "saft", "vatten"}, Multiple: true})},
	}
	if err := st.CreateSession(ctx, a); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	q1 := a.Questions[0]
	q2 := check(t, wordcloudQuestion("q2"))
	q3 := check(t, choiceQuestion("q3"))
	addQuestion(t, st, a.ID, q2)
	addQuestion(t, st, a.ID, q3)

	const phones = 40
	tokens := make([]string, phones)
	var wg sync.WaitGroup
	for i := range phones {
		tokens[i] = fmt.Sprintf("tok-%02d", i)
		wg.Go(func() {
			p := model.Participant{ID: fmt.Sprintf("p%02d", i), Token: tokens[i]}
			if i%3 == 0 {
				p.Name = fmt.Sprintf("Åsa %d", i)
			}
			if _, err := st.AddParticipant(ctx, a.ID, p, roomy); err != nil {
				t.Errorf("AddParticipant: %v", err)
			}
		})
	}
	wg.Wait()
	// The same token twice, concurrently: whichever the store kept, the file
	// must keep the same.
	for _, name := range []string{"Bo", "Bosse", "Bo-Erik"} {
		wg.Go(func() {
			if _, err := st.AddParticipant(ctx, a.ID, model.Participant{ID: "p00", Token: tokens[0], Name: name}, roomy); err != nil {
				t.Errorf("AddParticipant again: %v", err)
			}
		})
	}
	wg.Wait()

	show(t, st, a.ID, "q1")
	// 30 goroutines answer and change the answers of shared participants,
	// while others flip the state (each change writes the whole session).
	for w := range 30 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 11))
			for r := range 6 {
				var picks []int
				for i := range len(q1.Options) {
					if rng.IntN(2) == 0 || (i == len(q1.Options)-1 && len(picks) == 0) {
						picks = append(picks, i)
					}
				}
				value, _ := json.Marshal(picks)
				ans := answer(t, q1, fmt.Sprintf("p%02d", (w*5+r)%phones), string(value))
				if _, err := st.Record(ctx, a.ID, ans); err != nil {
					t.Errorf("Record: %v", err)
				}
			}
		})
	}
	for i := range 10 {
		wg.Go(func() {
			if _, _, err := st.UpdateState(ctx, a.ID, model.StatePatch{ResultsVisible: ptr(i%2 == 0)}); err != nil {
				t.Errorf("UpdateState: %v", err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	// q2: the order is by first answer, not by last.
	show(t, st, a.ID, "q2")
	for _, step := range []struct{ pid, value string }{
		{"p03", `["Får", "hår"]`}, {"p01", `["får"]`}, {"p02", `["<hår & får>"]`},
		{"p01", `["far", "har"]`}, {"p03", `["hår"]`},
	} {
		record(t, st, a.ID, answer(t, q2, step.pid, step.value))
	}
	// q3: answered, then locked with results shown.
	show(t, st, a.ID, "q3")
	record(t, st, a.ID, answer(t, q3, "p05", `[2]`))
	record(t, st, a.ID, answer(t, q3, "p05", `[1]`))
	if _, _, err := st.UpdateState(ctx, a.ID, model.StatePatch{Locked: ptr(true), ResultsVisible: ptr(true)}); err != nil {
		t.Fatalf("UpdateState: %v", err)
	}

	// Session b: open for answers; session c: empty.
	b := newSession(t, st)
	bq := choiceQuestion("bq")
	addQuestion(t, st, b.ID, bq)
	show(t, st, b.ID, "bq")
	record(t, st, b.ID, answer(t, bq, "x", `[0]`))
	c := newSession(t, st)

	tokensOf := map[string][]string{a.ID: tokens, b.ID: nil, c.ID: nil}
	before := map[string]snapshot{}
	for id, toks := range tokensOf {
		before[id] = takeSnapshot(t, st.Engine(), id, toks)
	}
	if n := len(before[a.ID].Answers["q1"]); n != phones {
		t.Fatalf("%d answers to q1, want %d (the test must answer for every phone)", n, phones)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	st = openBolt(t, path)
	for id, toks := range tokensOf {
		wantSameSnapshot(t, "after a restart", takeSnapshot(t, st.Engine(), id, toks), before[id])
	}

	// New changes continue the Seq, and survive a restart in turn.
	seq := record(t, st, b.ID, answer(t, bq, "y", `[1]`))
	wantGrows(t, before[b.ID].Session.Seq, seq)
	wantGrows(t, before[a.ID].Session.Seq, addQuestion(t, st, a.ID, choiceQuestion("q4")))
	_, seq, err := st.UpdateState(ctx, c.ID, model.StatePatch{ResultsVisible: ptr(true)})
	if err != nil {
		t.Fatalf("UpdateState: %v", err)
	}
	wantGrows(t, before[c.ID].Session.Seq, seq)
	for id, toks := range tokensOf {
		before[id] = takeSnapshot(t, st.Engine(), id, toks)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	st = openBolt(t, path)
	for id, toks := range tokensOf {
		wantSameSnapshot(t, "after a second restart", takeSnapshot(t, st.Engine(), id, toks), before[id])
	}
	wantAnswers(t, st, b.ID, "bq", []string{"x", "y"}, [][]string{{"A"}, {"B"}})
}

func TestBoltStoreInUse(t *testing.T) {
	path := boltPath(t)
	st := openBolt(t, path)
	s := newSession(t, st)

	start := time.Now()
	second, err := store.OpenBoltStore(store.BoltConfig{Path: path})
	if err == nil {
		second.Close()
		t.Fatal("a second OpenBoltStore of the same file succeeded")
	}
	if !strings.Contains(err.Error(), "data dir is in use by another Ting") {
		t.Fatalf("error %q does not say the data dir is in use", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Fatalf("the refusal took %v", waited)
	}

	// The first one still works; once closed, the file opens again.
	addParticipant := func(st *store.BoltStore) {
		if _, err := st.AddParticipant(t.Context(), s.ID, model.Participant{ID: "p", Token: "t"}, roomy); err != nil {
			t.Fatalf("AddParticipant: %v", err)
		}
	}
	addParticipant(st)
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	st = openBolt(t, path)
	if got := session(t, st, s.ID); got.Code != s.Code {
		t.Fatalf("after reopen: code %q, want %q", got.Code, s.Code)
	}
}

// TestBoltStoreDataDir: a missing data directory is created, for its owner only.
func TestBoltStoreDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "data")
	st := openBolt(t, filepath.Join(dir, "ting.db"))
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Fatalf("data dir mode %v, want 0700", fi.Mode().Perm())
	}
	if err := st.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

// TestBoltStoreUnavailable: when the file cannot be written, changes fail
// with ErrUnavailable (the client retries).
func TestBoltStoreUnavailable(t *testing.T) {
	ctx := t.Context()
	st := openBolt(t, boltPath(t))
	s := newSession(t, st)
	q := choiceQuestion("q")
	addQuestion(t, st, s.ID, q)
	show(t, st, s.ID, "q")
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"Ping", func() error { return st.Ping(ctx) }},
		{"CreateSession", func() error { return st.CreateSession(ctx, &model.Session{ID: uuid.NewString()}) }},
		{"AddQuestion", func() error { _, err := st.AddQuestion(ctx, s.ID, choiceQuestion("q2")); return err }},
		{"UpdateState", func() error {
			_, _, err := st.UpdateState(ctx, s.ID, model.StatePatch{ResultsVisible: ptr(true)})
			return err
		}},
		{"AddParticipant", func() error {
			_, err := st.AddParticipant(ctx, s.ID, model.Participant{ID: "p", Token: "t"}, roomy)
			return err
		}},
		{"Record", func() error { _, err := st.Record(ctx, s.ID, answer(t, q, "p", `[0]`)); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); !errors.Is(err, store.ErrUnavailable) {
				t.Fatalf("error %v, want ErrUnavailable", err)
			}
		})
	}
}

// BenchmarkRecord records answers of many phones at once (each phone
// answers, then changes its answer), on each engine.
func BenchmarkRecord(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchRecord(b, store.NewMemoryStore().Engine()) })
	b.Run("bolt", func(b *testing.B) { benchRecord(b, openBolt(b, boltPath(b)).Engine()) })
	b.Run("redis", func(b *testing.B) {
		raw := testutil.RedisURL(b)
		c := testutil.RedisClient(b, raw)
		benchRecord(b, store.NewRedisStore(store.RedisConfig{Client: c, Prefix: testutil.RedisPrefix(b, raw)}).Engine())
	})
}

func benchRecord(b *testing.B, st store.Engine) {
	const phones = 400
	ctx := context.Background()
	s := &model.Session{ID: uuid.NewString(), Title: "Bench", Language: "sv", CreatedAt: time.Now()}
	if err := st.CreateSession(ctx, s); err != nil {
		b.Fatalf("CreateSession: %v", err)
	}
	q := poll.Question{ID: "q", Type: "choice", Prompt: "Vad?", Options: []string{"a", "b", "c", "d"}, Multiple: true}
	if err := poll.Check(&q); err != nil {
		b.Fatal(err)
	}
	if _, err := st.AddQuestion(ctx, s.ID, q); err != nil {
		b.Fatalf("AddQuestion: %v", err)
	}
	if _, _, err := st.UpdateState(ctx, s.ID, model.StatePatch{QuestionID: &q.ID}); err != nil {
		b.Fatalf("UpdateState: %v", err)
	}
	var values []poll.Answer
	for _, v := range []string{`[0]`, `[1,2]`, `[3]`, `[0,1,2,3]`} {
		pa, err := poll.Parse(&q, json.RawMessage(v), poll.Context{})
		if err != nil {
			b.Fatal(err)
		}
		values = append(values, pa)
	}
	pids := make([]string, phones)
	for i := range pids {
		pids[i] = uuid.NewString()
	}
	var next atomic.Uint64
	b.SetParallelism((phones + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0)) // about one goroutine a phone
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			v := values[i%uint64(len(values))]
			a := model.Answer{QuestionID: q.ID, ParticipantID: pids[i%phones], Entries: v.Entries, Tally: v.Tally, At: time.Now()}
			if _, err := st.Record(ctx, s.ID, a); err != nil {
				b.Errorf("Record: %v", err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
}

func (r *reopening) SetGroups(ctx context.Context, sessionID string, groups []model.Group) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.SetGroups(ctx, sessionID, groups) })
}

func (r *reopening) Groups(ctx context.Context, sessionID string) ([]model.Group, error) {
	return read(r, func(st *store.BoltStore) ([]model.Group, error) { return st.Groups(ctx, sessionID) })
}

func (r *reopening) SetClosesAt(ctx context.Context, sessionID string, at time.Time) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.SetClosesAt(ctx, sessionID, at) })
}

func (r *reopening) Select(ctx context.Context, sessionID string, sel model.Selection, on bool) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.Select(ctx, sessionID, sel, on) })
}

func (r *reopening) Selections(ctx context.Context, sessionID string) ([]model.Selection, error) {
	return read(r, func(st *store.BoltStore) ([]model.Selection, error) { return st.Selections(ctx, sessionID) })
}

func (r *reopening) DeleteSession(ctx context.Context, sessionID string) error {
	_, err := change(r, func(st *store.BoltStore) (any, error) { return nil, st.DeleteSession(ctx, sessionID) })
	return err
}

func (r *reopening) Expired(ctx context.Context, now time.Time) ([]string, error) {
	return read(r, func(st *store.BoltStore) ([]string, error) { return st.Expired(ctx, now) })
}

func (r *reopening) Touch(ctx context.Context, sessionID string, participantIDs []string, at time.Time) error {
	_, err := read(r, func(st *store.BoltStore) (any, error) { return nil, st.Touch(ctx, sessionID, participantIDs, at) })
	return err
}

func (r *reopening) Active(ctx context.Context, sessionID string, since time.Time) ([]string, error) {
	return read(r, func(st *store.BoltStore) ([]string, error) { return st.Active(ctx, sessionID, since) })
}

func (r *reopening) SetMinSegment(ctx context.Context, sessionID string, n int) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.SetMinSegment(ctx, sessionID, n) })
}
