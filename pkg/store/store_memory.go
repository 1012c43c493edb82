package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

// MemoryStore keeps everything in this process. It is the embedded engine's store.
type MemoryStore struct {
	mu       sync.RWMutex
	sessions map[string]*memSession
	codes    map[string]string
	// accounts holds facilitators, their keys, logins and session members.
	accounts memAccounts
	progs    memProgrammes
	qsets    memQuestionSets
}

var _ Health = (*MemoryStore)(nil)

type memSession struct {
	mu           sync.Mutex
	s            model.Session
	participants map[string]model.Participant     // by TokenHash
	answers      map[string]map[string]*memAnswer // question -> participant -> answer
	order        map[string][]string              // question -> participants, first answer first
	tallies      map[string]*poll.Tally           // question -> tally
	groups       []model.Group
	selections   []model.Selection    // oldest first
	seen         map[string]time.Time // participant -> last Touch
	// pver grows with every AddParticipant; a disk copy uses it to keep the
	// last write of a token.
	pver uint64
}

// memAnswer is a stored answer and the Seq of the participant's first answer
// to the question, which fixes its place in Answers.
type memAnswer struct {
	model.Answer
	first uint64
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

func newMemSession(s model.Session) *memSession {
	return &memSession{
		s:            s,
		participants: map[string]model.Participant{},
		answers:      map[string]map[string]*memAnswer{},
		order:        map[string][]string{},
		tallies:      map[string]*poll.Tally{},
	}
}

// dropSession removes a session that was just created (its disk copy failed).
func (m *MemoryStore) dropSession(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if ms, ok := m.sessions[id]; ok {
		delete(m.codes, ms.s.Code)
		delete(m.sessions, id)
	}
}

func cloneSession(s model.Session) model.Session {
	s.Questions = slices.Clone(s.Questions)
	s.TokenHash = slices.Clone(s.TokenHash)
	return s
}

// Ping implements Health.
func (m *MemoryStore) Ping(context.Context) error { return nil }

// Close implements Health.
func (m *MemoryStore) Close() error { return nil }

// restoredAnswer is an answer read back from disk: the Seq it was written
// at and the Seq of the participant's first answer to the question.
type restoredAnswer struct {
	model.Answer
	seq, first uint64
}

// restore puts a session back as it was: its participants by TokenHash (pver is the
// highest participant version seen) and its answers, with the tallies, the
// responses and the answer order rebuilt as Record built them. The session's
// Seq continues from the highest Seq of the session and its answers.
func (m *MemoryStore) restore(s model.Session, participants map[string]model.Participant, pver uint64, groups []model.Group, answers []restoredAnswer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.sessions[s.ID]; ok {
		return fmt.Errorf("store: session %s restored twice", s.ID)
	}
	if other, ok := m.codes[s.Code]; ok {
		return fmt.Errorf("store: sessions %s and %s have the same join code %s", other, s.ID, s.Code)
	}
	ms := newMemSession(cloneSession(s))
	for h, p := range participants {
		ms.participants[h] = p
	}
	ms.pver = pver
	ms.groups = cloneGroups(groups)
	// First answers first: that is the order Record appended them in.
	answers = slices.Clone(answers)
	slices.SortFunc(answers, func(a, b restoredAnswer) int { return cmp.Compare(a.first, b.first) })
	for _, a := range answers {
		ms.apply(a.Answer, a.seq, a.first)
		ms.s.Seq = max(ms.s.Seq, a.seq)
	}
	m.codes[s.Code] = s.ID
	m.sessions[s.ID] = ms
	return nil
}

// Engine returns every concern of the store, each served by m.
func (m *MemoryStore) Engine() Engine {
	return Engine{m, m, m, m, m, m, m, m, m, m, m, m, m, m, m, m, m}
}
