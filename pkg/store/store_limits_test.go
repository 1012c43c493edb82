package store_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// testQuestionLimit: a session takes poll.MaxQuestions questions and
// refuses the next with ErrQuestionLimit, in one atomic step with the add.
func testQuestionLimit(t *testing.T, st store.Engine) {
	s := &model.Session{ID: uuid.NewString(), Title: "Full", Language: "sv", CreatedAt: time.Now()}
	for i := range poll.MaxQuestions - 1 {
		s.Questions = append(s.Questions, check(t, choiceQuestion(fmt.Sprintf("q%d", i))))
	}
	if err := st.CreateSession(t.Context(), s); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	addQuestion(t, st, s.ID, choiceQuestion("last"))
	_, err := st.AddQuestion(t.Context(), s.ID, check(t, choiceQuestion("one too many")))
	if !errors.Is(err, store.ErrQuestionLimit) {
		t.Fatalf("AddQuestion past the limit: %v, want ErrQuestionLimit", err)
	}
	got := session(t, st, s.ID)
	if n := len(got.Questions); n != poll.MaxQuestions || got.Questions[n-1].ID != "last" {
		t.Fatalf("%d questions after the refusal, want %d ending with last", n, poll.MaxQuestions)
	}
	// A removed question makes room again.
	if _, err := st.RemoveQuestion(t.Context(), s.ID, "q0"); err != nil {
		t.Fatalf("RemoveQuestion: %v", err)
	}
	addQuestion(t, st, s.ID, choiceQuestion("again"))
}
