package store

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

var (
	_ ProgrammeStore = (*MemoryStore)(nil)
	_ TallyReader    = (*MemoryStore)(nil)
)

// memProgrammes are the MemoryStore's programmes, under a lock of their own.
type memProgrammes struct {
	mu sync.RWMutex
	m  map[string]*model.Programme
}

func cloneProgramme(p *model.Programme) model.Programme {
	c := *p
	c.Sessions = slices.Clone(p.Sessions)
	if c.Sessions == nil {
		c.Sessions = []string{}
	}
	return c
}

// CreateProgramme implements ProgrammeStore.
func (m *MemoryStore) CreateProgramme(_ context.Context, p model.Programme) error {
	m.progs.mu.Lock()
	defer m.progs.mu.Unlock()
	if m.progs.m == nil {
		m.progs.m = map[string]*model.Programme{}
	}
	if _, ok := m.progs.m[p.ID]; ok {
		return errors.New("store: programme exists")
	}
	c := cloneProgramme(&p)
	m.progs.m[p.ID] = &c
	return nil
}

// Programme implements ProgrammeStore.
func (m *MemoryStore) Programme(_ context.Context, id string) (model.Programme, error) {
	m.progs.mu.RLock()
	defer m.progs.mu.RUnlock()
	p, ok := m.progs.m[id]
	if !ok {
		return model.Programme{}, ErrNotFound
	}
	return cloneProgramme(p), nil
}

// Programmes implements ProgrammeStore.
func (m *MemoryStore) Programmes(_ context.Context, ownerID string) ([]model.Programme, error) {
	m.progs.mu.RLock()
	defer m.progs.mu.RUnlock()
	out := []model.Programme{}
	for _, p := range m.progs.m {
		if p.OwnerID == ownerID {
			out = append(out, cloneProgramme(p))
		}
	}
	sortProgrammes(out)
	return out, nil
}

// sortProgrammes puts the newest first (then by id, for a stable order).
func sortProgrammes(ps []model.Programme) {
	slices.SortFunc(ps, func(a, b model.Programme) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
}

// changeProgramme runs fn on the stored programme id under the lock and
// returns a copy of the result.
func (m *MemoryStore) changeProgramme(id string, fn func(p *model.Programme)) (model.Programme, error) {
	m.progs.mu.Lock()
	defer m.progs.mu.Unlock()
	p, ok := m.progs.m[id]
	if !ok {
		return model.Programme{}, ErrNotFound
	}
	fn(p)
	return cloneProgramme(p), nil
}

// AddProgrammeSession implements ProgrammeStore.
func (m *MemoryStore) AddProgrammeSession(_ context.Context, programmeID, sessionID string) error {
	_, err := m.addProgrammeSession(programmeID, sessionID)
	return err
}

func (m *MemoryStore) addProgrammeSession(programmeID, sessionID string) (model.Programme, error) {
	return m.changeProgramme(programmeID, func(p *model.Programme) {
		if !slices.Contains(p.Sessions, sessionID) {
			p.Sessions = append(p.Sessions, sessionID)
		}
	})
}

// RemoveProgrammeSession implements ProgrammeStore.
func (m *MemoryStore) RemoveProgrammeSession(_ context.Context, programmeID, sessionID string) error {
	_, err := m.removeProgrammeSession(programmeID, sessionID)
	return err
}

func (m *MemoryStore) removeProgrammeSession(programmeID, sessionID string) (model.Programme, error) {
	return m.changeProgramme(programmeID, func(p *model.Programme) {
		p.Sessions = slices.DeleteFunc(p.Sessions, func(s string) bool { return s == sessionID })
	})
}

// DeleteProgramme implements ProgrammeStore.
func (m *MemoryStore) DeleteProgramme(_ context.Context, id string) error {
	m.progs.mu.Lock()
	defer m.progs.mu.Unlock()
	if _, ok := m.progs.m[id]; !ok {
		return ErrNotFound
	}
	delete(m.progs.m, id)
	return nil
}

// Tallies implements TallyReader.
func (m *MemoryStore) Tallies(ctx context.Context, reads []TallyRead) ([][]poll.Tally, error) {
	out := make([][]poll.Tally, len(reads))
	for i, rd := range reads {
		out[i] = make([]poll.Tally, len(rd.QuestionIDs))
		for j, q := range rd.QuestionIDs {
			t, err := m.Tally(ctx, rd.SessionID, q)
			if errors.Is(err, ErrNotFound) {
				t, err = poll.Tally{Counts: map[string]int64{}}, nil
			}
			if err != nil {
				return nil, err
			}
			out[i][j] = t
		}
	}
	return out, nil
}
