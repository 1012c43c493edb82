package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/ting-live/ting/pkg/model"
)

// TestBoltPlainTokensHashedOnOpen: a file of format 2 written before
// tokens were hashed keeps participants under their token, with the token
// in the record. Opened, its participants are found by their tokens, the
// records are moved to the hash, and the file no longer holds a token.
func TestBoltPlainTokensHashedOnOpen(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "ting.db")
	b, err := OpenBoltStore(BoltConfig{Path: path})
	if err != nil {
		t.Fatalf("OpenBoltStore: %v", err)
	}
	s := &model.Session{ID: uuid.NewString(), Title: "Gammal fil", Language: "sv", CreatedAt: time.Now()}
	if err := b.CreateSession(ctx, s); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	// The records as the earlier Ting wrote them.
	tokens := []string{"PlainTokenOneQx7", "PlainTokenTwoQx7"}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		pb, err := tx.Bucket(bucketSessions).Bucket(idKey(s.ID)).CreateBucketIfNotExists(bucketParticipants)
		if err != nil {
			return err
		}
		for i, tok := range tokens {
			v, err := withSeqs(model.Participant{ID: "id-" + strconv.Itoa(i), Token: tok, Name: "Namn"}, uint64(i+1))
			if err != nil {
				return err
			}
			if err := pb.Put(idKey(tok), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(path); !bytes.Contains(raw, []byte(tokens[0])) {
		t.Fatalf("the old form does not hold the token: the test cannot fail")
	}

	for range 2 { // the first open moves them, the second reads the new form
		b, err = OpenBoltStore(BoltConfig{Path: path})
		if err != nil {
			t.Fatalf("OpenBoltStore of the old form: %v", err)
		}
		for i, tok := range tokens {
			p, err := b.Participant(ctx, s.ID, tok)
			if err != nil || p.ID != "id-"+strconv.Itoa(i) || p.Name != "Namn" || p.Token != "" {
				t.Fatalf("Participant(%s) = %+v, %v", tok, p, err)
			}
		}
		if n, err := b.ParticipantCount(ctx, s.ID); err != nil || n != 2 {
			t.Fatalf("ParticipantCount = %d, %v; want 2", n, err)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range tokens {
			if bytes.Contains(raw, []byte(tok)) {
				t.Fatalf("the file still holds the token %q", tok)
			}
		}
		if err := b.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
}
