// Package auth knows who calls: the organisation's facilitators, their API
// keys, the owner key, signed-in browsers (a login cookie), one-time
// sign-in links and OpenID Connect sign-in; and what a facilitator may do
// on a session (its owner, co-facilitators and viewers), with the session's
// audit log. The HTTP edge (pkg/api) turns a request's credentials into a
// Caller here; the session service never sees a credential.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/ting-live/ting/pkg/store"
)

// Errors of the package; the HTTP edge maps them.
var (
	// ErrUnauthorized: no credentials, or credentials that name no one.
	ErrUnauthorized = errors.New("auth: credentials required")
	// ErrForbidden: the caller may not do this.
	ErrForbidden = errors.New("auth: not allowed")
)

// InvalidError is a request that does not fit; Msg says why.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return "auth: " + e.Msg }

func invalid(format string, a ...any) error { return &InvalidError{Msg: fmt.Sprintf(format, a...)} }

// Defaults of Config.
const (
	DefaultIdle    = 12 * time.Hour
	DefaultMaxAge  = 30 * 24 * time.Hour
	DefaultLinkTTL = 15 * time.Minute
	// slide is how stale a login's SeenAt may get before a request renews
	// it: a busy page writes at most once a minute.
	slide = time.Minute
)

// AdminID is the facilitator id of the owner key: it has no record.
const AdminID = "admin"

// KeyPrefix starts every API key, so that a bearer token is known for one
// without a look-up (a session's facilitator token never has it).
const KeyPrefix = "ting_"

// Config sets up a Service.
type Config struct {
	Store store.Accounts
	// AdminKey, when set, is the organisation owner's key (TING_ADMIN_KEY).
	AdminKey string
	// Idle ends a login unused this long (default DefaultIdle); MaxAge
	// ends any login this long after sign-in (default DefaultMaxAge).
	Idle   time.Duration
	MaxAge time.Duration
	// LinkTTL is how long a one-time sign-in link works (default DefaultLinkTTL).
	LinkTTL time.Duration
	// OIDC, when its Issuer is set, signs facilitators in with the
	// organisation's identity provider.
	OIDC   OIDCConfig
	Logger *slog.Logger
	// Create bounds the sessions a facilitator creates (zero values: the
	// defaults); Counters keep its rate (the engine's: in Redis for every
	// node), nil counts in this process.
	Create   CreateLimits
	Counters store.Counters
}

// Service answers who a caller is and what they may do.
type Service struct {
	st       store.Accounts
	adminKey []byte
	idle     time.Duration
	maxAge   time.Duration
	linkTTL  time.Duration
	oidc     *oidcFlow
	log      *slog.Logger
	now      func() time.Time
	create   CreateLimits
	counters store.Counters
}

// New returns a Service.
func New(cfg Config) *Service {
	s := &Service{st: cfg.Store, idle: cfg.Idle, maxAge: cfg.MaxAge, linkTTL: cfg.LinkTTL, log: cfg.Logger, now: time.Now,
		create: cfg.Create.withDefaults(), counters: cfg.Counters}
	if s.counters == nil {
		s.counters = store.NewMemoryCounters()
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if cfg.AdminKey != "" {
		h := sha256.Sum256([]byte(cfg.AdminKey))
		s.adminKey = h[:]
	}
	if s.idle <= 0 {
		s.idle = DefaultIdle
	}
	if s.maxAge <= 0 {
		s.maxAge = DefaultMaxAge
	}
	if s.linkTTL <= 0 {
		s.linkTTL = DefaultLinkTTL
	}
	if cfg.OIDC.Issuer != "" {
		s.oidc = newOIDCFlow(cfg.OIDC, s.log)
	}
	return s
}

// Caller is who sends a request.
type Caller struct {
	Facilitator store.Facilitator
	// Admin: the owner key (TING_ADMIN_KEY).
	Admin bool
	// Cookie: signed in in a browser. Its writes need the cross-site check.
	Cookie bool
	// login is the hash of the cookie, for signing out.
	login []byte
}

// ID is the caller's facilitator id (AdminID for the owner key).
func (c Caller) ID() string { return c.Facilitator.ID }

// Owner reports whether the caller is an owner of the organisation: it
// manages facilitators and may do everything on every session.
func (c Caller) Owner() bool { return c.Admin || c.Facilitator.Role == store.RoleOwner }

func (s *Service) admin() Caller {
	return Caller{Admin: true, Facilitator: store.Facilitator{ID: AdminID, Name: "Owner key", Role: store.RoleOwner}}
}

// Bearer resolves an Authorization: Bearer token that is the owner key or
// an API key. ok is false for any other token (it may be a session's
// facilitator token); a revoked or unknown API key is ErrUnauthorized.
func (s *Service) Bearer(ctx context.Context, token string) (Caller, bool, error) {
	if token == "" {
		return Caller{}, false, nil
	}
	if s.adminKey != nil {
		h := sha256.Sum256([]byte(token))
		if subtle.ConstantTimeCompare(h[:], s.adminKey) == 1 {
			return s.admin(), true, nil
		}
	}
	if !strings.HasPrefix(token, KeyPrefix) {
		return Caller{}, false, nil
	}
	k, err := s.st.KeyByHash(ctx, hashOf("key", token))
	if errors.Is(err, store.ErrNotFound) {
		return Caller{}, true, ErrUnauthorized
	}
	if err != nil {
		return Caller{}, true, err
	}
	f, err := s.st.Facilitator(ctx, k.FacilitatorID)
	if errors.Is(err, store.ErrNotFound) {
		return Caller{}, true, ErrUnauthorized
	}
	return Caller{Facilitator: f}, true, err
}

// hashOf is the SHA-256 of a secret of a kind; the kind keeps a secret of
// one kind from ever matching one of another.
func hashOf(kind, secret string) []byte {
	h := sha256.Sum256([]byte(kind + ":" + secret))
	return h[:]
}

func randomSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: random source failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Limits on what a facilitator record holds.
const (
	MaxEmailLen = 254
	MaxNameLen  = 100
)

// NewFacilitator is what the owner gives to add a facilitator.
type NewFacilitator struct {
	Email, Name, Role string
}

// CreateFacilitator adds a facilitator (only an owner may) and gives it
// its first API key, which is shown only now.
func (s *Service) CreateFacilitator(ctx context.Context, by Caller, nf NewFacilitator) (store.Facilitator, string, error) {
	if !by.Owner() {
		return store.Facilitator{}, "", ErrForbidden
	}
	email := strings.TrimSpace(nf.Email)
	if !validEmail(email) {
		return store.Facilitator{}, "", invalid("email must be an e-mail address")
	}
	name := strings.Join(strings.Fields(nf.Name), " ")
	if utf8.RuneCountInString(name) > MaxNameLen {
		return store.Facilitator{}, "", invalid("name is longer than %d characters", MaxNameLen)
	}
	if name == "" {
		name = email
	}
	role := nf.Role
	if role == "" {
		role = store.RoleFacilitator
	}
	if role != store.RoleFacilitator && role != store.RoleOwner {
		return store.Facilitator{}, "", invalid("role must be facilitator or owner")
	}
	f := store.Facilitator{ID: uuid.NewString(), Email: email, Name: name, Role: role, CreatedAt: s.now().UTC()}
	if err := s.st.CreateFacilitator(ctx, f); err != nil {
		return store.Facilitator{}, "", err
	}
	_, secret, err := s.CreateKey(ctx, Caller{Facilitator: f}, "first key")
	return f, secret, err
}

func validEmail(e string) bool {
	at := strings.LastIndexByte(e, '@')
	return at > 0 && at < len(e)-1 && len(e) <= MaxEmailLen && !strings.ContainsAny(e, " \t\r\n<>,;\"")
}

// Facilitators lists the organisation's facilitators: every facilitator
// may see whom it can share a session with.
func (s *Service) Facilitators(ctx context.Context, _ Caller) ([]store.Facilitator, error) {
	return s.st.ListFacilitators(ctx)
}

// Facilitator returns one facilitator.
func (s *Service) Facilitator(ctx context.Context, id string) (store.Facilitator, error) {
	return s.st.Facilitator(ctx, id)
}

// FacilitatorChange is what an owner changes about a facilitator; nil stays.
type FacilitatorChange struct {
	Name, Role *string
}

// UpdateFacilitator changes a facilitator's name or organisation role
// (owners only); the last owner stays an owner.
func (s *Service) UpdateFacilitator(ctx context.Context, by Caller, id string, ch FacilitatorChange) (store.Facilitator, error) {
	if !by.Owner() {
		return store.Facilitator{}, ErrForbidden
	}
	f, err := s.st.Facilitator(ctx, id)
	if err != nil {
		return store.Facilitator{}, err
	}
	if ch.Name != nil {
		name := strings.Join(strings.Fields(*ch.Name), " ")
		if name == "" || utf8.RuneCountInString(name) > MaxNameLen {
			return store.Facilitator{}, invalid("name must be 1 to %d characters", MaxNameLen)
		}
		f.Name = name
	}
	if ch.Role != nil {
		if *ch.Role != store.RoleFacilitator && *ch.Role != store.RoleOwner {
			return store.Facilitator{}, invalid("role must be facilitator or owner")
		}
		if f.Role == store.RoleOwner && *ch.Role != store.RoleOwner {
			if err := s.keepAnOwner(ctx, id); err != nil {
				return store.Facilitator{}, err
			}
		}
		f.Role = *ch.Role
	}
	return f, s.st.UpdateFacilitator(ctx, f)
}

// DeleteFacilitator removes a facilitator (owners only) with its API keys;
// its logins end. The sessions it owns stay, for the organisation's owners.
func (s *Service) DeleteFacilitator(ctx context.Context, by Caller, id string) error {
	if !by.Owner() {
		return ErrForbidden
	}
	f, err := s.st.Facilitator(ctx, id)
	if err != nil {
		return err
	}
	if f.Role == store.RoleOwner {
		if err := s.keepAnOwner(ctx, id); err != nil {
			return err
		}
	}
	return s.st.DeleteFacilitator(ctx, id)
}

// keepAnOwner refuses a change that would leave the organisation without
// an owner other than id.
func (s *Service) keepAnOwner(ctx context.Context, id string) error {
	all, err := s.st.ListFacilitators(ctx)
	if err != nil {
		return err
	}
	for _, f := range all {
		if f.Role == store.RoleOwner && f.ID != id {
			return nil
		}
	}
	return invalid("the organisation's last owner stays an owner: make another one first")
}
