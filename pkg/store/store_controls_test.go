package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// The facilitator's controls: editing and moderating a question, resetting
// its answers, a countdown, and reading one participant's answer.

func testUpdateQuestion(t *testing.T, st store.Engine) {
	s := newSession(t, st)
	addQuestion(t, st, s.ID, choiceQuestion("q1"))
	last := addQuestion(t, st, s.ID, wordcloudQuestion("q2"))

	edited := check(t, wordcloudQuestion("q2"))
	edited.Prompt = "Två ord"
	edited.Moderation = &poll.Moderation{Hidden: []string{"kaffe"}}
	seq, err := st.UpdateQuestion(t.Context(), s.ID, edited)
	if err != nil {
		t.Fatalf("UpdateQuestion: %v", err)
	}
	wantGrows(t, last, seq)
	got := session(t, st, s.ID)
	if len(got.Questions) != 2 || got.Questions[0].ID != "q1" || !reflect.DeepEqual(got.Questions[1], edited) {
		t.Fatalf("questions after update: %+v", got.Questions)
	}
	if _, err := st.UpdateQuestion(t.Context(), s.ID, poll.Question{ID: "nope", Type: "choice"}); !errors.Is(err, store.ErrNoQuestion) {
		t.Fatalf("update of an unknown question: %v", err)
	}
	if _, err := st.UpdateQuestion(t.Context(), "no-such-session", edited); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("update in an unknown session: %v", err)
	}
}

// twoAnswered makes a session with choice questions q1 and q2: q2 has
// p9's answer [2], q1 (current) p1's [0]. It returns the last seq.
func twoAnswered(t *testing.T, st store.Engine) (s *model.Session, q1, q2 poll.Question, last uint64) {
	t.Helper()
	s = newSession(t, st)
	q1, q2 = check(t, choiceQuestion("q1")), check(t, choiceQuestion("q2"))
	addQuestion(t, st, s.ID, q1)
	addQuestion(t, st, s.ID, q2)
	show(t, st, s.ID, "q2")
	record(t, st, s.ID, answer(t, q2, "p9", `[2]`))
	show(t, st, s.ID, "q1")
	last = record(t, st, s.ID, answer(t, q1, "p1", `[0]`))
	return s, q1, q2, last
}

func testResetQuestion(t *testing.T, st store.Engine) {
	s, q1, _, _ := twoAnswered(t, st)
	last := record(t, st, s.ID, answer(t, q1, "p2", `[1]`))

	seq, err := st.ResetQuestion(t.Context(), s.ID, "q1")
	if err != nil {
		t.Fatalf("ResetQuestion: %v", err)
	}
	last = wantGrows(t, last, seq)
	wantTally(t, st, s.ID, "q1", 0, nil)
	wantAnswers(t, st, s.ID, "q1", nil, nil)
	wantTally(t, st, s.ID, "q2", 1, map[string]int64{"c2": 1}) // other questions keep theirs

	// Answering again after a reset counts from zero.
	wantGrows(t, last, record(t, st, s.ID, answer(t, q1, "p1", `[2]`)))
	wantTally(t, st, s.ID, "q1", 1, map[string]int64{"c2": 1})
	wantAnswers(t, st, s.ID, "q1", []string{"p1"}, [][]string{{"C"}})

	if _, err := st.ResetQuestion(t.Context(), s.ID, "nope"); !errors.Is(err, store.ErrNoQuestion) {
		t.Fatalf("reset of an unknown question: %v", err)
	}
}

func testRemoveQuestion(t *testing.T, st store.Engine) {
	s, q1, _, last := twoAnswered(t, st)

	// Removing the current question leaves the room with none.
	seq, err := st.RemoveQuestion(t.Context(), s.ID, "q1")
	if err != nil {
		t.Fatalf("RemoveQuestion: %v", err)
	}
	wantGrows(t, last, seq)
	got := session(t, st, s.ID)
	if len(got.Questions) != 1 || got.Questions[0].ID != "q2" || got.State.QuestionID != "" {
		t.Fatalf("after removing the current question: questions %+v, state %+v", got.Questions, got.State)
	}
	wantTally(t, st, s.ID, "q1", 0, nil)
	wantAnswers(t, st, s.ID, "q1", nil, nil)
	wantTally(t, st, s.ID, "q2", 1, map[string]int64{"c2": 1})
	if _, err := st.Record(t.Context(), s.ID, answer(t, q1, "p2", `[1]`)); err == nil {
		t.Fatal("an answer to a removed question was stored")
	}

	// Removing another question keeps the current one.
	show(t, st, s.ID, "q2")
	addQuestion(t, st, s.ID, check(t, choiceQuestion("q3")))
	if _, err := st.RemoveQuestion(t.Context(), s.ID, "q3"); err != nil {
		t.Fatalf("RemoveQuestion q3: %v", err)
	}
	if got := session(t, st, s.ID); got.State.QuestionID != "q2" || len(got.Questions) != 1 {
		t.Fatalf("after removing another question: %+v", got)
	}
	if _, err := st.RemoveQuestion(t.Context(), s.ID, "q1"); !errors.Is(err, store.ErrNoQuestion) {
		t.Fatalf("removing a removed question: %v", err)
	}
	if _, err := st.RemoveQuestion(t.Context(), "no-such-session", "q2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("remove in an unknown session: %v", err)
	}
}

func testMoveQuestion(t *testing.T, st store.Engine) {
	s := newSession(t, st)
	var last uint64
	for _, id := range []string{"a", "b", "c", "d"} {
		last = addQuestion(t, st, s.ID, check(t, choiceQuestion(id)))
	}
	for _, tc := range []struct {
		id    string
		index int
		want  string
	}{
		{"d", 0, "dabc"},
		{"d", 2, "abdc"},
		{"a", 99, "bdca"},
		{"c", -1, "cbda"},
		{"b", 1, "cbda"},
	} {
		seq, err := st.MoveQuestion(t.Context(), s.ID, tc.id, tc.index)
		if err != nil {
			t.Fatalf("MoveQuestion %s to %d: %v", tc.id, tc.index, err)
		}
		last = wantGrows(t, last, seq)
		order := ""
		for _, q := range session(t, st, s.ID).Questions {
			order += q.ID
		}
		if order != tc.want {
			t.Fatalf("move %s to %d: order %s, want %s", tc.id, tc.index, order, tc.want)
		}
	}
	if _, err := st.MoveQuestion(t.Context(), s.ID, "nope", 0); !errors.Is(err, store.ErrNoQuestion) {
		t.Fatalf("moving an unknown question: %v", err)
	}
}

func testAnswerLookup(t *testing.T, st store.Engine) {
	s := newSession(t, st)
	q := check(t, wordcloudQuestion("q"))
	addQuestion(t, st, s.ID, q)
	show(t, st, s.ID, "q")
	if _, err := st.Answer(t.Context(), s.ID, "q", "p1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Answer before any: %v", err)
	}
	record(t, st, s.ID, answer(t, q, "p1", `["Kaffe"]`))
	want := answer(t, q, "p1", `["Fika","Kaffe"]`)
	record(t, st, s.ID, want)
	got, err := st.Answer(t.Context(), s.ID, "q", "p1")
	if err != nil {
		t.Fatalf("Answer: %v", err)
	}
	if !reflect.DeepEqual(got.Entries, want.Entries) || !reflect.DeepEqual(got.Tally, want.Tally) || got.ParticipantID != "p1" {
		t.Fatalf("Answer = %+v, want %+v", got, want)
	}
}

func testDeadline(t *testing.T, st store.Engine) {
	s := newSession(t, st)
	q := check(t, choiceQuestion("q"))
	addQuestion(t, st, s.ID, q)
	opened := time.Now().UTC().Truncate(time.Millisecond)
	deadline := opened.Add(20 * time.Second)
	qid := "q"
	state, _, err := st.UpdateState(t.Context(), s.ID, model.StatePatch{QuestionID: &qid, OpenedAt: &opened, Deadline: &deadline})
	if err != nil {
		t.Fatalf("UpdateState: %v", err)
	}
	if !state.OpenedAt.Equal(opened) || !state.Deadline.Equal(deadline) {
		t.Fatalf("state %+v, want opened %v deadline %v", state, opened, deadline)
	}
	if got := session(t, st, s.ID).State; !got.OpenedAt.Equal(opened) || !got.Deadline.Equal(deadline) {
		t.Fatalf("stored state %+v", got)
	}

	in := answer(t, q, "p1", `[0]`)
	in.At = deadline.Add(-time.Second)
	record(t, st, s.ID, in)
	late := answer(t, q, "p2", `[1]`)
	late.At = deadline.Add(time.Second)
	if _, err := st.Record(t.Context(), s.ID, late); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("answer after the deadline: %v, want ErrLocked", err)
	}
	wantTally(t, st, s.ID, "q", 1, map[string]int64{"c0": 1})

	// Clearing the deadline opens answers again.
	none := time.Time{}
	state, _, err = st.UpdateState(t.Context(), s.ID, model.StatePatch{Deadline: &none})
	if err != nil || !state.Deadline.IsZero() || !state.OpenedAt.Equal(opened) {
		t.Fatalf("clear deadline: %+v %v", state, err)
	}
	record(t, st, s.ID, late)
	wantTally(t, st, s.ID, "q", 2, map[string]int64{"c0": 1, "c1": 1})
}
