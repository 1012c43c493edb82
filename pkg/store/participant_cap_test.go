package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/store"
)

func (r *reopening) SetMaxParticipants(ctx context.Context, sessionID string, n int) (uint64, error) {
	return change(r, func(st *store.BoltStore) (uint64, error) { return st.SetMaxParticipants(ctx, sessionID, n) })
}

// testJoinLimits: a session's participant cap and its closed-for-joins
// flag are kept, read back and changed like its other settings.
func testJoinLimits(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := &model.Session{ID: uuid.NewString(), Title: "Cap", Language: "sv", CreatedAt: time.Now().UTC(), MaxParticipants: 450}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := st.Session(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.MaxParticipants != 450 || got.Cap() != 450 || got.State.JoinsClosed {
		t.Fatalf("created: cap %d (%d), joinsClosed %v; want 450, open", got.MaxParticipants, got.Cap(), got.State.JoinsClosed)
	}
	seq, err := st.SetMaxParticipants(ctx, s.ID, 0)
	if err != nil || seq <= got.Seq {
		t.Fatalf("SetMaxParticipants: %d %v (seq was %d)", seq, err, got.Seq)
	}
	closed := true
	stt, _, err := st.UpdateState(ctx, s.ID, model.StatePatch{JoinsClosed: &closed})
	if err != nil || !stt.JoinsClosed {
		t.Fatalf("close joins: %+v %v", stt, err)
	}
	// Another change to the state keeps it closed.
	rv := true
	if stt, _, err = st.UpdateState(ctx, s.ID, model.StatePatch{ResultsVisible: &rv}); err != nil || !stt.JoinsClosed || !stt.ResultsVisible {
		t.Fatalf("results visible after closing joins: %+v %v", stt, err)
	}
	if got, err = st.Session(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if got.MaxParticipants != 0 || got.Cap() != model.DefaultMaxParticipants || !got.State.JoinsClosed {
		t.Fatalf("after changes: cap %d (%d), joinsClosed %v", got.MaxParticipants, got.Cap(), got.State.JoinsClosed)
	}
	if _, err := st.SetMaxParticipants(ctx, "nope", 5); err != store.ErrNotFound {
		t.Fatalf("unknown session: %v", err)
	}
}
