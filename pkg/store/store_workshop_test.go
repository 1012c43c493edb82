package store_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/store"
)

func testSessionSettings(t *testing.T, st store.Engine) {
	ctx := t.Context()
	exp := time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)
	in := &model.Session{
		ID: uuid.NewString(), Title: "Före seminariet", Language: "sv", CreatedAt: time.Now(),
		Pace: model.PaceAudience, MinSegment: 7, ExpiresAt: exp,
	}
	if err := st.CreateSession(ctx, in); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	got := session(t, st, in.ID)
	if got.Pace != model.PaceAudience || got.MinSegment != 7 || !got.ExpiresAt.Equal(exp) || got.Threshold() != 7 {
		t.Fatalf("settings %q %d %v, want audience 7 %v", got.Pace, got.MinSegment, got.ExpiresAt, exp)
	}
	last := got.Seq
	seq, err := st.SetMinSegment(ctx, in.ID, 3)
	if err != nil {
		t.Fatalf("SetMinSegment: %v", err)
	}
	wantGrows(t, last, seq)
	if got := session(t, st, in.ID); got.MinSegment != 3 || got.Pace != model.PaceAudience || !got.ExpiresAt.Equal(exp) {
		t.Fatalf("after SetMinSegment: %d %q %v", got.MinSegment, got.Pace, got.ExpiresAt)
	}
	if _, err := st.SetMinSegment(ctx, uuid.NewString(), 3); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("SetMinSegment of an unknown session: %v", err)
	}
	plain := session(t, st, newSession(t, st).ID)
	if plain.Pace != model.PaceLive || plain.MinSegment != 0 || !plain.ExpiresAt.IsZero() || plain.Threshold() != model.DefaultMinSegment {
		t.Fatalf("defaults %q %d %v", plain.Pace, plain.MinSegment, plain.ExpiresAt)
	}
}

func testSelfPaced(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := &model.Session{ID: uuid.NewString(), Title: "Självgående", Language: "sv", CreatedAt: time.Now(), Pace: model.PaceAudience}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	q1, q2 := choiceQuestion("q1"), wordcloudQuestion("q2")
	addQuestion(t, st, s.ID, q1)
	addQuestion(t, st, s.ID, q2)
	// No current question: every question of the session takes answers, in any order.
	record(t, st, s.ID, answer(t, q2, "p1", `["stolthet"]`))
	record(t, st, s.ID, answer(t, q1, "p1", `[2]`))
	record(t, st, s.ID, answer(t, q1, "p1", `[1]`))
	wantTally(t, st, s.ID, "q1", 1, map[string]int64{"c1": 1})
	if _, err := st.Record(ctx, s.ID, model.Answer{QuestionID: "nope", ParticipantID: "p1", At: time.Now()}); !errors.Is(err, store.ErrNotCurrent) {
		t.Fatalf("answer to a question not in the session: %v, want ErrNotCurrent", err)
	}
	if _, _, err := st.UpdateState(ctx, s.ID, model.StatePatch{Locked: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Record(ctx, s.ID, answer(t, q1, "p2", `[0]`)); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("answer while locked: %v, want ErrLocked", err)
	}
	// A live session still takes only the current question.
	live := newSession(t, st)
	addQuestion(t, st, live.ID, q1)
	addQuestion(t, st, live.ID, q2)
	show(t, st, live.ID, "q1")
	if _, err := st.Record(ctx, live.ID, answer(t, q2, "p1", `["ord"]`)); !errors.Is(err, store.ErrNotCurrent) {
		t.Fatalf("live session took a question that is not current: %v", err)
	}
}

func testGroups(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := newSession(t, st)
	if gs, err := st.Groups(ctx, s.ID); err != nil || len(gs) != 0 {
		t.Fatalf("Groups of a new session = %v, %v; want none", gs, err)
	}
	var pids []string
	for i := range 5 {
		p := model.Participant{ID: uuid.NewString(), Token: uuid.NewString(), Name: string(rune('A' + i))}
		if _, err := st.AddParticipant(ctx, s.ID, p, roomy); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, p.ID)
	}
	last := session(t, st, s.ID).Seq
	groups := []model.Group{{Name: "Grupp 1", Members: pids[:3]}, {Name: "Grupp 2", Members: pids[3:]}}
	seq, err := st.SetGroups(ctx, s.ID, groups)
	if err != nil {
		t.Fatalf("SetGroups: %v", err)
	}
	wantGrows(t, last, seq)
	if gs, err := st.Groups(ctx, s.ID); err != nil || !reflect.DeepEqual(gs, groups) {
		t.Fatalf("Groups = %+v, %v; want %+v", gs, err, groups)
	}
	// A new split replaces the old one.
	again := []model.Group{{Name: "Par 1", Members: pids[:2]}}
	if _, err := st.SetGroups(ctx, s.ID, again); err != nil {
		t.Fatal(err)
	}
	if gs, _ := st.Groups(ctx, s.ID); !reflect.DeepEqual(gs, again) {
		t.Fatalf("Groups after a new split = %+v, want %+v", gs, again)
	}
	if _, err := st.SetGroups(ctx, s.ID, nil); err != nil {
		t.Fatal(err)
	}
	if gs, _ := st.Groups(ctx, s.ID); len(gs) != 0 {
		t.Fatalf("Groups after clearing = %+v", gs)
	}
	missing := uuid.NewString()
	if _, err := st.SetGroups(ctx, missing, groups); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("SetGroups of an unknown session: %v", err)
	}
	if _, err := st.Groups(ctx, missing); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Groups of an unknown session: %v", err)
	}
}

func testDeleteSession(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := newSession(t, st)
	keep := newSession(t, st)
	q := choiceQuestion("q1")
	for _, id := range []string{s.ID, keep.ID} {
		addQuestion(t, st, id, q)
		show(t, st, id, "q1")
		if _, err := st.AddParticipant(ctx, id, model.Participant{ID: "p1", Token: "tok-" + id}, roomy); err != nil {
			t.Fatal(err)
		}
		record(t, st, id, answer(t, q, "p1", `[0]`))
		if _, err := st.SetGroups(ctx, id, []model.Group{{Name: "Grupp 1", Members: []string{"p1"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Select(ctx, id, model.Selection{EntryID: "e1", QuestionID: "q1", At: time.Now()}, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DeleteSession(ctx, s.ID); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	if _, err := st.Session(ctx, s.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Session after delete: %v", err)
	}
	if _, err := st.SessionIDByCode(ctx, s.Code); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("join code after delete: %v", err)
	}
	if _, err := st.Participant(ctx, s.ID, "tok-"+s.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("participant after delete: %v", err)
	}
	if _, err := st.Answers(ctx, s.ID, "q1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("answers after delete: %v", err)
	}
	if _, err := st.Answer(ctx, s.ID, "q1", "p1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("answer after delete: %v", err)
	}
	if _, err := st.Groups(ctx, s.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("groups after delete: %v", err)
	}
	if _, err := st.Selections(ctx, s.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("selections after delete: %v", err)
	}
	if _, err := st.Select(ctx, s.ID, model.Selection{EntryID: "e2", QuestionID: "q1"}, true); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("select after delete: %v", err)
	}
	if sels, err := st.Selections(ctx, keep.ID); err != nil || len(sels) != 1 {
		t.Fatalf("the other session's selections = %v, %v; want its one", sels, err)
	}
	if _, err := st.Record(ctx, s.ID, answer(t, q, "p2", `[1]`)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("record after delete: %v", err)
	}
	if err := st.DeleteSession(ctx, s.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second delete: %v, want ErrNotFound", err)
	}
	// The other session is untouched.
	wantTally(t, st, keep.ID, "q1", 1, map[string]int64{"c0": 1})
	if gs, err := st.Groups(ctx, keep.ID); err != nil || len(gs) != 1 {
		t.Fatalf("other session's groups %v, %v", gs, err)
	}
}

func testExpired(t *testing.T, st store.Engine) {
	ctx := t.Context()
	now := time.Now().UTC().Truncate(time.Millisecond)
	mk := func(exp time.Time) string {
		s := &model.Session{ID: uuid.NewString(), Title: "T", Language: "sv", CreatedAt: now, ExpiresAt: exp}
		if err := st.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	old, due, later, never := mk(now.Add(-time.Hour)), mk(now), mk(now.Add(time.Hour)), mk(time.Time{})
	ids, err := st.Expired(ctx, now)
	if err != nil {
		t.Fatalf("Expired: %v", err)
	}
	has := func(id string) bool { return slices.Contains(ids, id) }
	if !has(old) || !has(due) || has(later) || has(never) {
		t.Fatalf("Expired = %v; want %s and %s, not %s or %s", ids, old, due, later, never)
	}
	if err := st.DeleteSession(ctx, old); err != nil {
		t.Fatal(err)
	}
	ids, _ = st.Expired(ctx, now)
	if slices.Contains(ids, old) {
		t.Fatalf("deleted session %s still listed as expired", old)
	}
}

func testPresence(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := newSession(t, st)
	t0 := time.Now().UTC().Truncate(time.Millisecond)
	if err := st.Touch(ctx, s.ID, []string{"p1", "p2"}, t0); err != nil {
		t.Fatalf("Touch: %v", err)
	}
	if err := st.Touch(ctx, s.ID, []string{"p2", "p3"}, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// An older touch never takes a participant back in time.
	if err := st.Touch(ctx, s.ID, []string{"p3"}, t0); err != nil {
		t.Fatal(err)
	}
	got, err := st.Active(ctx, s.ID, t0.Add(time.Second))
	if err != nil {
		t.Fatalf("Active: %v", err)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"p2", "p3"}) {
		t.Fatalf("Active since t0+1s = %v, want p2 p3", got)
	}
	all, _ := st.Active(ctx, s.ID, t0)
	if len(all) != 3 {
		t.Fatalf("Active since t0 = %v", all)
	}
	if err := st.Touch(ctx, uuid.NewString(), []string{"p1"}, t0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Touch of an unknown session: %v", err)
	}
	if err := st.DeleteSession(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Active(ctx, s.ID, t0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Active after delete: %v", err)
	}
}
