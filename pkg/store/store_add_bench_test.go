package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// BenchmarkAddQuestion adds 100 large questions (30 options of 200
// characters) to a session that holds some already, on each engine: the
// time per 100 adds should not grow with the questions already there.
func BenchmarkAddQuestion(b *testing.B) {
	engines := []struct {
		name string
		open func(b *testing.B) store.Engine
	}{
		{"memory", func(*testing.B) store.Engine { return store.NewMemoryStore().Engine() }},
		{"bolt", func(b *testing.B) store.Engine { return openBolt(b, boltPath(b)).Engine() }},
		{"redis", func(b *testing.B) store.Engine {
			raw := testutil.RedisURL(b)
			c := testutil.RedisClient(b, raw)
			return store.NewRedisStore(store.RedisConfig{Client: c, Prefix: testutil.RedisPrefix(b, raw)}).Engine()
		}},
	}
	for _, e := range engines {
		for _, have := range []int{0, 100} {
			b.Run(fmt.Sprintf("%s/have=%d", e.name, have), func(b *testing.B) { benchAdd(b, e.open(b), have) })
		}
	}
}

func largeQuestion(b *testing.B) poll.Question {
	b.Helper()
	opts := make([]string, poll.MaxOptions)
	for i := range opts {
		opts[i] = fmt.Sprintf("%03d ", i) + strings.Repeat("å", poll.MaxOptionLen-4)
	}
	q := poll.Question{Type: "choice", Prompt: strings.Repeat("Vad tycker du? ", 30), Options: opts}
	if err := poll.Check(&q); err != nil {
		b.Fatal(err)
	}
	return q
}

func benchAdd(b *testing.B, st store.Engine, have int) {
	ctx := context.Background()
	q := largeQuestion(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := &model.Session{ID: uuid.NewString(), Title: "Bench", Language: "sv", CreatedAt: time.Now()}
		for range have {
			q.ID = uuid.NewString()
			s.Questions = append(s.Questions, q)
		}
		if err := st.CreateSession(ctx, s); err != nil {
			b.Fatalf("CreateSession: %v", err)
		}
		b.StartTimer()
		for range 100 {
			q.ID = uuid.NewString()
			if _, err := st.AddQuestion(ctx, s.ID, q); err != nil {
				b.Fatalf("AddQuestion: %v", err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/100adds")
}
