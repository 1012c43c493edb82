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
	m  map[string]*memProgramme
}

// memProgramme is a programme and its members, as the bolt file keeps it too.
type memProgramme struct {
	P       model.Programme `json:"programme"`
	Members []Member        `json:"members,omitempty"`
}

func cloneProgramme(p *model.Programme) model.Programme {
	c := *p
	c.Sessions = slices.Clone(p.Sessions)
	if c.Sessions == nil {
		c.Sessions = []string{}
	}
	c.TokenHash = slices.Clone(p.TokenHash)
	return c
}

func (mp *memProgramme) clone() memProgramme {
	return memProgramme{P: cloneProgramme(&mp.P), Members: slices.Clone(mp.Members)}
}

// putProgramme stores mp as it is (a new programme, or one read from disk).
func (m *MemoryStore) putProgramme(mp memProgramme) error {
	m.progs.mu.Lock()
	defer m.progs.mu.Unlock()
	if m.progs.m == nil {
		m.progs.m = map[string]*memProgramme{}
	}
	if _, ok := m.progs.m[mp.P.ID]; ok {
		return errors.New("store: programme exists")
	}
	c := mp.clone()
	m.progs.m[mp.P.ID] = &c
	return nil
}

// CreateProgramme implements ProgrammeStore.
func (m *MemoryStore) CreateProgramme(_ context.Context, p model.Programme) error {
	return m.putProgramme(memProgramme{P: p})
}

// Programme implements ProgrammeStore.
func (m *MemoryStore) Programme(_ context.Context, id string) (model.Programme, error) {
	m.progs.mu.RLock()
	defer m.progs.mu.RUnlock()
	mp, ok := m.progs.m[id]
	if !ok {
		return model.Programme{}, ErrNotFound
	}
	return cloneProgramme(&mp.P), nil
}

// AllProgrammes implements ProgrammeStore.
func (m *MemoryStore) AllProgrammes(context.Context) ([]model.Programme, error) {
	m.progs.mu.RLock()
	defer m.progs.mu.RUnlock()
	out := make([]model.Programme, 0, len(m.progs.m))
	for _, mp := range m.progs.m {
		out = append(out, cloneProgramme(&mp.P))
	}
	sortProgrammes(out)
	return out, nil
}

// changeProgramme runs fn on the stored programme id under the lock and
// returns a copy of the result.
func (m *MemoryStore) changeProgramme(id string, fn func(mp *memProgramme) error) (memProgramme, error) {
	m.progs.mu.Lock()
	defer m.progs.mu.Unlock()
	mp, ok := m.progs.m[id]
	if !ok {
		return memProgramme{}, ErrNotFound
	}
	if err := fn(mp); err != nil {
		return memProgramme{}, err
	}
	return mp.clone(), nil
}

// AddProgrammeSession implements ProgrammeStore.
func (m *MemoryStore) AddProgrammeSession(_ context.Context, programmeID, sessionID string) error {
	_, err := m.addProgrammeSession(programmeID, sessionID)
	return err
}

func (m *MemoryStore) addProgrammeSession(programmeID, sessionID string) (memProgramme, error) {
	return m.changeProgramme(programmeID, func(mp *memProgramme) error {
		if !slices.Contains(mp.P.Sessions, sessionID) {
			mp.P.Sessions = append(mp.P.Sessions, sessionID)
		}
		return nil
	})
}

// RemoveProgrammeSession implements ProgrammeStore.
func (m *MemoryStore) RemoveProgrammeSession(_ context.Context, programmeID, sessionID string) error {
	_, err := m.removeProgrammeSession(programmeID, sessionID)
	return err
}

func (m *MemoryStore) removeProgrammeSession(programmeID, sessionID string) (memProgramme, error) {
	return m.changeProgramme(programmeID, func(mp *memProgramme) error {
		mp.P.Sessions = slices.DeleteFunc(mp.P.Sessions, func(s string) bool { return s == sessionID })
		return nil
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

// SetProgrammeMember implements ProgrammeStore.
func (m *MemoryStore) SetProgrammeMember(_ context.Context, programmeID string, mb Member) error {
	_, err := m.setProgrammeMember(programmeID, mb)
	return err
}

func (m *MemoryStore) setProgrammeMember(programmeID string, mb Member) (memProgramme, error) {
	return m.changeProgramme(programmeID, func(mp *memProgramme) error {
		mp.Members = slices.DeleteFunc(mp.Members, func(x Member) bool { return x.FacilitatorID == mb.FacilitatorID })
		mp.Members = append(mp.Members, mb)
		return nil
	})
}

// RemoveProgrammeMember implements ProgrammeStore.
func (m *MemoryStore) RemoveProgrammeMember(_ context.Context, programmeID, facilitatorID string) error {
	_, err := m.removeProgrammeMember(programmeID, facilitatorID)
	return err
}

func (m *MemoryStore) removeProgrammeMember(programmeID, facilitatorID string) (memProgramme, error) {
	return m.changeProgramme(programmeID, func(mp *memProgramme) error {
		n := len(mp.Members)
		mp.Members = slices.DeleteFunc(mp.Members, func(x Member) bool { return x.FacilitatorID == facilitatorID })
		if len(mp.Members) == n {
			return ErrNotFound
		}
		return nil
	})
}

// ProgrammeMembers implements ProgrammeStore.
func (m *MemoryStore) ProgrammeMembers(_ context.Context, programmeID string) ([]Member, error) {
	m.progs.mu.RLock()
	defer m.progs.mu.RUnlock()
	mp, ok := m.progs.m[programmeID]
	if !ok {
		return nil, ErrNotFound
	}
	out := slices.Clone(mp.Members)
	if out == nil {
		out = []Member{}
	}
	sortMembers(out)
	return out, nil
}

// MemberProgrammes implements ProgrammeStore.
func (m *MemoryStore) MemberProgrammes(_ context.Context, facilitatorID string) ([]ProgrammeMembership, error) {
	m.progs.mu.RLock()
	defer m.progs.mu.RUnlock()
	out := []ProgrammeMembership{}
	for id, mp := range m.progs.m {
		for _, mb := range mp.Members {
			if mb.FacilitatorID == facilitatorID {
				out = append(out, ProgrammeMembership{ProgrammeID: id, Role: mb.Role})
			}
		}
	}
	slices.SortFunc(out, func(a, b ProgrammeMembership) int {
		if a.ProgrammeID < b.ProgrammeID {
			return -1
		}
		return 1
	})
	return out, nil
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
