package auth

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/google/uuid"
	"golang.org/x/oauth2"

	"github.com/ting-live/ting/pkg/store"
)

// OIDCConfig is the organisation's OpenID Provider.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is <public URL>/auth/oidc/callback.
	RedirectURL string
	// AllowedDomains, when set, admits only e-mail addresses of these domains.
	AllowedDomains []string
	// RequiredGroup, when set, admits only members of this group (the
	// GroupsClaim claim, default "groups").
	RequiredGroup string
	GroupsClaim   string
}

// oidcFlowTTL is how long a started sign-in may take at the provider.
const oidcFlowTTL = 10 * time.Minute

// ErrSignInRefused: the provider signed the person in, but Ting's rules
// (domains, group, a verified address) do not admit them.
var ErrSignInRefused = errors.New("auth: sign-in refused")

// oidcFlow talks to the provider. It discovers it at first use, and again
// after a failure, so that Ting starts while the provider is down.
type oidcFlow struct {
	cfg OIDCConfig
	log *slog.Logger

	mu       sync.Mutex
	provider *oidc.Provider
}

func newOIDCFlow(cfg OIDCConfig, log *slog.Logger) *oidcFlow {
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = "groups"
	}
	return &oidcFlow{cfg: cfg, log: log}
}

func (f *oidcFlow) discover(ctx context.Context) (*oidc.Provider, oauth2.Config, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.provider == nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		p, err := oidc.NewProvider(ctx, f.cfg.Issuer)
		if err != nil {
			return nil, oauth2.Config{}, fmt.Errorf("auth: OpenID Provider %s: %w", f.cfg.Issuer, err)
		}
		f.provider = p
	}
	return f.provider, oauth2.Config{
		ClientID:     f.cfg.ClientID,
		ClientSecret: f.cfg.ClientSecret,
		RedirectURL:  f.cfg.RedirectURL,
		Endpoint:     f.provider.Endpoint(),
		Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
	}, nil
}

// OIDCEnabled reports whether sign-in with a provider is configured.
func (s *Service) OIDCEnabled() bool { return s.oidc != nil }

// OIDCStart begins a sign-in: it returns the provider's address to send
// the browser to, and the state, which the browser keeps in a cookie so
// that only the browser that started a sign-in can finish it.
func (s *Service) OIDCStart(ctx context.Context) (redirect, state string, err error) {
	if s.oidc == nil {
		return "", "", store.ErrNotFound
	}
	_, oc, err := s.oidc.discover(ctx)
	if err != nil {
		return "", "", err
	}
	state, nonce, verifier := randomSecret(), randomSecret(), oauth2.GenerateVerifier()
	v, _ := json.Marshal(onceValue{Kind: "oidc", Nonce: nonce, Verifier: verifier})
	if err := s.st.PutOnce(ctx, hashOf("oidc", state), v, s.now().Add(oidcFlowTTL)); err != nil {
		return "", "", err
	}
	return oc.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), state, nil
}

// oidcClaims are the claims Ting reads, from the ID token and, for those
// it lacks, the UserInfo endpoint.
type oidcClaims struct {
	Email             string `json:"email"`
	EmailVerified     *bool  `json:"email_verified"`
	Name              string `json:"name"`
	PreferredUsername string `json:"preferred_username"`
	groups            []string
}

// OIDCFinish completes a sign-in at the callback: state must be the one
// the browser's cookie holds, the code is exchanged with the PKCE
// verifier, the ID token's signature, audience and nonce are checked, and
// the person's e-mail address picks the facilitator (the first to sign in
// becomes the owner when there is none; others become facilitators).
func (s *Service) OIDCFinish(ctx context.Context, state, cookieState, code string) (store.Facilitator, error) {
	if s.oidc == nil {
		return store.Facilitator{}, store.ErrNotFound
	}
	if state == "" || code == "" || subtle.ConstantTimeCompare([]byte(state), []byte(cookieState)) != 1 {
		return store.Facilitator{}, ErrUnauthorized
	}
	raw, err := s.st.TakeOnce(ctx, hashOf("oidc", state), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return store.Facilitator{}, ErrUnauthorized
	}
	if err != nil {
		return store.Facilitator{}, err
	}
	var v onceValue
	if json.Unmarshal(raw, &v) != nil || v.Kind != "oidc" {
		return store.Facilitator{}, ErrUnauthorized
	}
	p, oc, err := s.oidc.discover(ctx)
	if err != nil {
		return store.Facilitator{}, err
	}
	tok, err := oc.Exchange(ctx, code, oauth2.VerifierOption(v.Verifier))
	if err != nil {
		return store.Facilitator{}, fmt.Errorf("%w: code exchange: %w", ErrUnauthorized, err)
	}
	rawID, _ := tok.Extra("id_token").(string)
	if rawID == "" {
		return store.Facilitator{}, fmt.Errorf("%w: no id_token", ErrUnauthorized)
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: s.oidc.cfg.ClientID}).Verify(ctx, rawID)
	if err != nil {
		return store.Facilitator{}, fmt.Errorf("%w: id_token: %w", ErrUnauthorized, err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(v.Nonce)) != 1 {
		return store.Facilitator{}, fmt.Errorf("%w: nonce", ErrUnauthorized)
	}
	cl, err := s.oidc.claims(idt.Claims)
	if err != nil {
		return store.Facilitator{}, err
	}
	if cl.Email == "" || (s.oidc.cfg.RequiredGroup != "" && cl.groups == nil) {
		ui, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return store.Facilitator{}, fmt.Errorf("%w: userinfo: %w", ErrUnauthorized, err)
		}
		if ui.Subject != idt.Subject {
			return store.Facilitator{}, fmt.Errorf("%w: userinfo of another subject", ErrUnauthorized)
		}
		more, err := s.oidc.claims(ui.Claims)
		if err != nil {
			return store.Facilitator{}, err
		}
		cl = merge(cl, more)
	}
	if err := s.oidc.admit(cl); err != nil {
		return store.Facilitator{}, err
	}
	return s.facilitatorFor(ctx, cl)
}

func (f *oidcFlow) claims(decode func(any) error) (oidcClaims, error) {
	var c oidcClaims
	if err := decode(&c); err != nil {
		return c, fmt.Errorf("%w: claims: %w", ErrUnauthorized, err)
	}
	var all map[string]any
	if err := decode(&all); err == nil {
		if gs, ok := all[f.cfg.GroupsClaim].([]any); ok {
			c.groups = []string{}
			for _, g := range gs {
				if s, ok := g.(string); ok {
					c.groups = append(c.groups, s)
				}
			}
		}
	}
	if c.Email == "" && strings.Contains(c.PreferredUsername, "@") {
		c.Email = c.PreferredUsername // Entra ID: the user principal name
	}
	return c, nil
}

func merge(a, b oidcClaims) oidcClaims {
	if a.Email == "" {
		a.Email, a.EmailVerified = b.Email, b.EmailVerified
	}
	if a.Name == "" {
		a.Name = b.Name
	}
	if a.groups == nil {
		a.groups = b.groups
	}
	return a
}

// admit applies Ting's rules to a signed-in person.
func (f *oidcFlow) admit(c oidcClaims) error {
	if !validEmail(c.Email) {
		return fmt.Errorf("%w: the provider gave no e-mail address", ErrSignInRefused)
	}
	if c.EmailVerified != nil && !*c.EmailVerified {
		return fmt.Errorf("%w: the e-mail address is not verified", ErrSignInRefused)
	}
	if len(f.cfg.AllowedDomains) > 0 {
		domain := strings.ToLower(c.Email[strings.LastIndexByte(c.Email, '@')+1:])
		if !slices.ContainsFunc(f.cfg.AllowedDomains, func(d string) bool { return strings.EqualFold(strings.TrimSpace(d), domain) }) {
			return fmt.Errorf("%w: %s is not an allowed domain", ErrSignInRefused, domain)
		}
	}
	if g := f.cfg.RequiredGroup; g != "" && !slices.Contains(c.groups, g) {
		return fmt.Errorf("%w: not a member of the required group", ErrSignInRefused)
	}
	return nil
}

// facilitatorFor maps a signed-in person to a facilitator by e-mail address.
func (s *Service) facilitatorFor(ctx context.Context, c oidcClaims) (store.Facilitator, error) {
	for range 2 {
		f, err := s.st.FacilitatorByEmail(ctx, c.Email)
		if !errors.Is(err, store.ErrNotFound) {
			return f, err
		}
		name := strings.TrimSpace(c.Name)
		if name == "" {
			name = c.Email
		}
		nf := store.Facilitator{ID: uuid.NewString(), Email: c.Email, Name: name, Role: store.RoleFacilitator, CreatedAt: s.now().UTC()}
		ok, err := s.st.ClaimOwner(ctx, nf)
		if err != nil && !errors.Is(err, store.ErrExists) {
			return store.Facilitator{}, err
		}
		if ok {
			nf.Role = store.RoleOwner
			s.log.Info("auth: first owner signed in", "facilitator", nf.ID)
			return nf, nil
		}
		if err == nil {
			switch err := s.st.CreateFacilitator(ctx, nf); {
			case err == nil:
				return nf, nil
			case !errors.Is(err, store.ErrExists):
				return store.Facilitator{}, err
			}
		}
	}
	return s.st.FacilitatorByEmail(ctx, c.Email)
}
