package store

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/ting-live/ting/pkg/poll"
)

// MemoryStore keeps everything in this process. It is the embedded engine's store.
type MemoryStore struct {
	mu       sync.RWMutex
	sessions map[string]*memSession
	codes    map[string]string
}

var _ Store = (*MemoryStore)(nil)

type memSession struct {
	mu           sync.Mutex
	s            Session
	participants map[string]Participant        // by token
	answers      map[string]map[string]*Answer // question -> participant -> answer
	order        map[string][]string           // question -> participants, first answer first
	tallies      map[string]*poll.Tally        // question -> tally
}

// NewMemoryStore returns an empty in-memory store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{sessions: map[string]*memSession{}, codes: map[string]string{}}
}

func (m *MemoryStore) get(id string) (*memSession, error) {
	m.mu.RLock()
	ms, ok := m.sessions[id]
	m.mu.RUnlock()
	if !ok {
		return nil, ErrNotFound
	}
	return ms, nil
}

// CreateSession implements Store.
func (m *MemoryStore) CreateSession(_ context.Context, s *Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.sessions[s.ID]; ok {
		return fmt.Errorf("store: session %s exists", s.ID)
	}
	for i := 0; ; i++ {
		if i == codeAttempts {
			return fmt.Errorf("store: no free join code: %w", ErrUnavailable)
		}
		s.Code = NewCode()
		if _, taken := m.codes[s.Code]; !taken {
			break
		}
	}
	s.Seq = 1
	m.codes[s.Code] = s.ID
	m.sessions[s.ID] = &memSession{
		s:            cloneSession(*s),
		participants: map[string]Participant{},
		answers:      map[string]map[string]*Answer{},
		order:        map[string][]string{},
		tallies:      map[string]*poll.Tally{},
	}
	return nil
}

func cloneSession(s Session) Session {
	s.Questions = slices.Clone(s.Questions)
	s.TokenHash = slices.Clone(s.TokenHash)
	return s
}

// Session implements Store.
func (m *MemoryStore) Session(_ context.Context, id string) (*Session, error) {
	ms, err := m.get(id)
	if err != nil {
		return nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	s := cloneSession(ms.s)
	return &s, nil
}

// SessionIDByCode implements Store.
func (m *MemoryStore) SessionIDByCode(_ context.Context, code string) (string, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	id, ok := m.codes[code]
	if !ok {
		return "", ErrNotFound
	}
	return id, nil
}

// AddQuestion implements Store.
func (m *MemoryStore) AddQuestion(_ context.Context, sessionID string, q poll.Question) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.s.Questions = append(ms.s.Questions, q)
	ms.s.Seq++
	return ms.s.Seq, nil
}

// UpdateState implements Store.
func (m *MemoryStore) UpdateState(_ context.Context, sessionID string, p StatePatch) (State, uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return State{}, 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if p.QuestionID != nil && *p.QuestionID != "" && ms.s.Question(*p.QuestionID) == nil {
		return State{}, 0, ErrNoQuestion
	}
	ms.s.State = p.Apply(ms.s.State)
	ms.s.Seq++
	return ms.s.State, ms.s.Seq, nil
}

// AddParticipant implements Store.
func (m *MemoryStore) AddParticipant(_ context.Context, sessionID string, p Participant) (int64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.participants[p.Token] = p
	return int64(len(ms.participants)), nil
}

// Participant implements Store.
func (m *MemoryStore) Participant(_ context.Context, sessionID, token string) (Participant, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return Participant{}, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	p, ok := ms.participants[token]
	if !ok {
		return Participant{}, ErrNotFound
	}
	return p, nil
}

// ParticipantCount implements Store.
func (m *MemoryStore) ParticipantCount(_ context.Context, sessionID string) (int64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return int64(len(ms.participants)), nil
}

// Record implements Store.
func (m *MemoryStore) Record(_ context.Context, sessionID string, a Answer) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if a.QuestionID == "" || ms.s.State.QuestionID != a.QuestionID {
		return 0, ErrNotCurrent
	}
	if ms.s.State.Locked {
		return 0, ErrLocked
	}
	byP := ms.answers[a.QuestionID]
	if byP == nil {
		byP = map[string]*Answer{}
		ms.answers[a.QuestionID] = byP
	}
	t := ms.tallies[a.QuestionID]
	if t == nil {
		t = &poll.Tally{Counts: map[string]int64{}}
		ms.tallies[a.QuestionID] = t
	}
	if old, ok := byP[a.ParticipantID]; ok {
		for k, n := range old.Tally {
			if t.Counts[k] -= n; t.Counts[k] == 0 {
				delete(t.Counts, k)
			}
		}
	} else {
		t.Responses++
		ms.order[a.QuestionID] = append(ms.order[a.QuestionID], a.ParticipantID)
	}
	for k, n := range a.Tally {
		t.Counts[k] += n
	}
	stored := a
	byP[a.ParticipantID] = &stored
	ms.s.Seq++
	return ms.s.Seq, nil
}

// Tally implements Store.
func (m *MemoryStore) Tally(_ context.Context, sessionID, questionID string) (poll.Tally, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return poll.Tally{}, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	t := ms.tallies[questionID]
	if t == nil {
		return poll.Tally{Counts: map[string]int64{}}, nil
	}
	c := make(map[string]int64, len(t.Counts))
	for k, n := range t.Counts {
		c[k] = n
	}
	return poll.Tally{Responses: t.Responses, Counts: c}, nil
}

// Answers implements Store.
func (m *MemoryStore) Answers(_ context.Context, sessionID, questionID string) ([]Answer, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	out := make([]Answer, 0, len(ms.order[questionID]))
	for _, pid := range ms.order[questionID] {
		out = append(out, *ms.answers[questionID][pid])
	}
	return out, nil
}

// Ping implements Store.
func (m *MemoryStore) Ping(context.Context) error { return nil }

// Close implements Store.
func (m *MemoryStore) Close() error { return nil }
