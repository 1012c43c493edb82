package store

import (
	"bytes"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

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
		func() error {
			return b.saveParticipant(s.ID, TokenHash("t"), model.Participant{ID: "p", Name: "new"}, 4)
		},
		func() error {
			return b.saveParticipant(s.ID, TokenHash("t"), model.Participant{ID: "p", Name: "old"}, 3)
		},
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
	if _, ver, err := b.mem.addParticipant(s.ID, TokenHash("t2"), model.Participant{ID: "p2"}, model.DefaultMaxParticipants); err != nil || ver != 5 {
		t.Fatalf("participant version %d, %v; want 5", ver, err)
	}
}

// TestBoltAddWritesOnlyTheQuestion: adding a question writes its record
// and the order; the session record, which once held every question,
// stays as it was.
func TestBoltAddWritesOnlyTheQuestion(t *testing.T) {
	ctx := t.Context()
	b, err := OpenBoltStore(BoltConfig{Path: filepath.Join(t.TempDir(), "ting.db")})
	if err != nil {
		t.Fatalf("OpenBoltStore: %v", err)
	}
	defer b.Close()
	s := &model.Session{ID: "s1", Title: "T", CreatedAt: time.Now()}
	if err := b.CreateSession(ctx, s); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	record := func(path ...[]byte) []byte {
		var v []byte
		_ = b.db.View(func(tx *bolt.Tx) error {
			bk := tx.Bucket(bucketSessions).Bucket(idKey(s.ID))
			for _, p := range path[:len(path)-1] {
				if bk = bk.Bucket(p); bk == nil {
					return nil
				}
			}
			v = bytes.Clone(bk.Get(path[len(path)-1]))
			return nil
		})
		return v
	}
	header := record(keySession)
	for _, id := range []string{"q1", "q2"} {
		if _, err := b.AddQuestion(ctx, s.ID, poll.Question{ID: id, Type: "choice", Prompt: "?", Options: []string{"a", "b"}}); err != nil {
			t.Fatalf("AddQuestion: %v", err)
		}
	}
	if got := record(keySession); !bytes.Equal(got, header) {
		t.Fatalf("the session record changed on an add:\n%s\nwas\n%s", got, header)
	}
	if _, body, _ := splitSeq(record(keyOrder), 1); string(body) != `["q1","q2"]` {
		t.Fatalf("order = %s", body)
	}
	if record(bucketQuestions, idKey("q2")) == nil {
		t.Fatal("no record of q2")
	}
}

// TestBoltReadsVersion1: a file of version 1 (the questions inside the
// session record) opens with every question, and is rewritten in the form
// of version 2.
func TestBoltReadsVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ting.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	q1 := poll.Question{ID: "q1", Type: "choice", Prompt: "Ett?", Options: []string{"a", "b"}}
	q2 := poll.Question{ID: "q2", Type: "open", Prompt: "Två?"}
	v, err := withSeqs(diskSession{ID: "s1", Code: "12345678", Title: "Gammal", Language: "sv",
		CreatedAt: time.Now().UTC(), Questions: []poll.Question{q1, q2}, State: model.State{QuestionID: "q2"}}, 7)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucket(bucketMeta)
		if err := meta.Put(keyVersion, []byte("1")); err != nil {
			return err
		}
		sessions, _ := tx.CreateBucket(bucketSessions)
		sb, err := sessions.CreateBucket(idKey("s1"))
		if err != nil {
			return err
		}
		return sb.Put(keySession, v)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for round := range 2 { // as converted, then as written in version 2
		b, err := OpenBoltStore(BoltConfig{Path: path})
		if err != nil {
			t.Fatalf("OpenBoltStore: %v", err)
		}
		got, err := b.Session(t.Context(), "s1")
		if err != nil {
			t.Fatalf("round %d: Session: %v", round, err)
		}
		if len(got.Questions) != 2 || got.Questions[0].Prompt != "Ett?" || got.Questions[1].ID != "q2" || got.State.QuestionID != "q2" || got.Seq != 7 || got.LinkKey != "" {
			t.Fatalf("round %d: session = %+v", round, got)
		}
		var version, header []byte
		_ = b.db.View(func(tx *bolt.Tx) error {
			version = bytes.Clone(tx.Bucket(bucketMeta).Get(keyVersion))
			header = bytes.Clone(tx.Bucket(bucketSessions).Bucket(idKey("s1")).Get(keySession))
			return nil
		})
		if string(version) != boltVersion || bytes.Contains(header, []byte("Ett?")) {
			t.Fatalf("round %d: version %q, session record %s: not rewritten", round, version, header)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBoltDropsOrphanQuestions: an edit of a removed question that commits
// after the removal leaves a record the order does not list; opening the
// file deletes it.
func TestBoltDropsOrphanQuestions(t *testing.T) {
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
	q := poll.Question{ID: "q", Type: "open", Prompt: "Hemlig text"}
	if _, err := b.AddQuestion(ctx, s.ID, q); err != nil {
		t.Fatal(err)
	}
	snap, err := b.Session(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.RemoveQuestion(ctx, s.ID, "q"); err != nil {
		t.Fatal(err)
	}
	// The late edit, at the Seq before the removal.
	if err := b.save("update question", *snap, sessionWrite{questions: []poll.Question{q}}); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	b, err = OpenBoltStore(BoltConfig{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	_ = b.db.View(func(tx *bolt.Tx) error {
		if qb := tx.Bucket(bucketSessions).Bucket(idKey(s.ID)).Bucket(bucketQuestions); qb != nil && qb.Get(idKey("q")) != nil {
			t.Error("the removed question's record is still in the file")
		}
		return nil
	})
	if got, _ := b.Session(ctx, s.ID); len(got.Questions) != 0 {
		t.Fatalf("questions %v", got.Questions)
	}
}
