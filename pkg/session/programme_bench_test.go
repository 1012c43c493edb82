package session_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/session"
	"github.com/ting-live/ting/pkg/store"
)

// BenchmarkProgrammeResults renders the combined results of a programme of
// 5 and of 20 sessions of 400 participants each, on the Redis engine: six
// questions a session (choice, word cloud of three words from 200, scale
// of five statements in a category, ranking, open, Q&A), every participant
// answering all. The target is under 50 ms for 5 × 400.
func BenchmarkProgrammeResults(b *testing.B) {
	for _, sessions := range []int{5, 20} {
		b.Run(fmt.Sprintf("sessions=%d/participants=400", sessions), func(b *testing.B) {
			raw := testutil.RedisURL(b)
			st := store.NewRedisStore(store.RedisConfig{Client: testutil.RedisClient(b, raw), Prefix: testutil.RedisPrefix(b, raw)}).Engine()
			benchProgramme(b, st, sessions, 400)
		})
	}
}

var benchQuestions = []poll.Question{
	{Type: "choice", Prompt: "Förvaltning", Options: []string{"Skola", "Vård", "Teknik", "Kultur"}},
	{Type: "wordcloud", Prompt: "Tre ord", MaxEntries: 3},
	{Type: "scale", Prompt: "Delaktighet", Statements: []string{"a", "b", "c", "d", "e"}, Category: "Delaktighet"},
	{Type: "ranking", Prompt: "Viktigast", Options: []string{"Lön", "Tid", "Kollegor", "Chef"}},
	{Type: "open", Prompt: "Något mer?"},
	{Type: "qa", Prompt: "Frågor"},
}

func benchValue(q *poll.Question, i int) string {
	switch q.Type {
	case "choice":
		return fmt.Sprintf("[%d]", i%4)
	case "wordcloud":
		return fmt.Sprintf(`["ord%d","ord%d","ord%d"]`, i%200, (i*7+3)%200, (i*13+5)%200)
	case "scale":
		return fmt.Sprintf("[%d,%d,%d,%d,%d]", 1+i%5, 1+(i+1)%5, 1+(i+2)%5, 1+(i*3)%5, 1+(i*7)%5)
	case "ranking":
		return []string{"[0,1,2,3]", "[3,2,1,0]", "[1,0,3,2]"}[i%3]
	case "open":
		return fmt.Sprintf(`"svar nummer %d om arbetet"`, i)
	case "qa":
		return fmt.Sprintf(`{"ask":"fråga nummer %d?"}`, i)
	}
	return "null"
}

func benchProgramme(b *testing.B, st store.Engine, sessions, participants int) {
	ctx := context.Background()
	svc := session.New(session.Config{Store: st, Broker: store.NewMemoryBroker(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	b.Cleanup(func() { _ = svc.Shutdown(context.Background()) })
	prog, err := svc.CreateProgramme(ctx, "f", "Bench", nil)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for k := range sessions {
		created, err := svc.CreateSession(ctx, session.NewSession{Title: fmt.Sprint("Seminarium ", k+1), Pace: model.PaceAudience, Programme: prog.Programme.ID})
		if err != nil {
			b.Fatal(err)
		}
		sess := created.Session
		if k == 0 {
			for _, q := range benchQuestions {
				if _, err := svc.AddQuestion(ctx, sess.ID, q); err != nil {
					b.Fatal(err)
				}
			}
			if sess, err = st.Session(ctx, sess.ID); err != nil {
				b.Fatal(err)
			}
		}
		answerAll(b, st, sess, participants)
	}
	b.Logf("set up %d × %d participants in %v", sessions, participants, time.Since(start).Round(time.Millisecond))
	p, err := svc.Programme(ctx, prog.Programme.ID)
	if err != nil {
		b.Fatal(err)
	}
	var size int
	b.ResetTimer()
	for b.Loop() {
		body, err := svc.ProgrammeResults(ctx, p, "")
		if err != nil {
			b.Fatal(err)
		}
		size = len(body)
	}
	b.ReportMetric(float64(size), "bytes/results")
	var check struct {
		Questions []struct{ Responses int64 }
	}
	body, _ := svc.ProgrammeResults(ctx, p, "")
	if err := json.Unmarshal(body, &check); err != nil || len(check.Questions) != len(benchQuestions) || check.Questions[0].Responses != int64(sessions*participants) {
		b.Fatalf("combined results: %d questions, %v", len(check.Questions), err)
	}
}

// answerAll records every participant's answer to every question of sess,
// 16 at a time.
func answerAll(b *testing.B, st store.Engine, sess *model.Session, participants int) {
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	work := make(chan int)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				pid := uuid.NewString()
				for j := range sess.Questions {
					q := &sess.Questions[j]
					pa, err := poll.Parse(q, json.RawMessage(benchValue(q, i)), poll.Context{ParticipantID: pid, Now: time.Now()})
					if err != nil {
						errs <- fmt.Errorf("%s: %w", q.Type, err)
						return
					}
					a := model.Answer{QuestionID: q.ID, ParticipantID: pid, Entries: pa.Entries, Tally: pa.Tally, At: time.Now().UTC()}
					if _, err := st.Record(ctx, sess.ID, a); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	for i := range participants {
		work <- i
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
}
