package store

import (
	"context"
	"slices"

	"github.com/ting-live/ting/pkg/model"
)

var _ GroupStore = (*MemoryStore)(nil)

func cloneGroups(gs []model.Group) []model.Group {
	out := make([]model.Group, len(gs))
	for i, g := range gs {
		out[i] = model.Group{Name: g.Name, Members: slices.Clone(g.Members)}
		for _, p := range g.Pairs {
			out[i].Pairs = append(out[i].Pairs, model.Pair{Name: p.Name, Members: slices.Clone(p.Members)})
		}
	}
	return out
}

// SetGroups implements GroupStore.
func (m *MemoryStore) SetGroups(_ context.Context, sessionID string, groups []model.Group) (uint64, error) {
	seq, _, err := m.setGroups(sessionID, groups)
	return seq, err
}

// setGroups is SetGroups and also returns a copy of the groups as stored.
func (m *MemoryStore) setGroups(sessionID string, groups []model.Group) (uint64, []model.Group, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.groups = cloneGroups(groups)
	ms.s.Seq++
	return ms.s.Seq, cloneGroups(ms.groups), nil
}

// Groups implements GroupStore.
func (m *MemoryStore) Groups(_ context.Context, sessionID string) ([]model.Group, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return cloneGroups(ms.groups), nil
}
