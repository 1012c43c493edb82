package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Erasure on the embedded engine. bbolt frees the pages of a deleted
// bucket without overwriting them, so a deleted session's text would stay
// readable in the file until the pages are used again. A delete therefore
// marks the file (keyErased in meta, in the delete's own transaction) and
// schedules a rewrite: bbolt's Compact copies what is live into a new file
// beside it, which replaces ting.db by an atomic rename. Writes wait while
// the copy runs (reads are served from memory and do not); the deleted
// session's pages are not in the new file. The rewrite runs at most
// CompactAfter after the first delete it covers, on Close when one is still
// due, and on open when the mark is there (the process ended before it ran).

// DefaultCompactAfter is how long after a delete the file is rewritten
// when BoltConfig.CompactAfter is 0: deletes of one sweep share a rewrite.
const DefaultCompactAfter = 5 * time.Second

// compactTxSize is how many bytes Compact copies in one transaction.
const compactTxSize = 64 << 20

// eraser schedules the rewrite after deletes.
type eraser struct {
	after   time.Duration
	mu      sync.Mutex
	timer   *time.Timer
	due     bool // a delete waits for its rewrite
	stopped bool
}

// schedule arms the rewrite fn after e.after, unless one is armed already.
func (e *eraser) schedule(fn func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.due = true
	if e.timer == nil && !e.stopped {
		e.timer = time.AfterFunc(e.after, fn)
	}
}

// take clears the schedule before a rewrite and reports whether one was due.
func (e *eraser) take() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.timer = nil
	due := e.due
	e.due = false
	return due
}

// stop disarms the timer for good and reports whether a rewrite is due.
func (e *eraser) stop() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stopped = true
	if e.timer != nil {
		e.timer.Stop()
		e.timer = nil
	}
	due := e.due
	e.due = false
	return due
}

// erased schedules the rewrite after a delete has committed.
func (b *BoltStore) erased() {
	b.erase.schedule(b.compactLater)
}

// deleteRecord deletes the record id from bucket, marks the file in the
// same transaction and schedules its rewrite, so the record's page is gone
// too.
func (b *BoltStore) deleteRecord(op string, bucket []byte, id string) error {
	err := b.write(op, func(tx *bolt.Tx) error {
		if bk := tx.Bucket(bucket); bk != nil {
			if err := tx.Bucket(bucketMeta).Put(keyErased, []byte{1}); err != nil {
				return err
			}
			return bk.Delete(idKey(id))
		}
		return nil
	})
	if err != nil {
		return err
	}
	b.erased()
	return nil
}

// compactLater is the timer's rewrite; a failure is logged and tried
// again after the same delay (the mark stays, so an open does it too).
func (b *BoltStore) compactLater() {
	if !b.erase.take() {
		return
	}
	start := time.Now()
	if err := b.compact(); err != nil {
		b.log.Error("store: bolt: rewrite after delete", "err", err)
		b.erased()
		return
	}
	b.log.Debug("store: bolt: rewrote the file after delete", "took", time.Since(start))
}

// compact copies the live data into a new file, clears the mark and puts
// the new file in the place of the old, while no write runs.
func (b *BoltStore) compact() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	tmp := b.path + ".compact"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: bolt: compact: %w", err)
	}
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("store: bolt: compact: %w", err)
	}
	abandon := func(err error) error {
		_ = dst.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("store: bolt: compact: %w", err)
	}
	if err := bolt.Compact(dst, b.db, compactTxSize); err != nil {
		return abandon(err)
	}
	err = dst.Update(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			return meta.Delete(keyErased)
		}
		return nil
	})
	if err != nil {
		return abandon(err)
	}
	if err := os.Rename(tmp, b.path); err != nil {
		return abandon(err)
	}
	if err := syncDir(filepath.Dir(b.path)); err != nil {
		b.log.Warn("store: bolt: sync data dir after rewrite", "err", err)
	}
	dst.MaxBatchDelay = boltBatchDelay
	old := b.db
	b.db = dst
	if err := old.Close(); err != nil {
		b.log.Warn("store: bolt: close the file before its rewrite", "err", err)
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
