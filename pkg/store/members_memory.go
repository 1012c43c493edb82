package store

import (
	"context"
	"slices"
)

// dropSession forgets a session's members and audit log.
func (a *memAccounts) dropSession(sessionID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.init()
	delete(a.members, sessionID)
	delete(a.audit, sessionID)
	delete(a.archived, sessionID)
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
