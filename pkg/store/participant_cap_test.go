package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
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

// roomy is the cap of the tests' adds that are not about the cap.
const roomy = model.DefaultMaxParticipants

// testParticipantCap: the cap holds exactly under joins at the same
// moment. 200 distinct participants are added at once to a session of
// cap 50: 50 are kept and 150 refused with ErrFull, and nothing refused
// is stored. At the cap, a participant kept already is stored again, not
// refused and not counted twice.
func testParticipantCap(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := &model.Session{ID: uuid.NewString(), Title: "Cap", Language: "sv", CreatedAt: time.Now().UTC(), MaxParticipants: 50}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	const joins, max = 200, 50
	errs := make([]error, joins)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range joins {
		wg.Go(func() {
			<-start
			p := model.Participant{ID: fmt.Sprintf("p%03d", i), Token: fmt.Sprintf("tok-%03d", i)}
			n, err := st.AddParticipant(ctx, s.ID, p, max)
			if err == nil && (n < 1 || n > max) {
				err = fmt.Errorf("count %d after the add", n)
			}
			errs[i] = err
		})
	}
	close(start)
	wg.Wait()
	added, full := 0, 0
	var kept, refused string
	for i, err := range errs {
		switch {
		case err == nil:
			added++
			kept = fmt.Sprintf("tok-%03d", i)
		case errors.Is(err, store.ErrFull):
			full++
			refused = fmt.Sprintf("tok-%03d", i)
		default:
			t.Fatalf("add %d: %v", i, err)
		}
	}
	if added != max || full != joins-max {
		t.Fatalf("added %d, refused full %d; want %d and %d", added, full, max, joins-max)
	}
	if n, err := st.ParticipantCount(ctx, s.ID); err != nil || n != max {
		t.Fatalf("ParticipantCount = %d, %v; want %d", n, err, max)
	}
	if _, err := st.Participant(ctx, s.ID, refused); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a refused participant: %v; want ErrNotFound", err)
	}
	// At the cap: one kept already joins again (a participant of the
	// programme, the same token), twice at once; a new one is refused.
	again, err := st.Participant(ctx, s.ID, kept)
	if err != nil {
		t.Fatalf("Participant(%s): %v", kept, err)
	}
	again.Token, again.Name = kept, "Åsa"
	for range 2 {
		wg.Go(func() {
			if n, err := st.AddParticipant(ctx, s.ID, again, max); err != nil || n != max {
				t.Errorf("AddParticipant of one kept already, at the cap = %d, %v; want %d", n, err, max)
			}
		})
	}
	wg.Wait()
	if got, err := st.Participant(ctx, s.ID, kept); err != nil || got.ID != again.ID || got.Name != "Åsa" {
		t.Fatalf("Participant after joining again = %+v, %v", got, err)
	}
	if _, err := st.AddParticipant(ctx, s.ID, model.Participant{ID: "late", Token: "tok-late"}, max); !errors.Is(err, store.ErrFull) {
		t.Fatalf("a new participant at the cap: %v; want ErrFull", err)
	}
	// A raised cap takes one more.
	if n, err := st.AddParticipant(ctx, s.ID, model.Participant{ID: "late", Token: "tok-late"}, max+1); err != nil || n != max+1 {
		t.Fatalf("a new participant under a raised cap = %d, %v; want %d", n, err, max+1)
	}
	if n, err := st.ParticipantCount(ctx, s.ID); err != nil || n != max+1 {
		t.Fatalf("ParticipantCount at the end = %d, %v; want %d", n, err, max+1)
	}
}
