package store

import (
	"context"
	"slices"

	"github.com/ting-live/ting/pkg/model"
)

var _ SelectionStore = (*MemoryStore)(nil)

// Select implements SelectionStore.
func (m *MemoryStore) Select(_ context.Context, sessionID string, sel model.Selection, on bool) (uint64, error) {
	seq, _, err := m.selectEntry(sessionID, sel, on)
	return seq, err
}

// selectEntry is Select and also returns a copy of the selections as stored.
// Selecting an entry again keeps who selected it first.
func (m *MemoryStore) selectEntry(sessionID string, sel model.Selection, on bool) (uint64, []model.Selection, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	i := slices.IndexFunc(ms.selections, func(s model.Selection) bool { return s.EntryID == sel.EntryID })
	switch {
	case on && i < 0:
		ms.selections = append(ms.selections, sel)
	case !on && i >= 0:
		ms.selections = slices.Delete(ms.selections, i, i+1)
	}
	ms.s.Seq++
	return ms.s.Seq, slices.Clone(ms.selections), nil
}

// Selections implements SelectionStore.
func (m *MemoryStore) Selections(_ context.Context, sessionID string) ([]model.Selection, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return slices.Clone(ms.selections), nil
}

// restoreSelections puts selections read from disk, written at seq, back
// into memory.
func (m *MemoryStore) restoreSelections(sessionID string, sels []model.Selection, seq uint64) error {
	ms, err := m.get(sessionID)
	if err != nil {
		return err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.selections = slices.Clone(sels)
	ms.s.Seq = max(ms.s.Seq, seq)
	return nil
}
