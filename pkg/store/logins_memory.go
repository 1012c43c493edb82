package store

import (
	"context"
	"slices"
	"time"
)

// memOnce is a single-use value and when it ends.
type memOnce struct {
	value   []byte
	expires time.Time
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
