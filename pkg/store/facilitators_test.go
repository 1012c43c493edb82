package store_test

import (
	"crypto/sha256"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/store"
)

// accountStore is an engine seen through its parts: the facilitator
// parts are reached through store.Engine.
type accountStore = store.Engine

func TestMemoryAccounts(t *testing.T) {
	testAccounts(t, func(*testing.T) accountStore { return store.NewMemoryStore().Engine() })
}

func TestBoltAccounts(t *testing.T) {
	testAccounts(t, func(t *testing.T) accountStore { return openBolt(t, filepath.Join(t.TempDir(), "ting.db")).Engine() })
}

func TestRedisAccounts(t *testing.T) {
	testAccounts(t, newRedisStore(testutil.RedisURL(t)))
}

func testAccounts(t *testing.T, open func(*testing.T) accountStore) {
	t.Run("facilitators", func(t *testing.T) { testFacilitators(t, open(t)) })
	t.Run("first owner", func(t *testing.T) { testFirstOwner(t, open(t)) })
	t.Run("keys", func(t *testing.T) { testKeys(t, open(t)) })
	t.Run("logins", func(t *testing.T) { testLogins(t, open(t)) })
	t.Run("once", func(t *testing.T) { testOnce(t, open(t)) })
	t.Run("members", func(t *testing.T) { testMembers(t, open(t)) })
}

func hashOf(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func facilitator(email, role string) store.Facilitator {
	return store.Facilitator{ID: uuid.NewString(), Email: email, Name: email, Role: role, CreatedAt: time.Now().UTC()}
}

func testFacilitators(t *testing.T, st accountStore) {
	ctx := t.Context()
	anna := facilitator("Anna@Kommun.se", store.RoleFacilitator)
	if err := st.CreateFacilitator(ctx, anna); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateFacilitator(ctx, facilitator("anna@kommun.SE", store.RoleOwner)); !errors.Is(err, store.ErrExists) {
		t.Fatalf("same address in other case: %v, want ErrExists", err)
	}
	got, err := st.FacilitatorByEmail(ctx, " anna@kommun.se")
	if err != nil || got.ID != anna.ID {
		t.Fatalf("by email: %+v %v", got, err)
	}
	if got, err := st.Facilitator(ctx, anna.ID); err != nil || got.Email != anna.Email || got.Role != store.RoleFacilitator {
		t.Fatalf("by id: %+v %v", got, err)
	}
	if _, err := st.Facilitator(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
	if _, err := st.FacilitatorByEmail(ctx, "nobody@x"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown email: %v", err)
	}
	bo := facilitator("bo@kommun.se", store.RoleFacilitator)
	bo.CreatedAt = anna.CreatedAt.Add(time.Second)
	if err := st.CreateFacilitator(ctx, bo); err != nil {
		t.Fatal(err)
	}
	all, err := st.ListFacilitators(ctx)
	if err != nil || len(all) != 2 || all[0].ID != anna.ID || all[1].ID != bo.ID {
		t.Fatalf("list: %+v %v", all, err)
	}
	if err := st.UpdateFacilitator(ctx, store.Facilitator{ID: bo.ID, Name: "Bo Ek", Role: store.RoleOwner}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Facilitator(ctx, bo.ID); got.Name != "Bo Ek" || got.Role != store.RoleOwner || got.Email != bo.Email {
		t.Fatalf("updated: %+v", got)
	}
	_ = st.AddKey(ctx, store.APIKey{ID: "bk", FacilitatorID: bo.ID, Hash: hashOf("bo-key")})
	if err := st.DeleteFacilitator(ctx, bo.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Facilitator(ctx, bo.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted facilitator: %v", err)
	}
	if _, err := st.KeyByHash(ctx, hashOf("bo-key")); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted facilitator's key: %v", err)
	}
	if err := st.CreateFacilitator(ctx, facilitator("bo@kommun.se", store.RoleFacilitator)); err != nil {
		t.Fatalf("the address again after the delete: %v", err)
	}
	if err := st.DeleteFacilitator(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete unknown: %v", err)
	}
}

func testFirstOwner(t *testing.T, st accountStore) {
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := st.ClaimOwner(t.Context(), facilitator(uuid.NewString()+"@x.se", ""))
			if err != nil {
				t.Errorf("claim %d: %v", i, err)
			}
			if ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d owners claimed at once, want 1", wins.Load())
	}
	all, _ := st.ListFacilitators(t.Context())
	if len(all) != 1 || all[0].Role != store.RoleOwner {
		t.Fatalf("facilitators after the claims: %+v", all)
	}
}

func testKeys(t *testing.T, st accountStore) {
	ctx := t.Context()
	k1 := store.APIKey{ID: "k1", FacilitatorID: "f1", Name: "script", Hash: hashOf("secret1"), CreatedAt: time.Now()}
	k2 := store.APIKey{ID: "k2", FacilitatorID: "f1", Hash: hashOf("secret2"), CreatedAt: k1.CreatedAt.Add(time.Second)}
	other := store.APIKey{ID: "k3", FacilitatorID: "f2", Hash: hashOf("secret3"), CreatedAt: time.Now()}
	for _, k := range []store.APIKey{k1, k2, other} {
		if err := st.AddKey(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.KeyByHash(ctx, hashOf("secret2"))
	if err != nil || got.ID != "k2" || got.FacilitatorID != "f1" {
		t.Fatalf("by hash: %+v %v", got, err)
	}
	ks, err := st.Keys(ctx, "f1")
	if err != nil || len(ks) != 2 || ks[0].ID != "k1" || ks[1].ID != "k2" {
		t.Fatalf("keys: %+v %v", ks, err)
	}
	if err := st.DeleteKey(ctx, "f1", "k3"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoking another's key: %v, want ErrNotFound", err)
	}
	if err := st.DeleteKey(ctx, "f1", "k1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.KeyByHash(ctx, hashOf("secret1")); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoked key still found: %v", err)
	}
}

func testLogins(t *testing.T, st accountStore) {
	ctx := t.Context()
	now := time.Now()
	l := store.Login{FacilitatorID: "f1", CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := st.PutLogin(ctx, hashOf("cookie"), l); err != nil {
		t.Fatal(err)
	}
	got, err := st.Login(ctx, hashOf("cookie"), now)
	if err != nil || got.FacilitatorID != "f1" {
		t.Fatalf("login: %+v %v", got, err)
	}
	if _, err := st.Login(ctx, hashOf("cookie"), now.Add(2*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("login after its expiry: %v", err)
	}
	if _, err := st.Login(ctx, hashOf("other"), now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown login: %v", err)
	}
	if err := st.DeleteLogin(ctx, hashOf("cookie")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Login(ctx, hashOf("cookie"), now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("login after sign-out: %v", err)
	}
}

func testOnce(t *testing.T, st accountStore) {
	ctx := t.Context()
	if err := st.PutOnce(ctx, hashOf("link"), []byte("v"), time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	var got atomic.Int32
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := st.TakeOnce(t.Context(), hashOf("link"), time.Now())
			switch {
			case err == nil && string(v) == "v":
				got.Add(1)
			case !errors.Is(err, store.ErrNotFound):
				t.Errorf("take: %q %v", v, err)
			}
		}()
	}
	wg.Wait()
	if got.Load() != 1 {
		t.Fatalf("taken %d times, want once", got.Load())
	}
	if err := st.PutOnce(ctx, hashOf("short"), []byte("v"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.TakeOnce(ctx, hashOf("short"), time.Now().Add(2*time.Second)); !errors.Is(err, store.ErrNotFound) && !isRedis(st) {
		t.Fatalf("expired value taken: %v", err)
	}
}

// isRedis: Redis expires by its own clock, so a "now" in the future does not expire a value.
func isRedis(st accountStore) bool { _, ok := st.Health.(*store.RedisStore); return ok }

func testMembers(t *testing.T, st accountStore) {
	ctx := t.Context()
	s := newSession(t, st)
	kept := newSession(t, st)
	now := time.Now()
	if err := st.SetMember(ctx, s.ID, store.Member{FacilitatorID: "f2", Role: store.RoleViewer, Since: now.Add(time.Second)}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetMember(ctx, s.ID, store.Member{FacilitatorID: "f1", Role: store.RoleOwner, Since: now}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetMember(ctx, kept.ID, store.Member{FacilitatorID: "f1", Role: store.RoleOwner, Since: now}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetMember(ctx, s.ID, store.Member{FacilitatorID: "f2", Role: store.RoleCofacilitator, Since: now.Add(time.Second)}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetMember(ctx, "nosuch", store.Member{FacilitatorID: "f1", Role: store.RoleOwner}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("member of an unknown session: %v", err)
	}
	ms, err := st.SessionMembers(ctx, s.ID)
	if err != nil || len(ms) != 2 || ms[0].FacilitatorID != "f1" || ms[1].Role != store.RoleCofacilitator {
		t.Fatalf("members: %+v %v", ms, err)
	}
	if got, _ := st.MemberSessions(ctx, "f2"); len(got) != 1 || got[0].SessionID != s.ID || got[0].Role != store.RoleCofacilitator {
		t.Fatalf("f2's sessions: %+v", got)
	}
	if got, _ := st.OwnedSessions(ctx); len(got) != 2 {
		t.Fatalf("owned sessions: %+v", got)
	}
	for _, e := range []store.AuditEvent{{At: now, Action: "created", By: "f1"}, {At: now, Action: "shared", By: "f1", Facilitator: "f2", Role: "viewer"}} {
		if err := st.AppendAudit(ctx, s.ID, e); err != nil {
			t.Fatal(err)
		}
	}
	if log, err := st.Audit(ctx, s.ID); err != nil || len(log) != 2 || log[1].Facilitator != "f2" {
		t.Fatalf("audit: %+v %v", log, err)
	}
	if err := st.SetArchived(ctx, s.ID, true); err != nil {
		t.Fatal(err)
	}
	if a, err := st.Archived(ctx, s.ID); err != nil || !a {
		t.Fatalf("archived: %v %v", a, err)
	}
	if a, _ := st.Archived(ctx, kept.ID); a {
		t.Fatal("another session archived")
	}
	if err := st.SetArchived(ctx, "nosuch", true); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("archive an unknown session: %v", err)
	}
	if err := st.RemoveMember(ctx, kept.ID, "f2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removing a non-member: %v", err)
	}

	if err := st.DeleteSession(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if ms, _ := st.SessionMembers(ctx, s.ID); len(ms) != 0 {
		t.Fatalf("members after delete: %+v", ms)
	}
	if log, _ := st.Audit(ctx, s.ID); len(log) != 0 {
		t.Fatalf("audit after delete: %+v", log)
	}
	if a, _ := st.Archived(ctx, s.ID); a {
		t.Fatal("archived mark after delete")
	}
	if got, _ := st.MemberSessions(ctx, "f2"); len(got) != 0 {
		t.Fatalf("f2's sessions after delete: %+v", got)
	}
	if got, _ := st.OwnedSessions(ctx); len(got) != 1 || got[0].SessionID != kept.ID {
		t.Fatalf("owned sessions after delete: %+v", got)
	}
	if err := st.AppendDeletion(ctx, store.AuditEvent{At: now, Action: "deleted", By: "f1", SessionID: s.ID}); err != nil {
		t.Fatal(err)
	}
	if log, err := st.DeletionLog(ctx); err != nil || len(log) != 1 || log[0].SessionID != s.ID {
		t.Fatalf("deletion log: %+v %v", log, err)
	}
}

// TestBoltAccountsSurviveRestart: logins, keys and members are on disk.
func TestBoltAccountsSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ting.db")
	st, err := store.OpenBoltStore(store.BoltConfig{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	s := newSession(t, st)
	now := time.Now()
	f := facilitator("anna@kommun.se", "")
	if ok, err := st.ClaimOwner(ctx, f); !ok || err != nil {
		t.Fatal(ok, err)
	}
	_ = st.PutLogin(ctx, hashOf("cookie"), store.Login{FacilitatorID: f.ID, ExpiresAt: now.Add(time.Hour)})
	_ = st.AddKey(ctx, store.APIKey{ID: "k", FacilitatorID: f.ID, Hash: hashOf("key")})
	_ = st.SetMember(ctx, s.ID, store.Member{FacilitatorID: f.ID, Role: store.RoleOwner})
	st.Close()

	st = openBolt(t, path)
	if l, err := st.Login(ctx, hashOf("cookie"), now); err != nil || l.FacilitatorID != f.ID {
		t.Fatalf("login after restart: %+v %v", l, err)
	}
	if k, err := st.KeyByHash(ctx, hashOf("key")); err != nil || k.ID != "k" {
		t.Fatalf("key after restart: %+v %v", k, err)
	}
	if ms, err := st.MemberSessions(ctx, f.ID); err != nil || len(ms) != 1 {
		t.Fatalf("sessions after restart: %+v %v", ms, err)
	}
	if ok, _ := st.ClaimOwner(ctx, facilitator("bo@x.se", "")); ok {
		t.Fatal("a second owner was claimed after restart")
	}
}
