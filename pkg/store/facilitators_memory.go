package store

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"time"
)

// memAccounts is the MemoryStore's part for facilitators. Its zero value is ready.
type memAccounts struct {
	mu           sync.Mutex
	facilitators []Facilitator
	keys         map[string]APIKey // hex of the hash -> key
	logins       map[string]Login
	once         map[string]memOnce
	members      map[string][]Member     // session -> members
	audit        map[string][]AuditEvent // session -> log
	deletions    []AuditEvent
	archived     map[string]bool // sessions archived
}

type memOnce struct {
	value   []byte
	expires time.Time
}

func (a *memAccounts) init() {
	if a.keys == nil {
		a.keys, a.logins, a.once = map[string]APIKey{}, map[string]Login{}, map[string]memOnce{}
		a.members, a.audit = map[string][]Member{}, map[string][]AuditEvent{}
		a.archived = map[string]bool{}
	}
}

// dropSession forgets a session's members and audit log.
func (a *memAccounts) dropSession(sessionID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	delete(a.members, sessionID)
	delete(a.audit, sessionID)
	delete(a.archived, sessionID)
}

// CreateFacilitator implements Facilitators.
func (m *MemoryStore) CreateFacilitator(_ context.Context, f Facilitator) error {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.create(f)
}

func (a *memAccounts) create(f Facilitator) error {
	for _, g := range a.facilitators {
		if emailKey(g.Email) == emailKey(f.Email) {
			return ErrExists
		}
	}
	a.facilitators = append(a.facilitators, f)
	return nil
}

// ClaimOwner implements Facilitators.
func (m *MemoryStore) ClaimOwner(_ context.Context, f Facilitator) (bool, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	if slices.ContainsFunc(a.facilitators, func(g Facilitator) bool { return g.Role == RoleOwner }) {
		return false, nil
	}
	f.Role = RoleOwner
	return true, a.create(f)
}

// Facilitator implements Facilitators.
func (m *MemoryStore) Facilitator(_ context.Context, id string) (Facilitator, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, f := range a.facilitators {
		if f.ID == id {
			return f, nil
		}
	}
	return Facilitator{}, ErrNotFound
}

// FacilitatorByEmail implements Facilitators.
func (m *MemoryStore) FacilitatorByEmail(_ context.Context, email string) (Facilitator, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, f := range a.facilitators {
		if emailKey(f.Email) == emailKey(email) {
			return f, nil
		}
	}
	return Facilitator{}, ErrNotFound
}

// ListFacilitators implements Facilitators.
func (m *MemoryStore) ListFacilitators(context.Context) ([]Facilitator, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.facilitators), nil
}

// AddKey implements APIKeys.
func (m *MemoryStore) AddKey(_ context.Context, k APIKey) error {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	a.keys[string(k.Hash)] = k
	return nil
}

// KeyByHash implements APIKeys.
func (m *MemoryStore) KeyByHash(_ context.Context, hash []byte) (APIKey, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	if k, ok := a.keys[string(hash)]; ok {
		return k, nil
	}
	return APIKey{}, ErrNotFound
}

// Keys implements APIKeys.
func (m *MemoryStore) Keys(_ context.Context, facilitatorID string) ([]APIKey, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	out := []APIKey{}
	for _, k := range a.keys {
		if k.FacilitatorID == facilitatorID {
			out = append(out, k)
		}
	}
	sortKeys(out)
	return out, nil
}

func sortKeys(ks []APIKey) {
	slices.SortFunc(ks, func(a, b APIKey) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return bytes.Compare([]byte(a.ID), []byte(b.ID))
	})
}

// DeleteKey implements APIKeys.
func (m *MemoryStore) DeleteKey(_ context.Context, facilitatorID, keyID string) error {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	for h, k := range a.keys {
		if k.ID == keyID && k.FacilitatorID == facilitatorID {
			delete(a.keys, h)
			return nil
		}
	}
	return ErrNotFound
}

// PutLogin implements Logins.
func (m *MemoryStore) PutLogin(_ context.Context, hash []byte, l Login) error {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	now := time.Now()
	for h, o := range a.logins { // the expired leave memory
		if !o.ExpiresAt.After(now) {
			delete(a.logins, h)
		}
	}
	a.logins[string(hash)] = l
	return nil
}

// Login implements Logins.
func (m *MemoryStore) Login(_ context.Context, hash []byte, now time.Time) (Login, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	l, ok := a.logins[string(hash)]
	if !ok || !l.ExpiresAt.After(now) {
		delete(a.logins, string(hash))
		return Login{}, ErrNotFound
	}
	return l, nil
}

// DeleteLogin implements Logins.
func (m *MemoryStore) DeleteLogin(_ context.Context, hash []byte) error {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.logins, string(hash))
	return nil
}

// PutOnce implements Logins.
func (m *MemoryStore) PutOnce(_ context.Context, hash, value []byte, expires time.Time) error {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	now := time.Now()
	for h, o := range a.once {
		if !o.expires.After(now) {
			delete(a.once, h)
		}
	}
	a.once[string(hash)] = memOnce{value: slices.Clone(value), expires: expires}
	return nil
}

// TakeOnce implements Logins.
func (m *MemoryStore) TakeOnce(_ context.Context, hash []byte, now time.Time) ([]byte, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	o, ok := a.once[string(hash)]
	delete(a.once, string(hash))
	if !ok || !o.expires.After(now) {
		return nil, ErrNotFound
	}
	return o.value, nil
}

// SetMember implements Members.
func (m *MemoryStore) SetMember(_ context.Context, sessionID string, mb Member) error {
	if _, err := m.get(sessionID); err != nil {
		return err
	}
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	ms := slices.DeleteFunc(a.members[sessionID], func(x Member) bool { return x.FacilitatorID == mb.FacilitatorID })
	a.members[sessionID] = append(ms, mb)
	return nil
}

// RemoveMember implements Members.
func (m *MemoryStore) RemoveMember(_ context.Context, sessionID, facilitatorID string) error {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	ms := a.members[sessionID]
	i := slices.IndexFunc(ms, func(x Member) bool { return x.FacilitatorID == facilitatorID })
	if i < 0 {
		return ErrNotFound
	}
	a.members[sessionID] = slices.Delete(ms, i, i+1)
	return nil
}

// SessionMembers implements Members.
func (m *MemoryStore) SessionMembers(_ context.Context, sessionID string) ([]Member, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	out := append([]Member{}, a.members[sessionID]...)
	sortMembers(out)
	return out, nil
}

// MemberSessions implements Members.
func (m *MemoryStore) MemberSessions(_ context.Context, facilitatorID string) ([]Membership, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	out := []Membership{}
	for sid, ms := range a.members {
		for _, x := range ms {
			if x.FacilitatorID == facilitatorID {
				out = append(out, Membership{SessionID: sid, Role: x.Role})
			}
		}
	}
	return out, nil
}

// OwnedSessions implements Members.
func (m *MemoryStore) OwnedSessions(context.Context) ([]Membership, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	out := []Membership{}
	for sid, ms := range a.members {
		if slices.ContainsFunc(ms, func(x Member) bool { return x.Role == RoleOwner }) {
			out = append(out, Membership{SessionID: sid, Role: RoleOwner})
		}
	}
	return out, nil
}

// AppendAudit implements Members.
func (m *MemoryStore) AppendAudit(_ context.Context, sessionID string, e AuditEvent) error {
	if _, err := m.get(sessionID); err != nil {
		return err
	}
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	a.audit[sessionID] = append(a.audit[sessionID], e)
	return nil
}

// Audit implements Members.
func (m *MemoryStore) Audit(_ context.Context, sessionID string) ([]AuditEvent, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]AuditEvent{}, a.audit[sessionID]...), nil
}

// AppendDeletion implements Members.
func (m *MemoryStore) AppendDeletion(_ context.Context, e AuditEvent) error {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	a.deletions = append(a.deletions, e)
	if n := len(a.deletions) - MaxDeletionLog; n > 0 {
		a.deletions = slices.Delete(a.deletions, 0, n)
	}
	return nil
}

// DeletionLog implements Members.
func (m *MemoryStore) DeletionLog(context.Context) ([]AuditEvent, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]AuditEvent{}, a.deletions...), nil
}

// SetArchived implements Members.
func (m *MemoryStore) SetArchived(_ context.Context, sessionID string, archived bool) error {
	if _, err := m.get(sessionID); err != nil {
		return err
	}
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	if archived {
		a.archived[sessionID] = true
	} else {
		delete(a.archived, sessionID)
	}
	return nil
}

// Archived implements Members.
func (m *MemoryStore) Archived(_ context.Context, sessionID string) (bool, error) {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.archived[sessionID], nil
}
