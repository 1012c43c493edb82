package store_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// The engines. Redis tests use TING_TEST_REDIS_URL (default
// redis://127.0.0.1:6379/0) and fail when it does not answer, unless
// TING_SKIP_REDIS=1. Both suites run against a Redis Cluster too:
// TING_TEST_REDIS_CLUSTER_URL (go-redis cluster form), or one the tests
// start (testutil.RedisClusterURL).

func TestMemoryStore(t *testing.T) {
	testStore(t, func(*testing.T) store.Engine { return store.NewMemoryStore().Engine() })
}

func TestRedisStore(t *testing.T) {
	testStore(t, newRedisStore(testutil.RedisURL(t)))
}

func TestRedisClusterStore(t *testing.T) {
	testStore(t, newRedisStore(clusterURL(t)))
}

func TestMemoryBroker(t *testing.T) {
	testBroker(t, func(t *testing.T, nodes int) []store.Broker {
		b := store.NewMemoryBroker() // one process: every "node" is the same broker
		t.Cleanup(func() { b.Close() })
		out := make([]store.Broker, nodes)
		for i := range out {
			out[i] = b
		}
		return out
	})
}

func TestRedisBroker(t *testing.T) {
	testBroker(t, newRedisBrokers(testutil.RedisURL(t)))
}

func TestRedisClusterBroker(t *testing.T) {
	testBroker(t, newRedisBrokers(clusterURL(t)))
}

// ---- store suite ----

func testStore(t *testing.T, newStore func(t *testing.T) store.Engine) {
	t.Run("session", func(t *testing.T) { testSession(t, newStore(t)) })
	t.Run("not found", func(t *testing.T) { testNotFound(t, newStore(t)) })
	t.Run("questions", func(t *testing.T) { testQuestions(t, newStore(t)) })
	t.Run("state", func(t *testing.T) { testState(t, newStore(t)) })
	t.Run("segment by", func(t *testing.T) { testSegmentBy(t, newStore(t)) })
	t.Run("seq", func(t *testing.T) { testSeq(t, newStore(t)) })
	t.Run("participants", func(t *testing.T) { testParticipants(t, newStore(t)) })
	t.Run("record refused", func(t *testing.T) { testRecordRefused(t, newStore(t)) })
	t.Run("replace choice", func(t *testing.T) { testReplaceChoice(t, newStore(t)) })
	t.Run("replace wordcloud", func(t *testing.T) { testReplaceWordcloud(t, newStore(t)) })
	t.Run("empty tally", func(t *testing.T) { testEmptyTally(t, newStore(t)) })
	t.Run("concurrent", func(t *testing.T) { testConcurrent(t, newStore(t)) })
	t.Run("update question", func(t *testing.T) { testUpdateQuestion(t, newStore(t)) })
	t.Run("reset question", func(t *testing.T) { testResetQuestion(t, newStore(t)) })
	t.Run("remove question", func(t *testing.T) { testRemoveQuestion(t, newStore(t)) })
	t.Run("move question", func(t *testing.T) { testMoveQuestion(t, newStore(t)) })
	t.Run("question limit", func(t *testing.T) { testQuestionLimit(t, newStore(t)) })
	t.Run("answer lookup", func(t *testing.T) { testAnswerLookup(t, newStore(t)) })
	t.Run("deadline", func(t *testing.T) { testDeadline(t, newStore(t)) })
	t.Run("session settings", func(t *testing.T) { testSessionSettings(t, newStore(t)) })
	t.Run("join limits", func(t *testing.T) { testJoinLimits(t, newStore(t)) })
	t.Run("participant cap", func(t *testing.T) { testParticipantCap(t, newStore(t)) })
	t.Run("self-paced", func(t *testing.T) { testSelfPaced(t, newStore(t)) })
	t.Run("groups", func(t *testing.T) { testGroups(t, newStore(t)) })
	t.Run("closes at", func(t *testing.T) { testClosesAt(t, newStore(t)) })
	t.Run("cohort", func(t *testing.T) { testCohort(t, newStore(t)) })
	t.Run("selections", func(t *testing.T) { testSelections(t, newStore(t)) })
	t.Run("presence", func(t *testing.T) { testPresence(t, newStore(t)) })
	t.Run("delete session", func(t *testing.T) { testDeleteSession(t, newStore(t)) })
	t.Run("expired", func(t *testing.T) { testExpired(t, newStore(t)) })
}

var codeRE = regexp.MustCompile(`^[1-9][0-9]{7}$`)

func testSession(t *testing.T, st store.Engine) {
	ctx := t.Context()
	q := check(t, poll.Question{ID: "q1", Type: "choice", Prompt: "Ja?", Options: []string{"ja", "nej"}})
	created := time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.FixedZone("CET", 3600))
	in := &model.Session{
		ID: uuid.NewString(), Title: "Medarbetarskap", Language: "sv",
		TokenHash: []byte{0, 1, 2, 0xfe, 0xff}, CreatedAt: created,
		Questions: []poll.Question{q}, State: model.State{QuestionID: "q1", ResultsVisible: true, SegmentBy: "q1"},
		LinkKey: "c2VjcmV0LWxpbmsta2V5LQ",
	}
	if err := st.CreateSession(ctx, in); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	if !codeRE.MatchString(in.Code) || in.Seq != 1 {
		t.Fatalf("after create: code %q seq %d, want 8 digits and 1", in.Code, in.Seq)
	}
	got, err := st.Session(ctx, in.ID)
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	if got.ID != in.ID || got.Code != in.Code || got.Title != in.Title || got.Language != in.Language ||
		!bytes.Equal(got.TokenHash, in.TokenHash) || !got.CreatedAt.Equal(created) || got.Seq != 1 ||
		got.State != in.State || !reflect.DeepEqual(got.Questions, in.Questions) || got.LinkKey != in.LinkKey {
		t.Fatalf("Session = %+v\nwant %+v", got, in)
	}
	// The stored questions are usable: the state may point at them.
	if _, _, err := st.UpdateState(ctx, in.ID, model.StatePatch{QuestionID: ptr("q1")}); err != nil {
		t.Fatalf("UpdateState to a question given at create: %v", err)
	}
	// The link key stays through changes of the session; one without a
	// key (as stored before sessions had one) has none.
	if _, err := st.AddQuestion(ctx, in.ID, check(t, poll.Question{ID: "q2", Type: "open", Prompt: "Mer?"})); err != nil {
		t.Fatalf("AddQuestion: %v", err)
	}
	if _, err := st.SetMaxParticipants(ctx, in.ID, 450); err != nil {
		t.Fatalf("SetMaxParticipants: %v", err)
	}
	if got := session(t, st, in.ID); got.LinkKey != in.LinkKey {
		t.Fatalf("link key after changes = %q, want %q", got.LinkKey, in.LinkKey)
	}
	if got := session(t, st, newSession(t, st).ID); got.LinkKey != "" {
		t.Fatalf("link key of a session made without one = %q", got.LinkKey)
	}

	codes := map[string]bool{in.Code: true}
	for range 20 {
		s := newSession(t, st)
		if codes[s.Code] {
			t.Fatalf("code %s given twice", s.Code)
		}
		codes[s.Code] = true
		id, err := st.SessionIDByCode(ctx, s.Code)
		if err != nil || id != s.ID {
			t.Fatalf("SessionIDByCode(%s) = %q, %v; want %q", s.Code, id, err, s.ID)
		}
	}
	if err := st.CreateSession(ctx, &model.Session{ID: in.ID}); err == nil {
		t.Fatal("CreateSession with an existing id succeeded")
	}
}

func testNotFound(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := newSession(t, st)
	missing := uuid.NewString()
	a := model.Answer{QuestionID: "q", ParticipantID: "p"}
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"Session", func() error { _, err := st.Session(ctx, missing); return err }},
		{"SessionIDByCode", func() error { _, err := st.SessionIDByCode(ctx, "00000000"); return err }},
		{"AddQuestion", func() error { _, err := st.AddQuestion(ctx, missing, poll.Question{ID: "q"}); return err }},
		{"UpdateState", func() error { _, _, err := st.UpdateState(ctx, missing, model.StatePatch{}); return err }},
		{"AddParticipant", func() error {
			_, err := st.AddParticipant(ctx, missing, model.Participant{ID: "p", Token: "t"}, roomy)
			return err
		}},
		{"Participant of unknown session", func() error { _, err := st.Participant(ctx, missing, "t"); return err }},
		{"Participant with unknown token", func() error { _, err := st.Participant(ctx, s.ID, "nobody"); return err }},
		{"ParticipantCount", func() error { _, err := st.ParticipantCount(ctx, missing); return err }},
		{"Record", func() error { _, err := st.Record(ctx, missing, a); return err }},
		{"Tally", func() error { _, err := st.Tally(ctx, missing, "q"); return err }},
		{"Answers", func() error { _, err := st.Answers(ctx, missing, "q"); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("error %v, want ErrNotFound", err)
			}
		})
	}
}

func testQuestions(t *testing.T, st store.Engine) {
	s := newSession(t, st)
	want := []poll.Question{
		check(t, poll.Question{ID: "a", Type: "choice", Prompt: "Fika?", Options: []string{"kaffe", "te"}, Multiple: true}),
		check(t, poll.Question{ID: "b", Type: "wordcloud", Prompt: "Ett ord", MaxEntries: 2}),
		check(t, poll.Question{ID: "c", Type: "choice", Prompt: "Nöjd?", Options: []string{"ja", "nej", "kanske"}}),
	}
	last := s.Seq
	for _, q := range want {
		last = wantGrows(t, last, addQuestion(t, st, s.ID, q))
	}
	got := session(t, st, s.ID)
	if !reflect.DeepEqual(got.Questions, want) {
		t.Fatalf("Questions = %+v\nwant %+v", got.Questions, want)
	}
	if got.Seq != last {
		t.Fatalf("Seq = %d, want %d", got.Seq, last)
	}
}

func testState(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := newSession(t, st)
	addQuestion(t, st, s.ID, choiceQuestion("q1"))
	addQuestion(t, st, s.ID, wordcloudQuestion("q2"))
	last := session(t, st, s.ID).Seq
	for _, tc := range []struct {
		name    string
		patch   model.StatePatch
		want    model.State
		wantErr error
	}{
		{"show q1", model.StatePatch{QuestionID: ptr("q1")}, model.State{QuestionID: "q1"}, nil},
		{"results on", model.StatePatch{ResultsVisible: ptr(true)}, model.State{QuestionID: "q1", ResultsVisible: true}, nil},
		{"lock", model.StatePatch{Locked: ptr(true)}, model.State{QuestionID: "q1", ResultsVisible: true, Locked: true}, nil},
		{"empty patch", model.StatePatch{}, model.State{QuestionID: "q1", ResultsVisible: true, Locked: true}, nil},
		{"q2 and unlock", model.StatePatch{QuestionID: ptr("q2"), Locked: ptr(false)}, model.State{QuestionID: "q2", ResultsVisible: true}, nil},
		{"unknown question", model.StatePatch{QuestionID: ptr("nope"), Locked: ptr(true)}, model.State{QuestionID: "q2", ResultsVisible: true}, store.ErrNoQuestion},
		{"no question", model.StatePatch{QuestionID: ptr("")}, model.State{ResultsVisible: true}, nil},
		{"everything", model.StatePatch{QuestionID: ptr("q1"), ResultsVisible: ptr(false), Locked: ptr(true)}, model.State{QuestionID: "q1", Locked: true}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, seq, err := st.UpdateState(ctx, s.ID, tc.patch)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("UpdateState error %v, want %v", err, tc.wantErr)
			}
			if err == nil {
				last = wantGrows(t, last, seq)
				if got != tc.want {
					t.Fatalf("UpdateState = %+v, want %+v", got, tc.want)
				}
			}
			if now := session(t, st, s.ID); now.State != tc.want || now.Seq != last {
				t.Fatalf("stored state %+v seq %d, want %+v seq %d", now.State, now.Seq, tc.want, last)
			}
		})
	}
}

func testSeq(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := newSession(t, st)
	q := choiceQuestion("q")
	last := s.Seq
	steps := []struct {
		name string
		do   func() (uint64, error)
	}{
		{"add question", func() (uint64, error) { return st.AddQuestion(ctx, s.ID, q) }},
		{"show it", func() (uint64, error) {
			_, seq, err := st.UpdateState(ctx, s.ID, model.StatePatch{QuestionID: ptr("q")})
			return seq, err
		}},
		{"first answer", func() (uint64, error) { return st.Record(ctx, s.ID, answer(t, q, "p1", `[0]`)) }},
		{"same answer again", func() (uint64, error) { return st.Record(ctx, s.ID, answer(t, q, "p1", `[0]`)) }},
		{"changed answer", func() (uint64, error) { return st.Record(ctx, s.ID, answer(t, q, "p1", `[1]`)) }},
		{"show results", func() (uint64, error) {
			_, seq, err := st.UpdateState(ctx, s.ID, model.StatePatch{ResultsVisible: ptr(true)})
			return seq, err
		}},
	}
	for _, step := range steps {
		seq, err := step.do()
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		last = wantGrows(t, last, seq)
	}
	if got := session(t, st, s.ID).Seq; got != last {
		t.Fatalf("Session().Seq = %d, want %d", got, last)
	}
}

func testParticipants(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := newSession(t, st)
	ps := []model.Participant{
		{ID: "p1", Token: "tok-1", Name: "Åsa"},
		{ID: "p2", Token: "tok-2"},
		{ID: "p3", Token: "tok-3", Name: "Øyvind"},
	}
	for i, p := range ps {
		n, err := st.AddParticipant(ctx, s.ID, p, roomy)
		if err != nil || n != int64(i+1) {
			t.Fatalf("AddParticipant(%s) = %d, %v; want %d", p.ID, n, err, i+1)
		}
	}
	if n, err := st.AddParticipant(ctx, s.ID, ps[1], roomy); err != nil || n != 3 {
		t.Fatalf("AddParticipant again = %d, %v; want 3 (same token, same participant)", n, err)
	}
	for _, p := range ps {
		got, err := st.Participant(ctx, s.ID, p.Token)
		want := p
		want.Token = "" // kept only as its hash
		if err != nil || got != want {
			t.Fatalf("Participant(%s) = %+v, %v; want %+v", p.Token, got, err, want)
		}
	}
	if n, err := st.ParticipantCount(ctx, s.ID); err != nil || n != 3 {
		t.Fatalf("ParticipantCount = %d, %v; want 3", n, err)
	}
	if n, err := st.ParticipantCount(ctx, newSession(t, st).ID); err != nil || n != 0 {
		t.Fatalf("ParticipantCount of a new session = %d, %v; want 0", n, err)
	}
}

func testRecordRefused(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := newSession(t, st)
	q1, q2 := choiceQuestion("q1"), choiceQuestion("q2")
	addQuestion(t, st, s.ID, q1)
	addQuestion(t, st, s.ID, q2)
	for _, tc := range []struct {
		name    string
		patch   model.StatePatch
		answer  model.Answer
		wantErr error
	}{
		{"nothing shown", model.StatePatch{}, answer(t, q1, "p1", `[0]`), store.ErrNotCurrent},
		{"no question id", model.StatePatch{}, model.Answer{ParticipantID: "p1"}, store.ErrNotCurrent},
		{"other question", model.StatePatch{QuestionID: ptr("q2")}, answer(t, q1, "p1", `[0]`), store.ErrNotCurrent},
		{"unknown question", model.StatePatch{}, model.Answer{QuestionID: "nope", ParticipantID: "p1"}, store.ErrNotCurrent},
		{"locked", model.StatePatch{Locked: ptr(true)}, answer(t, q2, "p1", `[0]`), store.ErrLocked},
		{"locked, other question", model.StatePatch{}, answer(t, q1, "p1", `[0]`), store.ErrNotCurrent},
		{"unlocked", model.StatePatch{Locked: ptr(false)}, answer(t, q2, "p1", `[1]`), nil},
		{"locked again", model.StatePatch{Locked: ptr(true)}, answer(t, q2, "p1", `[0]`), store.ErrLocked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := st.UpdateState(ctx, s.ID, tc.patch); err != nil {
				t.Fatalf("UpdateState: %v", err)
			}
			before := session(t, st, s.ID).Seq
			seq, err := st.Record(ctx, s.ID, tc.answer)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Record error %v, want %v", err, tc.wantErr)
			}
			want := before
			if err == nil {
				want = wantGrows(t, before, seq)
			}
			if got := session(t, st, s.ID).Seq; got != want {
				t.Fatalf("Seq = %d, want %d", got, want)
			}
		})
	}
	// Only the one accepted answer counts.
	wantTally(t, st, s.ID, "q1", 0, nil)
	wantTally(t, st, s.ID, "q2", 1, map[string]int64{"c1": 1})
}

func testReplaceChoice(t *testing.T, st store.Engine) {
	s := newSession(t, st)
	q := choiceQuestion("q")
	addQuestion(t, st, s.ID, q)
	show(t, st, s.ID, "q")
	for _, tc := range []struct {
		pid, value string
		responses  int64
		counts     map[string]int64
	}{
		{"p1", `[0]`, 1, map[string]int64{"c0": 1}},
		{"p2", `[0]`, 2, map[string]int64{"c0": 2}},
		{"p1", `[1]`, 2, map[string]int64{"c0": 1, "c1": 1}},
		{"p1", `[1]`, 2, map[string]int64{"c0": 1, "c1": 1}},
		{"p3", `[2]`, 3, map[string]int64{"c0": 1, "c1": 1, "c2": 1}},
		{"p3", `[0]`, 3, map[string]int64{"c0": 2, "c1": 1}},
		{"p1", `[0]`, 3, map[string]int64{"c0": 3}},
	} {
		t.Run(tc.pid+tc.value, func(t *testing.T) {
			record(t, st, s.ID, answer(t, q, tc.pid, tc.value))
			wantTally(t, st, s.ID, "q", tc.responses, tc.counts)
		})
	}
	// Oldest first by first answer; each participant's latest answer.
	wantAnswers(t, st, s.ID, "q", []string{"p1", "p2", "p3"}, [][]string{{"A"}, {"A"}, {"A"}})
}

func testReplaceWordcloud(t *testing.T, st store.Engine) {
	s := newSession(t, st)
	q := wordcloudQuestion("w")
	addQuestion(t, st, s.ID, q)
	show(t, st, s.ID, "w")
	final := map[string]poll.Answer{}
	for _, step := range []struct{ pid, value string }{
		{"p1", `["Får", "hår"]`},
		{"p2", `["får", " FÅR  ", "far"]`},
		{"p3", `["<hår & får>"]`},
		{"p1", `["far", "har"]`},
		{"p3", `["hår"]`},
		{"p2", `["Får"]`},
	} {
		a := answer(t, q, step.pid, step.value)
		record(t, st, s.ID, a)
		final[step.pid] = poll.Answer{Entries: a.Entries, Tally: a.Tally}
		wantTally(t, st, s.ID, "w", int64(len(final)), sumTallies(slicesOf(final)...))
	}
	wantAnswers(t, st, s.ID, "w", []string{"p1", "p2", "p3"},
		[][]string{final["p1"].Entries, final["p2"].Entries, final["p3"].Entries})
}

func testEmptyTally(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := newSession(t, st)
	addQuestion(t, st, s.ID, choiceQuestion("q"))
	for _, qid := range []string{"q", "never-created"} {
		wantTally(t, st, s.ID, qid, 0, nil)
		as, err := st.Answers(ctx, s.ID, qid)
		if err != nil || len(as) != 0 {
			t.Fatalf("Answers(%s) = %v, %v; want none", qid, as, err)
		}
	}
}

// testConcurrent: 50 goroutines record and re-record answers of 20 shared
// participants at once. The tally must be the exact sum of the answers that
// stay stored, and every Record must get its own Seq.
func testConcurrent(t *testing.T, st store.Engine) {
	const workers, rounds, participants = 50, 8, 20
	ctx := t.Context()
	s := newSession(t, st)
	q := check(t, poll.Question{ID: "q", Type: "choice", Prompt: "Vad?", Options: []string{"a", "b", "c", "d", "e"}, Multiple: true})
	addQuestion(t, st, s.ID, q)
	show(t, st, s.ID, "q")
	start := session(t, st, s.ID).Seq

	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seqs = map[uint64]bool{}
	)
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for r := range rounds {
				pid := fmt.Sprintf("p%02d", (w*7+r)%participants)
				var picks []int
				for i := range len(q.Options) {
					if rng.IntN(2) == 0 || (i == len(q.Options)-1 && len(picks) == 0) {
						picks = append(picks, i)
					}
				}
				value, _ := json.Marshal(picks)
				pa, err := poll.Parse(&q, value, poll.Context{})
				if err != nil {
					t.Errorf("Parse(%s): %v", value, err)
					return
				}
				seq, err := st.Record(ctx, s.ID, model.Answer{QuestionID: "q", ParticipantID: pid, Entries: pa.Entries, Tally: pa.Tally, At: time.Now()})
				if err != nil {
					t.Errorf("Record: %v", err)
					return
				}
				mu.Lock()
				if seqs[seq] {
					t.Errorf("Seq %d returned twice", seq)
				}
				seqs[seq] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if got, want := session(t, st, s.ID).Seq, start+workers*rounds; got != want {
		t.Fatalf("Seq = %d, want %d", got, want)
	}
	stored, err := st.Answers(ctx, s.ID, "q")
	if err != nil {
		t.Fatalf("Answers: %v", err)
	}
	if len(stored) != participants {
		t.Fatalf("%d answers stored, want %d", len(stored), participants)
	}
	finals := make([]poll.Answer, len(stored))
	for i, a := range stored {
		finals[i] = poll.Answer{Entries: a.Entries, Tally: a.Tally}
	}
	wantTally(t, st, s.ID, "q", participants, sumTallies(finals...))
}

// ---- broker suite ----

// testBroker runs the broker suite. newBrokers returns brokers of the same
// deployment as seen from nodes different nodes (processes).
func testBroker(t *testing.T, newBrokers func(t *testing.T, nodes int) []store.Broker) {
	t.Run("own session only", func(t *testing.T) {
		b := newBrokers(t, 1)[0]
		s1, s2 := uuid.NewString(), uuid.NewString()
		r1, r2 := subscribe(t, b, s1), subscribe(t, b, s2)
		n1 := store.Notice{SessionID: s1, Kind: store.NoticeAnswers, Seq: 5}
		n2 := store.Notice{SessionID: s2, Kind: store.NoticeState, Seq: 9}
		publish(t, b, n1)
		r1.waitFor(t, n1)
		publish(t, b, n2)
		r2.waitFor(t, n2)
		r1.want(t, n1)
		r2.want(t, n2)
	})
	t.Run("two subscribers", func(t *testing.T) {
		b := newBrokers(t, 1)[0]
		s := uuid.NewString()
		r1, r2 := subscribe(t, b, s), subscribe(t, b, s)
		n1 := store.Notice{SessionID: s, Kind: store.NoticeState, Seq: 2}
		n2 := store.Notice{SessionID: s, Kind: store.NoticeAnswers, Seq: 3}
		publish(t, b, n1)
		publish(t, b, n2)
		r1.waitFor(t, n1, n2)
		r2.waitFor(t, n1, n2)
	})
	t.Run("unsubscribe", func(t *testing.T) {
		b := newBrokers(t, 1)[0]
		s := uuid.NewString()
		gone, stays := &recorder{}, &recorder{}
		unsub, err := b.Subscribe(t.Context(), s, gone.add)
		if err != nil {
			t.Fatalf("Subscribe: %v", err)
		}
		unsubStays, err := b.Subscribe(t.Context(), s, stays.add)
		if err != nil {
			t.Fatalf("Subscribe: %v", err)
		}
		unsub()
		unsub() // twice is harmless
		n1 := store.Notice{SessionID: s, Kind: store.NoticeAnswers, Seq: 7}
		publish(t, b, n1)
		stays.waitFor(t, n1)
		gone.want(t)

		// The last one leaves, a new one comes: it hears from the start.
		unsubStays()
		again := subscribe(t, b, s)
		n2 := store.Notice{SessionID: s, Kind: store.NoticeAnswers, Seq: 8}
		publish(t, b, n2)
		again.waitFor(t, n2)
		stays.want(t, n1)
	})
	t.Run("nodes", func(t *testing.T) {
		nodes := newBrokers(t, 2)
		s := uuid.NewString()
		r0, r1 := subscribe(t, nodes[0], s), subscribe(t, nodes[1], s)
		n1 := store.Notice{SessionID: s, Kind: store.NoticeState, Seq: 1}
		n2 := store.Notice{SessionID: s, Kind: store.NoticeAnswers, Seq: 2}
		publish(t, nodes[0], n1)
		publish(t, nodes[1], n2)
		r0.waitFor(t, n1, n2)
		r1.waitFor(t, n1, n2)
	})
}

// recorder collects the notices a subscriber gets.
type recorder struct {
	mu  sync.Mutex
	got []store.Notice
}

func (r *recorder) add(n store.Notice) {
	r.mu.Lock()
	r.got = append(r.got, n)
	r.mu.Unlock()
}

func (r *recorder) notices() []store.Notice {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]store.Notice(nil), r.got...)
}

// waitFor waits until r holds at least len(want) notices, then wants exactly want.
func (r *recorder) waitFor(t *testing.T, want ...store.Notice) {
	t.Helper()
	testutil.WaitFor(t, 5*time.Second, fmt.Sprintf("%d notices", len(want)), func() bool { return len(r.notices()) >= len(want) })
	r.want(t, want...)
}

func (r *recorder) want(t *testing.T, want ...store.Notice) {
	t.Helper()
	if got := r.notices(); !reflect.DeepEqual(got, want) && (len(got) != 0 || len(want) != 0) {
		t.Fatalf("notices = %+v, want %+v", got, want)
	}
}

func subscribe(t *testing.T, b store.Broker, sessionID string) *recorder {
	t.Helper()
	r := &recorder{}
	unsub, err := b.Subscribe(t.Context(), sessionID, r.add)
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	t.Cleanup(unsub)
	return r
}

func publish(t *testing.T, b store.Broker, n store.Notice) {
	t.Helper()
	if err := b.Publish(t.Context(), n); err != nil {
		t.Fatalf("Publish: %v", err)
	}
}

// ---- store helpers ----

func ptr[T any](v T) *T { return &v }

func check(t *testing.T, q poll.Question) poll.Question {
	t.Helper()
	if err := poll.Check(&q); err != nil {
		t.Fatalf("poll.Check(%+v): %v", q, err)
	}
	return q
}

func choiceQuestion(id string) poll.Question {
	return poll.Question{ID: id, Type: "choice", Prompt: "Välj", Options: []string{"A", "B", "C"}}
}

func wordcloudQuestion(id string) poll.Question {
	return poll.Question{ID: id, Type: "wordcloud", Prompt: "Ett ord", MaxEntries: 3}
}

func newSession(t *testing.T, st store.SessionStore) *model.Session {
	t.Helper()
	s := &model.Session{ID: uuid.NewString(), Title: "Test", Language: "sv", CreatedAt: time.Now()}
	if err := st.CreateSession(t.Context(), s); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	return s
}

func session(t *testing.T, st store.SessionStore, id string) *model.Session {
	t.Helper()
	s, err := st.Session(t.Context(), id)
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	return s
}

func addQuestion(t *testing.T, st store.QuestionStore, sessionID string, q poll.Question) uint64 {
	t.Helper()
	q = check(t, q)
	seq, err := st.AddQuestion(t.Context(), sessionID, q)
	if err != nil {
		t.Fatalf("AddQuestion: %v", err)
	}
	return seq
}

func show(t *testing.T, st store.StateStore, sessionID, questionID string) {
	t.Helper()
	if _, _, err := st.UpdateState(t.Context(), sessionID, model.StatePatch{QuestionID: &questionID}); err != nil {
		t.Fatalf("UpdateState: %v", err)
	}
}

// answer parses value for q with the question's own type.
func answer(t *testing.T, q poll.Question, pid, value string) model.Answer {
	t.Helper()
	q = check(t, q)
	pa, err := poll.Parse(&q, json.RawMessage(value), poll.Context{})
	if err != nil {
		t.Fatalf("poll.Parse(%s): %v", value, err)
	}
	return model.Answer{QuestionID: q.ID, ParticipantID: pid, Entries: pa.Entries, Tally: pa.Tally, At: time.Now().UTC()}
}

func record(t *testing.T, st store.AnswerStore, sessionID string, a model.Answer) uint64 {
	t.Helper()
	seq, err := st.Record(t.Context(), sessionID, a)
	if err != nil {
		t.Fatalf("Record(%s): %v", a.ParticipantID, err)
	}
	return seq
}

func wantGrows(t *testing.T, last, seq uint64) uint64 {
	t.Helper()
	if seq <= last {
		t.Fatalf("Seq %d after %d: it must grow", seq, last)
	}
	return seq
}

// wantTally checks a tally exactly; a counter may be absent or 0 alike.
func wantTally(t *testing.T, st store.AnswerStore, sessionID, questionID string, responses int64, counts map[string]int64) {
	t.Helper()
	got, err := st.Tally(t.Context(), sessionID, questionID)
	if err != nil {
		t.Fatalf("Tally: %v", err)
	}
	if got.Responses != responses || !maps.Equal(nonZero(got.Counts), nonZero(counts)) {
		t.Fatalf("Tally = %d %s, want %d %s", got.Responses, fmtCounts(got.Counts), responses, fmtCounts(counts))
	}
	for k, n := range got.Counts {
		if n < 0 {
			t.Fatalf("counter %q is %d", k, n)
		}
	}
}

func wantAnswers(t *testing.T, st store.AnswerStore, sessionID, questionID string, pids []string, entries [][]string) {
	t.Helper()
	got, err := st.Answers(t.Context(), sessionID, questionID)
	if err != nil {
		t.Fatalf("Answers: %v", err)
	}
	if len(got) != len(pids) {
		t.Fatalf("%d answers, want %d", len(got), len(pids))
	}
	for i, a := range got {
		if a.ParticipantID != pids[i] || a.QuestionID != questionID || !reflect.DeepEqual(a.Entries, entries[i]) || a.At.IsZero() {
			t.Fatalf("answer %d = %+v, want %s with %q", i, a, pids[i], entries[i])
		}
	}
}

// fmtCounts shows counters sorted, keys quoted (word cloud keys hold NUL bytes).
func fmtCounts(m map[string]int64) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(&b, "%q:%d ", k, m[k])
	}
	return "{" + strings.TrimSpace(b.String()) + "}"
}

func sumTallies(as ...poll.Answer) map[string]int64 {
	sum := map[string]int64{}
	for _, a := range as {
		for k, n := range a.Tally {
			sum[k] += n
		}
	}
	return sum
}

func slicesOf(m map[string]poll.Answer) []poll.Answer {
	out := make([]poll.Answer, 0, len(m))
	for _, a := range m {
		out = append(out, a)
	}
	return out
}

func nonZero(m map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, n := range m {
		if n != 0 {
			out[k] = n
		}
	}
	return out
}

// ---- redis helpers ----

// clusterURL is a real Redis Cluster: TING_TEST_REDIS_CLUSTER_URL, or
// three redis-server nodes this test binary starts (testutil.RedisClusterURL).
func clusterURL(t *testing.T) string {
	return testutil.RedisClusterURL(t)
}

func newRedisStore(raw string) func(t *testing.T) store.Engine {
	return func(t *testing.T) store.Engine {
		c := testutil.RedisClient(t, raw)
		st := store.NewRedisStore(store.RedisConfig{Client: c, Prefix: testutil.RedisPrefix(t, raw)})
		t.Cleanup(func() { st.Close() })
		return st.Engine()
	}
}

// newRedisBrokers makes each node a broker on a client of its own.
func newRedisBrokers(raw string) func(t *testing.T, nodes int) []store.Broker {
	return func(t *testing.T, nodes int) []store.Broker {
		var prefix string
		out := make([]store.Broker, nodes)
		for i := range out {
			c := testutil.RedisClient(t, raw)
			if i == 0 {
				prefix = testutil.RedisPrefix(t, raw)
			}
			b := store.NewRedisBroker(store.RedisConfig{Client: c, Prefix: prefix})
			t.Cleanup(func() {
				if err := b.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			out[i] = b
		}
		return out
	}
}

func TestParseRedisURL(t *testing.T) {
	c, err := store.ParseRedisURL("redis://:secret@10.0.0.1:6380/2")
	if err != nil {
		t.Fatalf("standalone: %v", err)
	}
	defer c.Close()
	if rc, ok := c.(*redis.Client); !ok || rc.Options().Addr != "10.0.0.1:6380" || rc.Options().DB != 2 || rc.Options().Password != "secret" {
		t.Fatalf("standalone: got %T %+v", c, c)
	}
	cc, err := store.ParseRedisURL("redis://10.0.0.1:7000?addr=10.0.0.2:7001&addr=10.0.0.3:7002")
	if err != nil {
		t.Fatalf("cluster: %v", err)
	}
	defer cc.Close()
	want := []string{"10.0.0.1:7000", "10.0.0.2:7001", "10.0.0.3:7002"}
	if rc, ok := cc.(*redis.ClusterClient); !ok || !reflect.DeepEqual(rc.Options().Addrs, want) {
		t.Fatalf("cluster: got %T", cc)
	}
	for _, bad := range []string{"http://x", "redis://x:1/notadb", "redis://a:1?addr=b:2&bogus=1", "redis://[::1"} {
		if c, err := store.ParseRedisURL(bad); err == nil {
			c.Close()
			t.Errorf("ParseRedisURL(%q) succeeded", bad)
		}
	}
}

// TestRedisUnavailable: a Redis that does not answer gives ErrUnavailable.
func TestRedisUnavailable(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 100 * time.Millisecond, DialerRetries: 1, MaxRetries: -1})
	t.Cleanup(func() { c.Close() })
	st := store.NewRedisStore(store.RedisConfig{Client: c})
	b := store.NewRedisBroker(store.RedisConfig{Client: c})
	t.Cleanup(func() { b.Close() })
	ctx := t.Context()
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"Ping", func() error { return st.Ping(ctx) }},
		{"CreateSession", func() error { return st.CreateSession(ctx, &model.Session{ID: "x"}) }},
		{"Session", func() error { _, err := st.Session(ctx, "x"); return err }},
		{"Record", func() error {
			_, err := st.Record(ctx, "x", model.Answer{QuestionID: "q", ParticipantID: "p"})
			return err
		}},
		{"Tally", func() error { _, err := st.Tally(ctx, "x", "q"); return err }},
		{"Publish", func() error { return b.Publish(ctx, store.Notice{SessionID: "x"}) }},
		{"Subscribe", func() error { _, err := b.Subscribe(ctx, "x", func(store.Notice) {}); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); !errors.Is(err, store.ErrUnavailable) {
				t.Fatalf("error %v, want ErrUnavailable", err)
			}
		})
	}
}
