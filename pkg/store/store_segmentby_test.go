package store_test

import (
	"errors"
	"testing"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/store"
)

// testSegmentBy: the question the big screen splits results by is part of
// the state, must be a question of the session, outlives question changes
// and ends with its question.
func testSegmentBy(t *testing.T, st store.Engine) {
	ctx := t.Context()
	s := newSession(t, st)
	addQuestion(t, st, s.ID, choiceQuestion("dept"))
	addQuestion(t, st, s.ID, wordcloudQuestion("cloud"))
	addQuestion(t, st, s.ID, choiceQuestion("other"))
	last := session(t, st, s.ID).Seq
	want := model.State{}
	step := func(name string, p model.StatePatch, wantErr error) {
		t.Helper()
		got, seq, err := st.UpdateState(ctx, s.ID, p)
		if !errors.Is(err, wantErr) {
			t.Fatalf("%s: UpdateState error %v, want %v", name, err, wantErr)
		}
		if err == nil {
			last = wantGrows(t, last, seq)
			if got != want {
				t.Fatalf("%s: UpdateState = %+v, want %+v", name, got, want)
			}
		}
		if now := session(t, st, s.ID); now.State != want || now.Seq != last {
			t.Fatalf("%s: stored state %+v seq %d, want %+v seq %d", name, now.State, now.Seq, want, last)
		}
	}

	want = model.State{QuestionID: "cloud", SegmentBy: "dept"}
	step("show cloud split by dept", model.StatePatch{QuestionID: ptr("cloud"), SegmentBy: ptr("dept")}, nil)
	want.ResultsVisible = true
	step("other fields keep the split", model.StatePatch{ResultsVisible: ptr(true)}, nil)
	step("unknown segment question", model.StatePatch{SegmentBy: ptr("nope"), Locked: ptr(true)}, store.ErrNoQuestion)
	step("unknown question with a valid split", model.StatePatch{QuestionID: ptr("nope"), SegmentBy: ptr("other")}, store.ErrNoQuestion)
	want.QuestionID = "other"
	step("next question keeps the split", model.StatePatch{QuestionID: ptr("other")}, nil)
	want.SegmentBy = ""
	step("split off", model.StatePatch{SegmentBy: ptr("")}, nil)
	want.SegmentBy, want.QuestionID = "dept", "cloud"
	step("split on again", model.StatePatch{QuestionID: ptr("cloud"), SegmentBy: ptr("dept")}, nil)

	// Removing another question keeps the split; removing its question ends it.
	seq, err := st.RemoveQuestion(ctx, s.ID, "other")
	if err != nil {
		t.Fatalf("RemoveQuestion other: %v", err)
	}
	last = wantGrows(t, last, seq)
	if got := session(t, st, s.ID).State; got != want {
		t.Fatalf("after removing another question: state %+v, want %+v", got, want)
	}
	if seq, err = st.RemoveQuestion(ctx, s.ID, "dept"); err != nil {
		t.Fatalf("RemoveQuestion dept: %v", err)
	}
	last = wantGrows(t, last, seq)
	want.SegmentBy = ""
	if got := session(t, st, s.ID).State; got != want {
		t.Fatalf("after removing the segment question: state %+v, want %+v", got, want)
	}
	step("a removed question cannot split", model.StatePatch{SegmentBy: ptr("dept")}, store.ErrNoQuestion)
}
