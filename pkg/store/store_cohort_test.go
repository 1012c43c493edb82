package store_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/store"
)

// testCohort: a session keeps the programme it was made in, and groups
// keep their buddy pairs.
func testCohort(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := &model.Session{ID: uuid.NewString(), Title: "Modul 1", Language: "da", CreatedAt: time.Now(), Programme: "prog-1"}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := st.Session(ctx, s.ID)
	if err != nil || got.Programme != "prog-1" {
		t.Fatalf("programme of the session = %q, %v", got.Programme, err)
	}
	groups := []model.Group{{Name: "Gruppe 1", Members: []string{"a", "b", "c"},
		Pairs: []model.Pair{{Name: "Par 1", Members: []string{"a", "b", "c"}}}}}
	if _, err := st.SetGroups(ctx, s.ID, groups); err != nil {
		t.Fatal(err)
	}
	gs, err := st.Groups(ctx, s.ID)
	if err != nil || len(gs) != 1 || len(gs[0].Pairs) != 1 || gs[0].Pairs[0].Name != "Par 1" || len(gs[0].Pairs[0].Members) != 3 {
		t.Fatalf("groups with pairs read back: %+v, %v", gs, err)
	}
}
