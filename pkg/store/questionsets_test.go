package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

func TestQuestionSets(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		m := store.NewMemoryStore().Engine()
		testQuestionSets(t, programmeEngine{st: func() store.Engine { return m }, reopen: func() {}})
	})
	t.Run("bolt", func(t *testing.T) {
		path := boltPath(t)
		b := openBolt(t, path)
		testQuestionSets(t, programmeEngine{st: func() store.Engine { return b.Engine() }, reopen: func() {
			if err := b.Close(); err != nil {
				t.Fatal(err)
			}
			b = openBolt(t, path)
		}})
	})
	t.Run("redis", func(t *testing.T) {
		e := newRedisStore(testutil.RedisURL(t))(t)
		testQuestionSets(t, programmeEngine{st: func() store.Engine { return e }, reopen: func() {}})
	})
}

func testQuestionSets(t *testing.T, pe programmeEngine) {
	ctx := t.Context()
	t0 := time.Now().UTC().Truncate(time.Millisecond)
	a := model.QuestionSet{ID: uuid.NewString(), Name: "Äldre", OwnerID: "f1", CreatedAt: t0.Add(-time.Minute),
		Questions: []poll.Question{check(t, poll.Question{Type: "open", Prompt: "Vad?", Category: "Delaktighet"})}}
	b := model.QuestionSet{ID: uuid.NewString(), Name: "Nyare", OwnerID: "f1", CreatedAt: t0,
		Questions: []poll.Question{check(t, choiceQuestion(""))}}
	c := model.QuestionSet{ID: uuid.NewString(), Name: "Annans", OwnerID: "f2", CreatedAt: t0}
	for _, qs := range []model.QuestionSet{a, b, c} {
		if err := pe.st().SaveQuestionSet(ctx, qs); err != nil {
			t.Fatalf("SaveQuestionSet: %v", err)
		}
	}
	pe.reopen()
	got, err := pe.st().QuestionSet(ctx, a.ID)
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Fatalf("QuestionSet = %+v, %v\nwant %+v", got, err, a)
	}
	mine, err := pe.st().QuestionSets(ctx, "f1")
	if err != nil || len(mine) != 2 || mine[0].ID != b.ID || mine[1].ID != a.ID {
		t.Fatalf("QuestionSets(f1) = %+v, %v; want the newest first", mine, err)
	}
	if err := pe.st().DeleteQuestionSet(ctx, a.ID); err != nil {
		t.Fatalf("DeleteQuestionSet: %v", err)
	}
	pe.reopen()
	if _, err := pe.st().QuestionSet(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("QuestionSet after delete: %v", err)
	}
	if err := pe.st().DeleteQuestionSet(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("DeleteQuestionSet again: %v", err)
	}
	if mine, _ := pe.st().QuestionSets(ctx, "f1"); len(mine) != 1 {
		t.Fatalf("QuestionSets after delete: %+v", mine)
	}
}
