package store_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/store"
)

// testClosesAt: a session past its ClosesAt refuses every answer as locked;
// moving it later opens it again, clearing it keeps it open.
func testClosesAt(t *testing.T, st store.Engine) {
	ctx := t.Context()
	closes := time.Now().Add(time.Hour).Truncate(time.Millisecond).UTC()
	s := &model.Session{ID: uuid.NewString(), Title: "Eksempler", Language: "da", CreatedAt: time.Now(),
		Pace: model.PaceAudience, ClosesAt: closes}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := st.Session(ctx, s.ID)
	if err != nil || !got.ClosesAt.Equal(closes) {
		t.Fatalf("ClosesAt as created = %v, %v; want %v", got.ClosesAt, err, closes)
	}
	q := wordcloudQuestion("q1")
	addQuestion(t, st, s.ID, q)
	record(t, st, s.ID, answer(t, q, "p1", `["før"]`))
	late := answer(t, q, "p2", `["efter"]`)
	late.At = closes
	if _, err := st.Record(ctx, s.ID, late); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("answer at closesAt: %v, want ErrLocked", err)
	}
	moved := closes.Add(24 * time.Hour)
	if _, err := st.SetClosesAt(ctx, s.ID, moved); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Session(ctx, s.ID); !got.ClosesAt.Equal(moved) {
		t.Fatalf("ClosesAt moved = %v, want %v", got.ClosesAt, moved)
	}
	if _, err := st.Record(ctx, s.ID, late); err != nil {
		t.Fatalf("answer before the moved closesAt: %v", err)
	}
	past := time.Now().Add(-time.Minute).Truncate(time.Millisecond).UTC()
	if _, err := st.SetClosesAt(ctx, s.ID, past); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Record(ctx, s.ID, answer(t, q, "p3", `["nu"]`)); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("answer after closesAt: %v, want ErrLocked", err)
	}
	if _, err := st.SetClosesAt(ctx, s.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Session(ctx, s.ID); !got.ClosesAt.IsZero() {
		t.Fatalf("ClosesAt cleared = %v", got.ClosesAt)
	}
	record(t, st, s.ID, answer(t, q, "p3", `["nu"]`))
	if tl, err := st.Tally(ctx, s.ID, "q1"); err != nil || tl.Responses != 3 {
		t.Fatalf("responses = %d, %v; want 3", tl.Responses, err)
	}
	if _, err := st.SetClosesAt(ctx, uuid.NewString(), past); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("SetClosesAt of no session: %v", err)
	}
}

// testSelections: entries are selected and unselected per session, keeping
// who selected them first; another session's selections stay apart.
func testSelections(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s, other := newSession(t, st), newSession(t, st)
	if sels, err := st.Selections(ctx, s.ID); err != nil || len(sels) != 0 {
		t.Fatalf("Selections of a new session = %v, %v", sels, err)
	}
	at := time.Now().Truncate(time.Millisecond).UTC()
	a := model.Selection{EntryID: "a1", QuestionID: "q1", By: "f-anna", At: at}
	b := model.Selection{EntryID: "b2", QuestionID: "q2", By: "f-bo", At: at.Add(time.Second)}
	seq0, _ := st.Session(ctx, s.ID)
	for _, sel := range []model.Selection{a, b} {
		if _, err := st.Select(ctx, s.ID, sel, true); err != nil {
			t.Fatal(err)
		}
	}
	// Selecting again keeps the first selector.
	if _, err := st.Select(ctx, s.ID, model.Selection{EntryID: "a1", QuestionID: "q1", By: "f-bo", At: at.Add(time.Minute)}, true); err != nil {
		t.Fatal(err)
	}
	sels, err := st.Selections(ctx, s.ID)
	if err != nil || len(sels) != 2 || sels[0].EntryID != "a1" || sels[0].By != "f-anna" || !sels[0].At.Equal(at) ||
		sels[1].EntryID != "b2" || sels[1].QuestionID != "q2" || sels[1].By != "f-bo" {
		t.Fatalf("Selections = %+v, %v; want a1 by f-anna then b2 by f-bo", sels, err)
	}
	if now, _ := st.Session(ctx, s.ID); now.Seq <= seq0.Seq {
		t.Fatalf("Seq after selecting = %d, was %d", now.Seq, seq0.Seq)
	}
	if _, err := st.Select(ctx, s.ID, a, false); err != nil {
		t.Fatal(err)
	}
	if sels, _ := st.Selections(ctx, s.ID); len(sels) != 1 || sels[0].EntryID != "b2" {
		t.Fatalf("Selections after unselecting a1 = %+v", sels)
	}
	if sels, _ := st.Selections(ctx, other.ID); len(sels) != 0 {
		t.Fatalf("another session's selections = %+v", sels)
	}
	if _, err := st.Select(ctx, uuid.NewString(), a, true); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Select in no session: %v", err)
	}
	if _, err := st.Selections(ctx, uuid.NewString()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Selections of no session: %v", err)
	}
}

// Deleting a session on Redis leaves no key of it behind: its selections
// (and closing time) go with everything else.
func TestRedisDeleteLeavesNoKeys(t *testing.T) {
	raw := testutil.RedisURL(t)
	c := testutil.RedisClient(t, raw)
	prefix := testutil.RedisPrefix(t, raw)
	st := store.NewRedisStore(store.RedisConfig{Client: c, Prefix: prefix})
	ctx := t.Context()
	s := &model.Session{ID: uuid.NewString(), Title: "Slettes", Language: "da", CreatedAt: time.Now(),
		Pace: model.PaceAudience, ClosesAt: time.Now().Add(time.Hour)}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	q := wordcloudQuestion("q1")
	addQuestion(t, st.Engine(), s.ID, q)
	record(t, st.Engine(), s.ID, answer(t, q, "p1", `["tillid"]`))
	if _, err := st.Select(ctx, s.ID, model.Selection{EntryID: "e1", QuestionID: "q1", By: "owner", At: time.Now()}, true); err != nil {
		t.Fatal(err)
	}
	keysOf := func() []string {
		var out []string
		iter := c.Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			if strings.Contains(iter.Val(), s.ID) {
				out = append(out, iter.Val())
			}
		}
		if err := iter.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if ks := keysOf(); !slices.ContainsFunc(ks, func(k string) bool { return strings.HasSuffix(k, ":selections") }) {
		t.Fatalf("keys before delete %v: no selections key", ks)
	}
	if err := st.DeleteSession(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if ks := keysOf(); len(ks) != 0 {
		t.Fatalf("keys left after delete: %v", ks)
	}
}
