package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
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
	// CompactAfter is how long after a delete the file is rewritten without
	// the deleted session's pages (0: DefaultCompactAfter).
	CompactAfter time.Duration
	// Log receives failures of the background rewrite (nil: slog.Default).
	Log *slog.Logger
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
// After a delete the file is rewritten without the freed pages
// (compact_bolt.go), so nothing of a deleted session stays in it.
//
// The file, with I = a one-byte prefix and an id (bolt refuses empty keys):
//
//	meta         bucket: "version" -> "2"; "erased" while a delete waits for
//	             the rewrite of the file (compact_bolt.go)
//	sessions     bucket of one bucket a session, named I(sessionID):
//	  session        seq(8) + JSON of the session without its questions
//	  order          seq(8) + JSON list of the question ids, in order
//	  questions      bucket: I(questionID) -> seq(8) + JSON of the question
//	  groups         seq(8) + JSON of the session's groups
//	  selections     seq(8) + JSON of the entries the working group selected
//	  participants   bucket: I(TokenHash) -> version(8) + JSON of the participant, no token
//	  answers        bucket of one bucket a question, named I(questionID):
//	                   I(participantID) -> seq(8) + first seq(8) + JSON of the answer
//	                   "reset" -> seq(8) of the question's last reset
//
// Seqs are big-endian. The join code index is rebuilt from the sessions.
// A change writes only the records it changes: adding a question writes
// the question and the order, a state change the session record, so a
// change costs the same however many questions the session holds. Files of
// version 1 kept the questions inside the session record, and files of
// version 2 written before tokens were hashed kept participants under
// their token; both are rewritten in this form when opened, and the file
// is then compacted, so that nothing of the old form stays in it.
type BoltStore struct {
	mem  *MemoryStore
	path string
	log  *slog.Logger
	// mu guards db: a write holds it shared while its transaction runs, the
	// rewrite after a delete holds it alone while it swaps the file.
	mu     sync.RWMutex
	db     *bolt.DB
	closed bool
	erase  eraser
	// progs orders the changes of programmes: memory, then the file, one at a time.
	progs sync.Mutex
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
	// keyErased, in meta, says that a delete has not had its rewrite of
	// the file yet (compact_bolt.go).
	keyErased = []byte("erased")
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
	b := &BoltStore{mem: NewMemoryStore(), db: db, path: cfg.Path, log: cfg.Log}
	if b.log == nil {
		b.log = slog.Default()
	}
	b.erase.after = cfg.CompactAfter
	if b.erase.after <= 0 {
		b.erase.after = DefaultCompactAfter
	}
	rewrite, err := b.load()
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: load %s: %w", cfg.Path, err)
	}
	if rewrite {
		// A failed rewrite (a full disk) does not keep Ting from starting:
		// the mark stays, and the rewrite is tried again after the delay.
		if err := b.compact(); err != nil {
			b.log.Error("store: bolt: rewrite the file on open", "path", cfg.Path, "err", err)
			b.erased()
		}
	}
	return b, nil
}

// boltBatchDelay is how long a write waits to share its commit with others.
const boltBatchDelay = 2 * time.Millisecond

// load prepares the file and puts every session in it into memory. It
// reports whether the file must be rewritten (compact): a delete did not
// get its rewrite before the process ended, or the file held plain text it
// no longer keeps (sessions of version 1, participant tokens not hashed).
func (b *BoltStore) load() (bool, error) {
	rewrite := false
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
		rewrite = meta.Get(keyErased) != nil
		_, err = tx.CreateBucketIfNotExists(bucketSessions)
		return err
	})
	if err != nil {
		return false, err
	}
	var (
		old   []model.Session // sessions kept in the form of version 1
		plain []plainToken    // participants kept under their token
	)
	err = b.db.View(func(tx *bolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		return sessions.ForEachBucket(func(k []byte) error {
			s, v1, pt, err := b.loadSession(k, sessions.Bucket(k))
			if err != nil {
				return fmt.Errorf("session %q: %w", idOf(k), err)
			}
			if v1 {
				old = append(old, s)
			}
			plain = append(plain, pt...)
			return nil
		})
	})
	if err != nil {
		return false, err
	}
	for _, s := range old {
		if err := b.save("rewrite session", s, sessionWrite{header: true, order: true, questions: s.Questions}); err != nil {
			return false, err
		}
	}
	if len(plain) > 0 {
		if err := b.db.Update(func(tx *bolt.Tx) error { return hashTokens(tx, plain) }); err != nil {
			return false, fmt.Errorf("hash participant tokens: %w", err)
		}
	}
	if err := b.db.Update(dropOrphanQuestions); err != nil {
		return false, err
	}
	if err := b.loadProgrammes(); err != nil {
		return false, err
	}
	if err := b.loadQuestionSets(); err != nil {
		return false, err
	}
	return rewrite || len(old) > 0 || len(plain) > 0, nil
}

// plainToken is a participant record of a file written before tokens were
// hashed: kept under I(token), with the token in its JSON.
type plainToken struct {
	session, key []byte // the session's bucket name, the record's key
	hash         string
	value        []byte // the record as it is kept now: version + JSON without the token
}

// hashTokens moves participant records kept under their token to the
// token's hash, without the token.
func hashTokens(tx *bolt.Tx, plain []plainToken) error {
	for _, pt := range plain {
		sb := tx.Bucket(bucketSessions).Bucket(pt.session)
		if sb == nil {
			continue
		}
		pb := sb.Bucket(bucketParticipants)
		if err := pb.Delete(pt.key); err != nil {
			return err
		}
		if err := pb.Put(idKey(pt.hash), pt.value); err != nil {
			return err
		}
	}
	return nil
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
func (b *BoltStore) loadSession(name []byte, sb *bolt.Bucket) (model.Session, bool, []plainToken, error) {
	s, v1, err := readSession(sb)
	if err != nil || s.ID == "" {
		return s, false, nil, err
	}
	plain, err := b.restoreSession(name, sb, s)
	return s, v1, plain, err
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
// groups, answers) and puts it all into memory. It returns the participants
// the file keeps under their plain token, to be kept under its hash.
func (b *BoltStore) restoreSession(name []byte, sb *bolt.Bucket, s model.Session) ([]plainToken, error) {
	var (
		participants = map[string]model.Participant{}
		plain        []plainToken
		pver         uint64
		groups       []model.Group
		answers      []restoredAnswer
	)
	if raw := sb.Get(keyGroups); raw != nil {
		_, body, err := splitSeq(raw, 1)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(body, &groups); err != nil {
			return nil, fmt.Errorf("groups: %w", err)
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
			h := idOf(k)
			if p.Token != "" { // written before tokens were hashed
				h, p = hashed(p)
				v, err := withSeqs(p, ver[0])
				if err != nil {
					return err
				}
				plain = append(plain, plainToken{session: bytes.Clone(name), key: bytes.Clone(k), hash: h, value: v})
			}
			participants[h] = p
			pver = max(pver, ver[0])
			return nil
		})
		if err != nil {
			return nil, err
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
			return nil, err
		}
	}
	sels, selSeq, err := readSelections(sb)
	if err != nil {
		return nil, err
	}
	if err := b.mem.restore(s, participants, pver, groups, answers); err != nil {
		return nil, err
	}
	return plain, b.mem.restoreSelections(s.ID, sels, selSeq)
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
	ClosesAt   time.Time       `json:"closesAt,omitzero"`
	Programme  string          `json:"programme,omitempty"`
	LinkKey    string          `json:"linkKey,omitempty"`
}

func (d diskSession) session() model.Session {
	return model.Session{
		ID: d.ID, Code: d.Code, Title: d.Title, Language: d.Language, TokenHash: d.TokenHash,
		CreatedAt: d.CreatedAt, Questions: d.Questions, State: d.State,
		Pace: d.Pace, MinSegment: d.MinSegment, ExpiresAt: d.ExpiresAt, MaxParticipants: d.MaxPart,
		ClosesAt: d.ClosesAt, Programme: d.Programme, LinkKey: d.LinkKey,
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
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return fmt.Errorf("store: bolt: %s: %w: %w", op, ErrUnavailable, bolterrors.ErrDatabaseNotOpen)
	}
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
			Pace: s.Pace, MinSegment: s.MinSegment, ExpiresAt: s.ExpiresAt, MaxPart: s.MaxParticipants, ClosesAt: s.ClosesAt,
			Programme: s.Programme, LinkKey: s.LinkKey,
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

// saveParticipant writes a participant, without its token, under the
// token's hash h at version ver.
func (b *BoltStore) saveParticipant(sessionID, h string, p model.Participant, ver uint64) error {
	v, err := withSeqs(p, ver)
	if err != nil {
		return fmt.Errorf("store: add participant: %w", err)
	}
	path, k := [][]byte{idKey(sessionID), bucketParticipants}, idKey(h)
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
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return fmt.Errorf("store: bolt: %w: %w", ErrUnavailable, bolterrors.ErrDatabaseNotOpen)
	}
	if err := b.db.View(func(*bolt.Tx) error { return nil }); err != nil {
		return fmt.Errorf("store: bolt: %w: %w", ErrUnavailable, err)
	}
	return nil
}

// Close implements Health: it rewrites the file first when a delete is
// still waiting for its rewrite, then closes it.
func (b *BoltStore) Close() error {
	var err error
	if b.erase.stop() {
		err = b.compact()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return err
	}
	b.closed = true
	return errors.Join(err, b.db.Close())
}

// Engine returns every concern of the store, each served by b.
func (b *BoltStore) Engine() Engine {
	return Engine{b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b}
}
