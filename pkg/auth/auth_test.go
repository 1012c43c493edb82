package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ting-live/ting/pkg/store"
)

// clock is a settable time for the service.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newTestService(t *testing.T, admin string) (*Service, *clock) {
	c := &clock{t: time.Now()}
	s := New(Config{Store: store.NewMemoryStore(), AdminKey: admin, Idle: time.Hour, MaxAge: 3 * time.Hour, LinkTTL: time.Minute})
	s.now = c.now
	return s, c
}

// A login ends after Idle without use, slides while used, and ends at MaxAge whatever the use.
func TestLoginSlidesAndEnds(t *testing.T) {
	ctx := context.Background()
	s, c := newTestService(t, "")
	f, err := s.firstOwner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cookie, err := s.SignIn(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 { // used every 50 minutes: alive past Idle, until MaxAge
		c.t = c.t.Add(50 * time.Minute)
		_, err := s.Cookie(ctx, cookie)
		if i < 3 && err != nil {
			t.Fatalf("used after %d×50 min: %v", i+1, err)
		}
		if i >= 3 && !errors.Is(err, ErrUnauthorized) {
			t.Fatalf("used after %d×50 min, past MaxAge: %v", i+1, err)
		}
	}
	other, _ := s.SignIn(ctx, f.ID)
	c.t = c.t.Add(61 * time.Minute)
	if _, err := s.Cookie(ctx, other); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("unused past Idle: %v", err)
	}
}

// A sign-in link works once, and not after its time.
func TestLinkOnceAndShortLived(t *testing.T) {
	ctx := context.Background()
	s, c := newTestService(t, "")
	link, err := s.NewLink(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.UseLink(ctx, link)
	if err != nil || f.Role != store.RoleOwner {
		t.Fatalf("first use: %+v %v", f, err)
	}
	if _, err := s.UseLink(ctx, link); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("second use: %v", err)
	}
	late, _ := s.NewLink(ctx)
	c.t = c.t.Add(2 * time.Minute)
	if _, err := s.UseLink(ctx, late); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("use after its time: %v", err)
	}
	again, _ := s.NewLink(ctx)
	if g, err := s.UseLink(ctx, again); err != nil || g.ID != f.ID {
		t.Fatalf("a later link signs in the same owner: %+v %v", g, err)
	}
}

// The owner key is recognised, other tokens are not facilitators unless
// they are API keys, and a key never works as a login cookie.
func TestBearer(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestService(t, "the-owner-key-0123456789")
	if c, ok, err := s.Bearer(ctx, "the-owner-key-0123456789"); !ok || err != nil || !c.Admin || !c.Owner() {
		t.Fatalf("owner key: %+v %v %v", c, ok, err)
	}
	if _, ok, err := s.Bearer(ctx, "the-owner-key-012345678"); ok || err != nil {
		t.Fatalf("almost the owner key: %v %v", ok, err)
	}
	f, key, err := s.CreateFacilitator(ctx, s.admin(), NewFacilitator{Email: "anna@kommun.se"})
	if err != nil {
		t.Fatal(err)
	}
	if c, ok, err := s.Bearer(ctx, key); !ok || err != nil || c.ID() != f.ID || c.Owner() {
		t.Fatalf("API key: %+v %v %v", c, ok, err)
	}
	if _, err := s.Cookie(ctx, key); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("an API key as cookie: %v", err)
	}
	if _, ok, err := s.Bearer(ctx, KeyPrefix+"made-up"); !ok || !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("made-up key: %v %v", ok, err)
	}
	if _, _, err := s.CreateFacilitator(ctx, Caller{Facilitator: f}, NewFacilitator{Email: "bo@kommun.se"}); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a facilitator creating one: %v", err)
	}
	for _, bad := range []string{"", "anna", "@kommun.se", "anna@", "a b@c.se"} {
		if _, _, err := s.CreateFacilitator(ctx, s.admin(), NewFacilitator{Email: bad}); err == nil {
			t.Errorf("email %q accepted", bad)
		}
	}
}

// A programme's role gives the same or a lower role on its sessions, never
// the session's ownership, and never lowers a role of the session's own.
func TestSessionRoleOfAProgramme(t *testing.T) {
	const o, c, v = store.RoleOwner, store.RoleCofacilitator, store.RoleViewer
	for _, tc := range []struct{ own, programme, want string }{
		{"", "", ""}, {"", o, c}, {"", c, c}, {"", v, v},
		{v, c, c}, {v, v, v}, {c, v, c}, {o, v, o}, {o, o, o}, {"", "stranger", ""},
	} {
		if got := SessionRole(tc.own, tc.programme); got != tc.want {
			t.Errorf("SessionRole(%q, %q) = %q, want %q", tc.own, tc.programme, got, tc.want)
		}
	}
}
