package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ting-live/ting/pkg/poll"
)

// MemoryStore keeps everything in this process. It is the embedded engine's store.
type MemoryStore struct {
	mu       sync.RWMutex
	sessions map[string]*memSession
	codes    map[string]string
	// accounts holds facilitators, their keys, logins and session members.
	accounts memAccounts
}

var _ Store = (*MemoryStore)(nil)

type memSession struct {
	mu           sync.Mutex
	s            Session
	participants map[string]Participant           // by token
	answers      map[string]map[string]*memAnswer // question -> participant -> answer
	order        map[string][]string              // question -> participants, first answer first
	tallies      map[string]*poll.Tally           // question -> tally
	groups       []Group
	seen         map[string]time.Time // participant -> last Touch
	// pver grows with every AddParticipant; a disk copy uses it to keep the
	// last write of a token.
	pver uint64
}

// memAnswer is a stored answer and the Seq of the participant's first answer
// to the question, which fixes its place in Answers.
type memAnswer struct {
	Answer
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
	m.sessions[s.ID] = newMemSession(cloneSession(*s))
	return nil
}

func newMemSession(s Session) *memSession {
	return &memSession{
		s:            s,
		participants: map[string]Participant{},
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

func cloneGroups(gs []Group) []Group {
	out := make([]Group, len(gs))
	for i, g := range gs {
		out[i] = Group{Name: g.Name, Members: slices.Clone(g.Members)}
	}
	return out
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
	return m.addQuestion(sessionID, q, nil)
}

// addQuestion is AddQuestion; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) addQuestion(sessionID string, q poll.Question, snap *Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.s.Questions = append(ms.s.Questions, q)
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}

// UpdateQuestion implements Store.
func (m *MemoryStore) UpdateQuestion(_ context.Context, sessionID string, q poll.Question) (uint64, error) {
	return m.updateQuestion(sessionID, q, nil)
}

// updateQuestion is UpdateQuestion; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) updateQuestion(sessionID string, q poll.Question, snap *Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	old := ms.s.Question(q.ID)
	if old == nil {
		return 0, ErrNoQuestion
	}
	*old = q
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}

// ResetQuestion implements Store.
func (m *MemoryStore) ResetQuestion(_ context.Context, sessionID, questionID string) (uint64, error) {
	return m.resetQuestion(sessionID, questionID)
}

func (m *MemoryStore) resetQuestion(sessionID, questionID string) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.s.Question(questionID) == nil {
		return 0, ErrNoQuestion
	}
	delete(ms.answers, questionID)
	delete(ms.order, questionID)
	delete(ms.tallies, questionID)
	ms.s.Seq++
	return ms.s.Seq, nil
}

// RemoveQuestion implements Store.
func (m *MemoryStore) RemoveQuestion(_ context.Context, sessionID, questionID string) (uint64, error) {
	return m.removeQuestion(sessionID, questionID, nil)
}

// removeQuestion is RemoveQuestion; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) removeQuestion(sessionID, questionID string, snap *Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	i := slices.IndexFunc(ms.s.Questions, func(q poll.Question) bool { return q.ID == questionID })
	if i < 0 {
		return 0, ErrNoQuestion
	}
	ms.s.Questions = slices.Delete(slices.Clone(ms.s.Questions), i, i+1)
	if ms.s.State.QuestionID == questionID {
		ms.s.State = noQuestion(ms.s.State)
	}
	if ms.s.State.SegmentBy == questionID {
		ms.s.State.SegmentBy = ""
	}
	delete(ms.answers, questionID)
	delete(ms.order, questionID)
	delete(ms.tallies, questionID)
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}

// MoveQuestion implements Store.
func (m *MemoryStore) MoveQuestion(_ context.Context, sessionID, questionID string, index int) (uint64, error) {
	return m.moveQuestion(sessionID, questionID, index, nil)
}

// moveQuestion is MoveQuestion; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) moveQuestion(sessionID, questionID string, index int, snap *Session) (uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	qs, ok := moved(ms.s.Questions, questionID, index)
	if !ok {
		return 0, ErrNoQuestion
	}
	ms.s.Questions = qs
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.Seq, nil
}

// UpdateState implements Store.
func (m *MemoryStore) UpdateState(_ context.Context, sessionID string, p StatePatch) (State, uint64, error) {
	return m.updateState(sessionID, p, nil)
}

// updateState is UpdateState; a non-nil snap gets a copy of the changed session.
func (m *MemoryStore) updateState(sessionID string, p StatePatch, snap *Session) (State, uint64, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return State{}, 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	for _, id := range []*string{p.QuestionID, p.SegmentBy} {
		if id != nil && *id != "" && ms.s.Question(*id) == nil {
			return State{}, 0, ErrNoQuestion
		}
	}
	ms.s.State = p.Apply(ms.s.State)
	ms.s.Seq++
	if snap != nil {
		*snap = cloneSession(ms.s)
	}
	return ms.s.State, ms.s.Seq, nil
}

// AddParticipant implements Store.
func (m *MemoryStore) AddParticipant(_ context.Context, sessionID string, p Participant) (int64, error) {
	n, _, err := m.addParticipant(sessionID, p)
	return n, err
}

// addParticipant is AddParticipant and also returns the write's version:
// of two writes of one token, the higher version is the one kept.
func (m *MemoryStore) addParticipant(sessionID string, p Participant) (n int64, version uint64, err error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	ms.participants[p.Token] = p
	ms.pver++
	return int64(len(ms.participants)), ms.pver, nil
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
	seq, _, err := m.record(sessionID, a)
	return seq, err
}

// record is Record and also returns the Seq of the participant's first
// answer to the question (seq itself for a first answer).
func (m *MemoryStore) record(sessionID string, a Answer) (seq, first uint64, err error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return 0, 0, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if !ms.s.Open(a.QuestionID) {
		return 0, 0, ErrNotCurrent
	}
	if ms.s.State.Closed(a.At) {
		return 0, 0, ErrLocked
	}
	ms.s.Seq++
	first = ms.apply(a, ms.s.Seq, 0)
	return ms.s.Seq, first, nil
}

// apply stores a as the answer written at seq and updates the tally and the
// order, replacing the participant's earlier answer. first is the Seq of the
// participant's first answer; 0 means seq unless an earlier answer is
// stored. It returns the first Seq kept. ms.mu is held.
func (ms *memSession) apply(a Answer, seq, first uint64) uint64 {
	byP := ms.answers[a.QuestionID]
	if byP == nil {
		byP = map[string]*memAnswer{}
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
		first = old.first
	} else {
		t.Responses++
		ms.order[a.QuestionID] = append(ms.order[a.QuestionID], a.ParticipantID)
		if first == 0 {
			first = seq
		}
	}
	for k, n := range a.Tally {
		t.Counts[k] += n
	}
	byP[a.ParticipantID] = &memAnswer{Answer: a, first: first}
	return first
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

// Answer implements Store.
func (m *MemoryStore) Answer(_ context.Context, sessionID, questionID, participantID string) (Answer, error) {
	ms, err := m.get(sessionID)
	if err != nil {
		return Answer{}, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	a, ok := ms.answers[questionID][participantID]
	if !ok {
		return Answer{}, ErrNotFound
	}
	return a.Answer, nil
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
		out = append(out, ms.answers[questionID][pid].Answer)
	}
	return out, nil
}

// Ping implements Store.
func (m *MemoryStore) Ping(context.Context) error { return nil }

// Close implements Store.
func (m *MemoryStore) Close() error { return nil }

// restoredAnswer is an answer read back from disk: the Seq it was written
// at and the Seq of the participant's first answer to the question.
type restoredAnswer struct {
	Answer
	seq, first uint64
}

// restore puts a session back as it was: its participants (pver is the
// highest participant version seen) and its answers, with the tallies, the
// responses and the answer order rebuilt as Record built them. The session's
// Seq continues from the highest Seq of the session and its answers.
func (m *MemoryStore) restore(s Session, participants []Participant, pver uint64, groups []Group, answers []restoredAnswer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.sessions[s.ID]; ok {
		return fmt.Errorf("store: session %s restored twice", s.ID)
	}
	if other, ok := m.codes[s.Code]; ok {
		return fmt.Errorf("store: sessions %s and %s have the same join code %s", other, s.ID, s.Code)
	}
	ms := newMemSession(cloneSession(s))
	for _, p := range participants {
		ms.participants[p.Token] = p
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
