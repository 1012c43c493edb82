package auth

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/pkg/store"
)

// CookieName is the login cookie.
const CookieName = "ting_login"

// SignIn starts a login for a facilitator and returns the cookie's value.
func (s *Service) SignIn(ctx context.Context, facilitatorID string) (string, error) {
	value := randomSecret()
	now := s.now().UTC()
	l := store.Login{FacilitatorID: facilitatorID, CreatedAt: now, SeenAt: now, ExpiresAt: s.expiry(now, now)}
	if err := s.st.PutLogin(ctx, hashOf("login", value), l); err != nil {
		return "", err
	}
	return value, nil
}

// expiry is when a login created at created and used at seen ends.
func (s *Service) expiry(created, seen time.Time) time.Time {
	end := seen.Add(s.idle)
	if last := created.Add(s.maxAge); last.Before(end) {
		return last
	}
	return end
}

// Cookie resolves a login cookie's value; its expiry slides with use.
func (s *Service) Cookie(ctx context.Context, value string) (Caller, error) {
	if value == "" {
		return Caller{}, ErrUnauthorized
	}
	h := hashOf("login", value)
	now := s.now().UTC()
	l, err := s.st.Login(ctx, h, now)
	if errors.Is(err, store.ErrNotFound) {
		return Caller{}, ErrUnauthorized
	}
	if err != nil {
		return Caller{}, err
	}
	f, err := s.st.Facilitator(ctx, l.FacilitatorID)
	if errors.Is(err, store.ErrNotFound) {
		return Caller{}, ErrUnauthorized
	}
	if err != nil {
		return Caller{}, err
	}
	if now.Sub(l.SeenAt) > slide {
		l.SeenAt, l.ExpiresAt = now, s.expiry(l.CreatedAt, now)
		if err := s.st.PutLogin(ctx, h, l); err != nil {
			s.log.Warn("auth: renew login", "err", err)
		}
	}
	return Caller{Facilitator: f, Cookie: true, login: h}, nil
}

// SignOut ends the caller's login.
func (s *Service) SignOut(ctx context.Context, c Caller) error {
	if c.login == nil {
		return nil
	}
	return s.st.DeleteLogin(ctx, c.login)
}

// onceValue is what a single-use secret stands for.
type onceValue struct {
	Kind string `json:"k"`
	// A pending OpenID Connect sign-in: its nonce and PKCE verifier.
	Nonce    string `json:"n,omitempty"`
	Verifier string `json:"v,omitempty"`
	// A sign-in link: whom it signs in ("": the first owner).
	Facilitator string `json:"f,omitempty"`
}

// NewLink makes a one-time sign-in link's secret: whoever opens the link
// within LinkTTL is signed in as the organisation's first owner.
func (s *Service) NewLink(ctx context.Context) (string, error) {
	secret, _, err := s.NewLinkFor(ctx, "")
	return secret, err
}

// NewLinkFor makes a one-time sign-in link that signs in facilitatorID
// ("": the first owner, made when there is none), and says when it ends.
func (s *Service) NewLinkFor(ctx context.Context, facilitatorID string) (string, time.Time, error) {
	secret := randomSecret()
	v, _ := json.Marshal(onceValue{Kind: "link", Facilitator: facilitatorID})
	expires := s.now().Add(s.linkTTL).UTC()
	if err := s.st.PutOnce(ctx, hashOf("link", secret), v, expires); err != nil {
		return "", time.Time{}, err
	}
	return secret, expires, nil
}

// UseLink spends a sign-in link's secret and returns whom it signs in:
// its facilitator, or the first owner (made when there is none).
func (s *Service) UseLink(ctx context.Context, secret string) (store.Facilitator, error) {
	if secret == "" {
		return store.Facilitator{}, ErrUnauthorized
	}
	raw, err := s.st.TakeOnce(ctx, hashOf("link", secret), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return store.Facilitator{}, ErrUnauthorized
	}
	if err != nil {
		return store.Facilitator{}, err
	}
	var v onceValue
	if json.Unmarshal(raw, &v) != nil || v.Kind != "link" {
		return store.Facilitator{}, ErrUnauthorized
	}
	if v.Facilitator != "" {
		return s.st.Facilitator(ctx, v.Facilitator)
	}
	return s.firstOwner(ctx)
}

// firstOwner returns the oldest owner, creating one when none exists.
func (s *Service) firstOwner(ctx context.Context) (store.Facilitator, error) {
	for range 2 {
		all, err := s.st.ListFacilitators(ctx)
		if err != nil {
			return store.Facilitator{}, err
		}
		for _, f := range all {
			if f.Role == store.RoleOwner {
				return f, nil
			}
		}
		f := store.Facilitator{ID: uuid.NewString(), Email: "owner@localhost", Name: "Owner", CreatedAt: s.now().UTC()}
		ok, err := s.st.ClaimOwner(ctx, f)
		if err != nil && !errors.Is(err, store.ErrExists) {
			return store.Facilitator{}, err
		}
		if ok {
			f.Role = store.RoleOwner
			return f, nil
		}
	}
	return store.Facilitator{}, errors.New("auth: no owner could be found or made")
}
