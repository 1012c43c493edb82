package store

import (
	"bytes"
	"context"
	"slices"
	"sync"
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

func (a *memAccounts) init() {
	if a.keys == nil {
		a.keys, a.logins, a.once = map[string]APIKey{}, map[string]Login{}, map[string]memOnce{}
		a.members, a.audit = map[string][]Member{}, map[string][]AuditEvent{}
		a.archived = map[string]bool{}
	}
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

// UpdateFacilitator implements Facilitators.
func (m *MemoryStore) UpdateFacilitator(_ context.Context, f Facilitator) error {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range a.facilitators {
		if a.facilitators[i].ID == f.ID {
			a.facilitators[i].Name, a.facilitators[i].Role = f.Name, f.Role
			return nil
		}
	}
	return ErrNotFound
}

// DeleteFacilitator implements Facilitators.
func (m *MemoryStore) DeleteFacilitator(_ context.Context, id string) error {
	a := &m.accounts
	a.mu.Lock()
	defer a.mu.Unlock()
	i := slices.IndexFunc(a.facilitators, func(f Facilitator) bool { return f.ID == id })
	if i < 0 {
		return ErrNotFound
	}
	a.facilitators = slices.Delete(a.facilitators, i, i+1)
	for h, k := range a.keys {
		if k.FacilitatorID == id {
			delete(a.keys, h)
		}
	}
	return nil
}
