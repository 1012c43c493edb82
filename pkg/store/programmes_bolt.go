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
// programme (title, creator, created, its sessions' ids) and its members.
// Deleting one deletes its key.
var bucketProgrammes = []byte("programmes")

// writeProgramme writes a programme's record as memory has it now.
func (b *BoltStore) writeProgramme(op string, mp memProgramme) error {
	v, err := json.Marshal(mp)
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	return b.write(op, func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(bucketProgrammes)
		if err != nil {
			return err
		}
		return bk.Put(idKey(mp.P.ID), v)
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
			var mp memProgramme
			if err := json.Unmarshal(v, &mp); err != nil {
				return fmt.Errorf("programme %q: %w", idOf(k), err)
			}
			return b.mem.putProgramme(mp)
		})
	})
}

// CreateProgramme implements ProgrammeStore.
func (b *BoltStore) CreateProgramme(ctx context.Context, p model.Programme) error {
	b.progs.Lock()
	defer b.progs.Unlock()
	if err := b.mem.CreateProgramme(ctx, p); err != nil {
		return err
	}
	if err := b.writeProgramme("create programme", memProgramme{P: cloneProgramme(&p)}); err != nil {
		_ = b.mem.DeleteProgramme(ctx, p.ID)
		return err
	}
	return nil
}

// Programme implements ProgrammeStore.
func (b *BoltStore) Programme(ctx context.Context, id string) (model.Programme, error) {
	return b.mem.Programme(ctx, id)
}

// AllProgrammes implements ProgrammeStore.
func (b *BoltStore) AllProgrammes(ctx context.Context) ([]model.Programme, error) {
	return b.mem.AllProgrammes(ctx)
}

// saved writes the programme a memory change returned.
func (b *BoltStore) saved(op string, mp memProgramme, err error) error {
	if err != nil {
		return err
	}
	return b.writeProgramme(op, mp)
}

// AddProgrammeSession implements ProgrammeStore.
func (b *BoltStore) AddProgrammeSession(_ context.Context, programmeID, sessionID string) error {
	b.progs.Lock()
	defer b.progs.Unlock()
	mp, err := b.mem.addProgrammeSession(programmeID, sessionID)
	return b.saved("add programme session", mp, err)
}

// RemoveProgrammeSession implements ProgrammeStore.
func (b *BoltStore) RemoveProgrammeSession(_ context.Context, programmeID, sessionID string) error {
	b.progs.Lock()
	defer b.progs.Unlock()
	mp, err := b.mem.removeProgrammeSession(programmeID, sessionID)
	return b.saved("remove programme session", mp, err)
}

// DeleteProgramme implements ProgrammeStore.
func (b *BoltStore) DeleteProgramme(ctx context.Context, id string) error {
	b.progs.Lock()
	defer b.progs.Unlock()
	if err := b.mem.DeleteProgramme(ctx, id); err != nil {
		return err
	}
	return b.deleteRecord("delete programme", bucketProgrammes, id)
}

// SetProgrammeMember implements ProgrammeStore.
func (b *BoltStore) SetProgrammeMember(_ context.Context, programmeID string, m Member) error {
	b.progs.Lock()
	defer b.progs.Unlock()
	mp, err := b.mem.setProgrammeMember(programmeID, m)
	return b.saved("set programme member", mp, err)
}

// RemoveProgrammeMember implements ProgrammeStore.
func (b *BoltStore) RemoveProgrammeMember(_ context.Context, programmeID, facilitatorID string) error {
	b.progs.Lock()
	defer b.progs.Unlock()
	mp, err := b.mem.removeProgrammeMember(programmeID, facilitatorID)
	if err := b.saved("remove programme member", mp, err); err != nil {
		return err
	}
	b.erasedNow("remove programme member")
	return nil
}

// ProgrammeMembers implements ProgrammeStore.
func (b *BoltStore) ProgrammeMembers(ctx context.Context, programmeID string) ([]Member, error) {
	return b.mem.ProgrammeMembers(ctx, programmeID)
}

// MemberProgrammes implements ProgrammeStore.
func (b *BoltStore) MemberProgrammes(ctx context.Context, facilitatorID string) ([]ProgrammeMembership, error) {
	return b.mem.MemberProgrammes(ctx, facilitatorID)
}

// Tallies implements TallyReader.
func (b *BoltStore) Tallies(ctx context.Context, reads []TallyRead) ([][]poll.Tally, error) {
	return b.mem.Tallies(ctx, reads)
}

// erasedNow marks the file for its rewrite after a change that dropped
// something from a record (its earlier version stays in a freed page
// until then) and schedules it.
func (b *BoltStore) erasedNow(op string) {
	err := b.write(op, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyErased, []byte{1}) })
	if err != nil {
		b.log.Warn("store: bolt: mark the file for its rewrite", "op", op, "err", err)
	}
	b.erased()
}
