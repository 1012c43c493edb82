package store

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

// TestBoltKeepsLatestWrite: two writes of one record may commit out of
// order; the one of the higher Seq (or version) stays on disk.
func TestBoltKeepsLatestWrite(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "ting.db")
	b, err := OpenBoltStore(BoltConfig{Path: path})
	if err != nil {
		t.Fatalf("OpenBoltStore: %v", err)
	}
	s := &model.Session{ID: "s1", Title: "T", CreatedAt: time.Now()}
	if err := b.CreateSession(ctx, s); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	q := poll.Question{ID: "q", Type: "choice", Prompt: "?", Options: []string{"a", "b"}}

	// The session: Seq 12 (shows q) commits before Seq 11 (shows nothing).
	later := cloneSession(*s)
	later.Questions, later.State, later.Seq = []poll.Question{q}, model.State{QuestionID: "q"}, 12
	earlier := cloneSession(*s)
	earlier.Questions, earlier.Seq = []poll.Question{q}, 11
	// An answer: Seq 9 commits before Seq 7; both first answered at 5.
	newer := model.Answer{QuestionID: "q", ParticipantID: "p", Entries: []string{"b"}, Tally: map[string]int64{"c1": 1}, At: time.Now().UTC()}
	older := model.Answer{QuestionID: "q", ParticipantID: "p", Entries: []string{"a"}, Tally: map[string]int64{"c0": 1}, At: time.Now().UTC()}
	for _, step := range []func() error{
		func() error { return b.saveSession("test", later) },
		func() error { return b.saveSession("test", earlier) },
		func() error { return b.saveAnswer(s.ID, newer, 9, 5) },
		func() error { return b.saveAnswer(s.ID, older, 7, 5) },
		func() error { return b.saveParticipant(s.ID, model.Participant{ID: "p", Token: "t", Name: "new"}, 4) },
		func() error { return b.saveParticipant(s.ID, model.Participant{ID: "p", Token: "t", Name: "old"}, 3) },
	} {
		if err := step(); err != nil {
			t.Fatalf("save: %v", err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	b, err = OpenBoltStore(BoltConfig{Path: path})
	if err != nil {
		t.Fatalf("OpenBoltStore again: %v", err)
	}
	defer b.Close()
	got, err := b.Session(ctx, s.ID)
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	if got.Seq != 12 || got.State.QuestionID != "q" || len(got.Questions) != 1 {
		t.Fatalf("Session = %+v, want the write of Seq 12", got)
	}
	as, err := b.Answers(ctx, s.ID, "q")
	if err != nil || len(as) != 1 || !reflect.DeepEqual(as[0].Entries, newer.Entries) {
		t.Fatalf("Answers = %+v, %v; want the answer of Seq 9", as, err)
	}
	tally, err := b.Tally(ctx, s.ID, "q")
	if err != nil || tally.Responses != 1 || !reflect.DeepEqual(tally.Counts, map[string]int64{"c1": 1}) {
		t.Fatalf("Tally = %+v, %v", tally, err)
	}
	if p, err := b.Participant(ctx, s.ID, "t"); err != nil || p.Name != "new" {
		t.Fatalf("Participant = %+v, %v; want version 4", p, err)
	}
	// The next change continues after the highest Seq, and the next
	// participant write after the highest version.
	seq, err := b.Record(ctx, s.ID, older)
	if err != nil || seq != 13 {
		t.Fatalf("Record = %d, %v; want 13", seq, err)
	}
	if _, ver, err := b.mem.addParticipant(s.ID, model.Participant{ID: "p2", Token: "t2"}); err != nil || ver != 5 {
		t.Fatalf("participant version %d, %v; want 5", ver, err)
	}
}
