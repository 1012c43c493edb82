package store_test

import (
	"slices"
	"testing"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/store"
)

// TestRedisQuestionsAcrossNodes: each node keeps a session's questions
// decoded between reads; a change made on another node (an add, an edit, a
// move, a removal) is seen on the next read all the same.
func TestRedisQuestionsAcrossNodes(t *testing.T) {
	raw := testutil.RedisURL(t)
	c := testutil.RedisClient(t, raw)
	prefix := testutil.RedisPrefix(t, raw)
	a := store.NewRedisStore(store.RedisConfig{Client: c, Prefix: prefix}).Engine()
	b := store.NewRedisStore(store.RedisConfig{Client: c, Prefix: prefix}).Engine()
	s := newSession(t, a)
	ids := func(st store.Engine) []string {
		t.Helper()
		var out []string
		for _, q := range session(t, st, s.ID).Questions {
			out = append(out, q.ID+":"+q.Prompt)
		}
		return out
	}
	want := func(step string, w ...string) {
		t.Helper()
		for name, st := range map[string]store.Engine{"a": a, "b": b} {
			if got := ids(st); !slices.Equal(got, w) {
				t.Fatalf("%s: node %s reads %v, want %v", step, name, got, w)
			}
		}
	}
	want("empty")
	addQuestion(t, a, s.ID, choiceQuestion("q1"))
	want("add on a", "q1:Välj")
	addQuestion(t, b, s.ID, choiceQuestion("q2"))
	addQuestion(t, a, s.ID, choiceQuestion("q3")) // a's copy is one change behind: read again
	want("adds on both", "q1:Välj", "q2:Välj", "q3:Välj")
	q := check(t, choiceQuestion("q2"))
	q.Prompt = "Ny"
	if _, err := b.UpdateQuestion(t.Context(), s.ID, q); err != nil {
		t.Fatal(err)
	}
	want("edit on b", "q1:Välj", "q2:Ny", "q3:Välj")
	if _, err := a.MoveQuestion(t.Context(), s.ID, "q3", 0); err != nil {
		t.Fatal(err)
	}
	want("move on a", "q3:Välj", "q1:Välj", "q2:Ny")
	if _, err := b.RemoveQuestion(t.Context(), s.ID, "q1"); err != nil {
		t.Fatal(err)
	}
	want("remove on b", "q3:Välj", "q2:Ny")
	// A caller that changes what it read changes nothing kept.
	got := session(t, a, s.ID)
	got.Questions[0].Prompt = "ändrad"
	want("after a caller's change", "q3:Välj", "q2:Ny")
}
