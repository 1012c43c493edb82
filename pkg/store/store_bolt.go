package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

// BoltConfig configures the embedded engine's store on disk.
type BoltConfig struct {
	// Path is the database file, ting.db in the data directory. A missing
	// directory is created with mode 0700.
	Path string
}

// BoltStore is the embedded engine's store: a MemoryStore that keeps a copy
// of everything in a bbolt file, so a restart loses nothing acknowledged.
//
// Reads are served from memory. A change is checked, ordered and applied by
// the MemoryStore under the session's lock; then its record is written to
// disk, and the method returns only after that transaction is committed and
// synced. Concurrent writers share a transaction and its fsync (bolt's
// Batch). Every record carries the Seq (or version) it was written at, and a
// write never replaces a record of a higher one, so writes that commit out of
// order still leave the latest on disk. When the disk write fails the method
// returns an error that wraps ErrUnavailable; the change stays in memory
// until the process ends (the client retries, and the retry writes again).
//
// The file, with I = a one-byte prefix and an id (bolt refuses empty keys):
//
//	meta         bucket: "version" -> "2"
//	sessions     bucket of one bucket a session, named I(sessionID):
//	  session        seq(8) + JSON of the session without its questions
//	  order          seq(8) + JSON list of the question ids, in order
//	  questions      bucket: I(questionID) -> seq(8) + JSON of the question
//	  groups         seq(8) + JSON of the session's groups
//	  participants   bucket: I(token) -> version(8) + JSON of the participant
//	  answers        bucket of one bucket a question, named I(questionID):
//	                   I(participantID) -> seq(8) + first seq(8) + JSON of the answer
//	                   "reset" -> seq(8) of the question's last reset
//
// Seqs are big-endian. The join code index is rebuilt from the sessions.
// A change writes only the records it changes: adding a question writes
// the question and the order, a state change the session record, so a
// change costs the same however many questions the session holds. Files of
// version 1 kept the questions inside the session record; they are
// rewritten in this form when opened.
type BoltStore struct {
	mem *MemoryStore
	db  *bolt.DB
}

var _ Health = (*BoltStore)(nil)

// boltVersion is the file format; a file of another version is refused,
// except boltVersion1, which is read and rewritten.
const (
	boltVersion  = "2"
	boltVersion1 = "1"
)

var (
	bucketMeta         = []byte("meta")
	bucketSessions     = []byte("sessions")
	bucketParticipants = []byte("participants")
	bucketAnswers      = []byte("answers")
	keyVersion         = []byte("version")
	keySession         = []byte("session")
	keyOrder           = []byte("order")
	bucketQuestions    = []byte("questions")
	keyGroups          = []byte("groups")
	// keyReset, in a question's answers bucket, holds the Seq of the
	// question's last reset: answers written before it are gone.
	keyReset = []byte("reset")
)

// errInUse is what opening a file that another process holds says.
var errInUse = errors.New("data dir is in use by another Ting")

// OpenBoltStore opens (or creates) the file at cfg.Path and loads everything
// in it. A file that another process holds open fails after a second with an
// error that says so.
func OpenBoltStore(cfg BoltConfig) (*BoltStore, error) {
	if cfg.Path == "" {
		return nil, errors.New("store: bolt: no path")
	}
	if err := os.MkdirAll(filepath.Dir(cfg.Path), 0o700); err != nil {
		return nil, fmt.Errorf("store: data dir: %w", err)
	}
	db, err := bolt.Open(cfg.Path, 0o600, &bolt.Options{Timeout: time.Second})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("store: %s: %w (%w)", cfg.Path, errInUse, err)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", cfg.Path, err)
	}
	// Concurrent writes share one commit; a lone answer waits at most this
	// long for company before its fsync (bolt's default is 10 ms).
	db.MaxBatchDelay = boltBatchDelay
	b := &BoltStore{mem: NewMemoryStore(), db: db}
	if err := b.load(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: load %s: %w", cfg.Path, err)
	}
	return b, nil
}

// boltBatchDelay is how long a write waits to share its commit with others.
const boltBatchDelay = 2 * time.Millisecond

// load prepares the file and puts every session in it into memory.
func (b *BoltStore) load() error {
	err := b.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		switch v := meta.Get(keyVersion); {
		case v == nil || string(v) == boltVersion1:
			// Sessions of version 1 are rewritten below, as they are loaded.
			if err := meta.Put(keyVersion, []byte(boltVersion)); err != nil {
				return err
			}
		case string(v) != boltVersion:
			return fmt.Errorf("file format %q, this Ting reads %q", v, boltVersion)
		}
		_, err = tx.CreateBucketIfNotExists(bucketSessions)
		return err
	})
	if err != nil {
		return err
	}
	var old []model.Session // sessions kept in the form of version 1
	err = b.db.View(func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		return sessions.ForEachBucket(func(k []byte) error {
			s, v1, err := b.loadSession(sessions.Bucket(k))
			if err != nil {
				return fmt.Errorf("session %q: %w", idOf(k), err)
			}
			if v1 {
				old = append(old, s)
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, s := range old {
		if err := b.save("rewrite session", s, sessionWrite{header: true, order: true, questions: s.Questions}); err != nil {
			return err
		}
	}
	return b.db.Update(dropOrphanQuestions)
}

// dropOrphanQuestions deletes the question records that a session's order
// does not list (an edit of a removed question that committed after the
// removal), so that their text does not stay in the file.
func dropOrphanQuestions(tx *bolt.Tx) error {
	sessions := tx.Bucket(bucketSessions)
	return sessions.ForEachBucket(func(k []byte) error {
		sb := sessions.Bucket(k)
		qb, raw := sb.Bucket(bucketQuestions), sb.Get(keyOrder)
		if qb == nil || raw == nil {
			return nil
		}
		_, body, err := splitSeq(raw, 1)
		if err != nil {
			return err
		}
		var ids []string
		if err := json.Unmarshal(body, &ids); err != nil {
			return fmt.Errorf("session %q: order: %w", idOf(k), err)
		}
		listed := make(map[string]bool, len(ids))
		for _, id := range ids {
			listed[id] = true
		}
		var stale [][]byte
		err = qb.ForEach(func(q, _ []byte) error {
			if !listed[idOf(q)] {
				stale = append(stale, bytes.Clone(q))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, q := range stale {
			if err := qb.Delete(q); err != nil {
				return err
			}
		}
		return nil
	})
}

// loadSession restores one session into memory and returns it as read,
// and whether the file keeps it in the form of version 1 (its questions in
// the session record).
func (b *BoltStore) loadSession(sb *bolt.Bucket) (model.Session, bool, error) {
	s, v1, err := readSession(sb)
	if err != nil || s.ID == "" {
		return s, false, err
	}
	return s, v1, b.restoreSession(sb, s)
}

// readSession reads a session's record, order and questions; a session
// whose creation failed has no record and comes back empty.
func readSession(sb *bolt.Bucket) (model.Session, bool, error) {
	raw := sb.Get(keySession)
	if raw == nil {
		return model.Session{}, false, nil // its creation failed; anything written beside it is an orphan
	}
	seq, body, err := splitSeq(raw, 1)
	if err != nil {
		return model.Session{}, false, err
	}
	var ds diskSession
	if err := json.Unmarshal(body, &ds); err != nil {
		return model.Session{}, false, err
	}
	s := ds.session()
	s.Seq = seq[0]
	raw = sb.Get(keyOrder)
	if raw == nil {
		return s, true, nil
	}
	seq, body, err = splitSeq(raw, 1)
	if err != nil {
		return model.Session{}, false, err
	}
	s.Seq = max(s.Seq, seq[0])
	var ids []string
	if err := json.Unmarshal(body, &ids); err != nil {
		return model.Session{}, false, fmt.Errorf("order: %w", err)
	}
	qb := sb.Bucket(bucketQuestions)
	s.Questions = nil
	for _, id := range ids {
		var v []byte
		if qb != nil {
			v = qb.Get(idKey(id))
		}
		if v == nil {
			return model.Session{}, false, fmt.Errorf("question %q of the order is missing", id)
		}
		seq, body, err := splitSeq(v, 1)
		if err != nil {
			return model.Session{}, false, err
		}
		var q poll.Question
		if err := json.Unmarshal(body, &q); err != nil {
			return model.Session{}, false, fmt.Errorf("question %q: %w", id, err)
		}
		s.Seq = max(s.Seq, seq[0])
		s.Questions = append(s.Questions, q)
	}
	return s, false, nil
}

// restoreSession reads what belongs to s beside its record (participants,
// groups, answers) and puts it all into memory.
func (b *BoltStore) restoreSession(sb *bolt.Bucket, s model.Session) error {
	var (
		participants []model.Participant
		pver         uint64
		groups       []model.Group
		answers      []restoredAnswer
	)
	if raw := sb.Get(keyGroups); raw != nil {
		_, body, err := splitSeq(raw, 1)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(body, &groups); err != nil {
			return fmt.Errorf("groups: %w", err)
		}
	}
	if pb := sb.Bucket(bucketParticipants); pb != nil {
		err := pb.ForEach(func(k, v []byte) error {
			ver, body, err := splitSeq(v, 1)
			if err != nil {
				return err
			}
			var p model.Participant
			if err := json.Unmarshal(body, &p); err != nil {
				return fmt.Errorf("participant: %w", err)
			}
			participants = append(participants, p)
			pver = max(pver, ver[0])
			return nil
		})
		if err != nil {
			return err
		}
	}
	if ab := sb.Bucket(bucketAnswers); ab != nil {
		err := ab.ForEachBucket(func(q []byte) error {
			qb := ab.Bucket(q)
			var reset uint64
			if r := qb.Get(keyReset); len(r) == 8 {
				reset = binary.BigEndian.Uint64(r)
				s.Seq = max(s.Seq, reset)
			}
			return qb.ForEach(func(k, v []byte) error {
				if bytes.Equal(k, keyReset) {
					return nil
				}
				seqs, body, err := splitSeq(v, 2)
				if err != nil {
					return err
				}
				if seqs[0] < reset {
					return nil // written before the reset committed
				}
				ra := restoredAnswer{seq: seqs[0], first: seqs[1]}
				if err := json.Unmarshal(body, &ra.Answer); err != nil {
					return fmt.Errorf("answer: %w", err)
				}
				answers = append(answers, ra)
				return nil
			})
		})
		if err != nil {
			return err
		}
	}
	return b.mem.restore(s, participants, pver, groups, answers)
}

// diskSession is a Session as the file keeps it: with its TokenHash, which
// Session leaves out of its JSON.
type diskSession struct {
	ID         string          `json:"id"`
	Code       string          `json:"code"`
	Title      string          `json:"title"`
	Language   string          `json:"language"`
	TokenHash  []byte          `json:"tokenHash"`
	CreatedAt  time.Time       `json:"createdAt"`
	Questions  []poll.Question `json:"questions,omitempty"` // version 1 only
	State      model.State     `json:"state"`
	Pace       string          `json:"pace,omitempty"`
	MinSegment int             `json:"minSegment,omitempty"`
	ExpiresAt  time.Time       `json:"expiresAt,omitzero"`
	MaxPart    int             `json:"maxParticipants,omitempty"`
}

func (d diskSession) session() model.Session {
	return model.Session{
		ID: d.ID, Code: d.Code, Title: d.Title, Language: d.Language, TokenHash: d.TokenHash,
		CreatedAt: d.CreatedAt, Questions: d.Questions, State: d.State,
		Pace: d.Pace, MinSegment: d.MinSegment, ExpiresAt: d.ExpiresAt, MaxParticipants: d.MaxPart,
	}
}

// idKey is a key or bucket name for an id: bolt refuses empty ones.
func idKey(id string) []byte {
	k := make([]byte, 0, 1+len(id))
	return append(append(k, '.'), id...)
}

func idOf(k []byte) string {
	if len(k) == 0 {
		return ""
	}
	return string(k[1:])
}

// withSeqs returns seqs, big-endian, followed by the JSON of v.
func withSeqs(v any, seqs ...uint64) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 8*len(seqs), 8*len(seqs)+len(body))
	for i, s := range seqs {
		binary.BigEndian.PutUint64(out[8*i:], s)
	}
	return append(out, body...), nil
}

// splitSeq reads n seqs off the front of a record.
func splitSeq(v []byte, n int) ([]uint64, []byte, error) {
	if len(v) < 8*n {
		return nil, nil, fmt.Errorf("record of %d bytes is too short", len(v))
	}
	seqs := make([]uint64, n)
	for i := range seqs {
		seqs[i] = binary.BigEndian.Uint64(v[8*i:])
	}
	return seqs, v[8*n:], nil
}

// put writes k = v in the bucket at path below the sessions bucket, unless
// the record there was written at a higher Seq (its first 8 bytes). The
// session's own bucket (path[0]) must exist: a write that commits after the
// session was deleted is dropped, so nothing of a deleted session returns.
func put(tx *bolt.Tx, path [][]byte, k, v []byte) error {
	bk := tx.Bucket(bucketSessions)
	if bk == nil {
		return errors.New("no sessions bucket")
	}
	if bk = bk.Bucket(path[0]); bk == nil {
		return nil // deleted
	}
	for _, name := range path[1:] {
		var err error
		if bk, err = bk.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	if old := bk.Get(k); len(old) >= 8 && binary.BigEndian.Uint64(old) > binary.BigEndian.Uint64(v) {
		return nil // a later write committed first
	}
	if r := bk.Get(keyReset); len(r) == 8 && binary.BigEndian.Uint64(r) > binary.BigEndian.Uint64(v) {
		return nil // the question was reset after this was written
	}
	return bk.Put(k, v)
}

// write commits fn with other writers' and waits until it is on disk.
func (b *BoltStore) write(op string, fn func(*bolt.Tx) error) error {
	if err := b.db.Batch(fn); err != nil {
		return fmt.Errorf("store: bolt: %s: %w: %w", op, ErrUnavailable, err)
	}
	return nil
}

// opCreate names the write that creates a session's bucket.
const opCreate = "create session"

// sessionWrite says which records of a session a change writes.
type sessionWrite struct {
	header    bool            // the session record: title, state, settings
	order     bool            // the order of the questions
	questions []poll.Question // these questions' records
	removed   string          // a question whose record is deleted
}

// saveSession writes every record of a snapshot of a session.
func (b *BoltStore) saveSession(op string, s model.Session) error {
	return b.save(op, s, sessionWrite{header: true, order: true, questions: s.Questions})
}

// save writes the records w names of a snapshot of a session, taken at its
// Seq, in one transaction.
func (b *BoltStore) save(op string, s model.Session, w sessionWrite) error {
	type record struct {
		path [][]byte
		k, v []byte
	}
	var recs []record
	top := [][]byte{idKey(s.ID)}
	if w.header {
		v, err := withSeqs(diskSession{
			ID: s.ID, Code: s.Code, Title: s.Title, Language: s.Language, TokenHash: s.TokenHash,
			CreatedAt: s.CreatedAt, State: s.State,
			Pace: s.Pace, MinSegment: s.MinSegment, ExpiresAt: s.ExpiresAt, MaxPart: s.MaxParticipants,
		}, s.Seq)
		if err != nil {
			return fmt.Errorf("store: %s: %w", op, err)
		}
		recs = append(recs, record{top, keySession, v})
	}
	if w.order {
		ids := make([]string, len(s.Questions))
		for i, q := range s.Questions {
			ids[i] = q.ID
		}
		v, err := withSeqs(ids, s.Seq)
		if err != nil {
			return fmt.Errorf("store: %s: %w", op, err)
		}
		recs = append(recs, record{top, keyOrder, v})
	}
	qpath := [][]byte{idKey(s.ID), bucketQuestions}
	for _, q := range w.questions {
		v, err := withSeqs(q, s.Seq)
		if err != nil {
			return fmt.Errorf("store: %s: %w", op, err)
		}
		recs = append(recs, record{qpath, idKey(q.ID), v})
	}
	return b.write(op, func(tx *bolt.Tx) error {
		if op == opCreate {
			if _, err := tx.Bucket(bucketSessions).CreateBucketIfNotExists(top[0]); err != nil {
				return err
			}
		}
		for _, r := range recs {
			if err := put(tx, r.path, r.k, r.v); err != nil {
				return err
			}
		}
		if w.removed != "" {
			return drop(tx, qpath, idKey(w.removed), s.Seq)
		}
		return nil
	})
}

// drop deletes k from the bucket at path below the sessions bucket, unless
// it was written at a higher Seq than seq.
func drop(tx *bolt.Tx, path [][]byte, k []byte, seq uint64) error {
	bk := tx.Bucket(bucketSessions)
	for _, name := range path {
		if bk = bk.Bucket(name); bk == nil {
			return nil
		}
	}
	if old := bk.Get(k); len(old) >= 8 && binary.BigEndian.Uint64(old) > seq {
		return nil
	}
	return bk.Delete(k)
}

// saveParticipant writes a participant at version ver.
func (b *BoltStore) saveParticipant(sessionID string, p model.Participant, ver uint64) error {
	v, err := withSeqs(p, ver)
	if err != nil {
		return fmt.Errorf("store: add participant: %w", err)
	}
	path, k := [][]byte{idKey(sessionID), bucketParticipants}, idKey(p.Token)
	return b.write("add participant", func(tx *bolt.Tx) error { return put(tx, path, k, v) })
}

// saveAnswer writes an answer recorded at seq; first is the Seq of the
// participant's first answer to the question.
func (b *BoltStore) saveAnswer(sessionID string, a model.Answer, seq, first uint64) error {
	v, err := withSeqs(a, seq, first)
	if err != nil {
		return fmt.Errorf("store: record: %w", err)
	}
	path, k := [][]byte{idKey(sessionID), bucketAnswers, idKey(a.QuestionID)}, idKey(a.ParticipantID)
	return b.write("record", func(tx *bolt.Tx) error { return put(tx, path, k, v) })
}

// Ping implements Health: it fails once the file is closed.
func (b *BoltStore) Ping(context.Context) error {
	if err := b.db.View(func(*bolt.Tx) error { return nil }); err != nil {
		return fmt.Errorf("store: bolt: %w: %w", ErrUnavailable, err)
	}
	return nil
}

// Close implements Health: it closes the file.
func (b *BoltStore) Close() error {
	return b.db.Close()
}

// Engine returns every concern of the store, each served by b.
func (b *BoltStore) Engine() Engine {
	return Engine{b, b, b, b, b, b, b, b, b, b, b, b, b}
}
