package store

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/ting-live/ting/pkg/model"
)

var _ SelectionStore = (*BoltStore)(nil)

// keySelections, in a session's bucket, holds seq(8) + JSON of its selections.
var keySelections = []byte("selections")

// Select implements SelectionStore: the selections are one record beside
// the session, written whole.
func (b *BoltStore) Select(_ context.Context, sessionID string, sel model.Selection, on bool) (uint64, error) {
	seq, stored, err := b.mem.selectEntry(sessionID, sel, on)
	if err != nil {
		return 0, err
	}
	v, err := withSeqs(stored, seq)
	if err != nil {
		return 0, fmt.Errorf("store: select: %w", err)
	}
	path := [][]byte{idKey(sessionID)}
	if err := b.write("select", func(tx *bolt.Tx) error { return put(tx, path, keySelections, v) }); err != nil {
		return 0, err
	}
	return seq, nil
}

// Selections implements SelectionStore.
func (b *BoltStore) Selections(ctx context.Context, sessionID string) ([]model.Selection, error) {
	return b.mem.Selections(ctx, sessionID)
}

// readSelections reads a session bucket's selections record, if any,
// and the Seq it was written at.
func readSelections(sb *bolt.Bucket) ([]model.Selection, uint64, error) {
	raw := sb.Get(keySelections)
	if raw == nil {
		return nil, 0, nil
	}
	seq, body, err := splitSeq(raw, 1)
	if err != nil {
		return nil, 0, err
	}
	var sels []model.Selection
	if err := json.Unmarshal(body, &sels); err != nil {
		return nil, 0, fmt.Errorf("selections: %w", err)
	}
	return sels, seq[0], nil
}
