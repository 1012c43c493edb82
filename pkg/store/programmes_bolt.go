package store

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

var (
	_ ProgrammeStore = (*BoltStore)(nil)
	_ TallyReader    = (*BoltStore)(nil)
)

// bucketProgrammes, at the top of the file: I(programmeID) -> JSON of the
// programme (title, owner, created, its sessions' ids).
var bucketProgrammes = []byte("programmes")

// putProgramme writes a programme's record; deleting one deletes its key,
// so nothing of it stays in the file once bolt reuses the page.
func (b *BoltStore) putProgramme(op string, p model.Programme) error {
	v, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	return b.write(op, func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(bucketProgrammes)
		if err != nil {
			return err
		}
		return bk.Put(idKey(p.ID), v)
	})
}

// loadProgrammes puts the file's programmes into memory.
func (b *BoltStore) loadProgrammes() error {
	return b.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketProgrammes)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error {
			var p model.Programme
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("programme %q: %w", idOf(k), err)
			}
			return b.mem.CreateProgramme(context.Background(), p)
		})
	})
}

// CreateProgramme implements ProgrammeStore.
func (b *BoltStore) CreateProgramme(ctx context.Context, p model.Programme) error {
	if err := b.mem.CreateProgramme(ctx, p); err != nil {
		return err
	}
	if err := b.putProgramme("create programme", cloneProgramme(&p)); err != nil {
		_ = b.mem.DeleteProgramme(ctx, p.ID)
		return err
	}
	return nil
}

// Programme implements ProgrammeStore.
func (b *BoltStore) Programme(ctx context.Context, id string) (model.Programme, error) {
	return b.mem.Programme(ctx, id)
}

// Programmes implements ProgrammeStore.
func (b *BoltStore) Programmes(ctx context.Context, ownerID string) ([]model.Programme, error) {
	return b.mem.Programmes(ctx, ownerID)
}

// AddProgrammeSession implements ProgrammeStore.
func (b *BoltStore) AddProgrammeSession(_ context.Context, programmeID, sessionID string) error {
	p, err := b.mem.addProgrammeSession(programmeID, sessionID)
	if err != nil {
		return err
	}
	return b.putProgramme("add programme session", p)
}

// RemoveProgrammeSession implements ProgrammeStore.
func (b *BoltStore) RemoveProgrammeSession(_ context.Context, programmeID, sessionID string) error {
	p, err := b.mem.removeProgrammeSession(programmeID, sessionID)
	if err != nil {
		return err
	}
	return b.putProgramme("remove programme session", p)
}

// DeleteProgramme implements ProgrammeStore.
func (b *BoltStore) DeleteProgramme(ctx context.Context, id string) error {
	if err := b.mem.DeleteProgramme(ctx, id); err != nil {
		return err
	}
	return b.write("delete programme", func(tx *bolt.Tx) error {
		if bk := tx.Bucket(bucketProgrammes); bk != nil {
			return bk.Delete(idKey(id))
		}
		return nil
	})
}

// Tallies implements TallyReader.
func (b *BoltStore) Tallies(ctx context.Context, reads []TallyRead) ([][]poll.Tally, error) {
	return b.mem.Tallies(ctx, reads)
}
