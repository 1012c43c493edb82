package store_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// marked is a session filled with text that occurs nowhere else: its
// title, prompts, options and statements, a nickname, answers to every
// question type that takes text, group names, and the participant token.
type marked struct {
	tag   string
	s     *model.Session
	token string
	marks []string
}

// fillSession makes a self-paced session of every question type, with
// text marked by tag, a participant who answers each question, and groups.
func fillSession(t *testing.T, st store.Engine, tag string, expires time.Time) marked {
	t.Helper()
	ctx := t.Context()
	m := func(what string) string { return "Zq" + tag + what + "Xv" }
	one, five := 1, 5
	qs := []poll.Question{
		{ID: uuid.NewString(), Type: "choice", Prompt: m("ChoicePrompt"), Options: []string{m("OptionA"), m("OptionB")}},
		{ID: uuid.NewString(), Type: "wordcloud", Prompt: m("CloudPrompt")},
		{ID: uuid.NewString(), Type: "open", Prompt: m("OpenPrompt")},
		{ID: uuid.NewString(), Type: "qa", Prompt: m("QaPrompt")},
		{ID: uuid.NewString(), Type: "scale", Prompt: m("ScalePrompt"), Min: &one, Max: &five, Statements: []string{m("Statement")}},
		{ID: uuid.NewString(), Type: "ranking", Prompt: m("RankPrompt"), Options: []string{m("RankA"), m("RankB")}},
	}
	for i := range qs {
		qs[i] = check(t, qs[i])
	}
	s := &model.Session{
		ID: uuid.NewString(), Title: m("Title"), Language: "sv", CreatedAt: time.Now(),
		Pace: model.PaceAudience, ExpiresAt: expires,
	}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	for _, q := range qs {
		if _, err := st.AddQuestion(ctx, s.ID, q); err != nil {
			t.Fatalf("AddQuestion: %v", err)
		}
	}
	token := m("Token") + uuid.NewString()
	p := model.Participant{ID: uuid.NewString(), Token: token, Name: m("Nickname")}
	if _, err := st.AddParticipant(ctx, s.ID, p, roomy); err != nil {
		t.Fatalf("AddParticipant: %v", err)
	}
	entries := map[string][]string{
		"wordcloud": {m("CloudWord")}, "open": {m("OpenAnswer")}, "qa": {m("QaQuestion")},
		"choice": {m("OptionA")}, "scale": {"4"}, "ranking": {m("RankB"), m("RankA")},
	}
	for _, q := range qs {
		// Twice: the replaced answer's text must go as well.
		for i, e := range [][]string{{m("Replaced" + q.Type)}, entries[q.Type]} {
			a := model.Answer{QuestionID: q.ID, ParticipantID: p.ID, Entries: e, Tally: map[string]int64{"c0": int64(i + 1)}, At: time.Now()}
			if _, err := st.Record(ctx, s.ID, a); err != nil {
				t.Fatalf("Record(%s): %v", q.Type, err)
			}
		}
	}
	groups := []model.Group{{Name: m("GroupName"), Members: []string{p.ID}}}
	if _, err := st.SetGroups(ctx, s.ID, groups); err != nil {
		t.Fatalf("SetGroups: %v", err)
	}
	if err := st.Touch(ctx, s.ID, []string{p.ID}, time.Now()); err != nil {
		t.Fatalf("Touch: %v", err)
	}
	if st.Members != nil { // who may run it, and its audit log
		if err := st.SetMember(ctx, s.ID, store.Member{FacilitatorID: "fac-" + tag, Role: store.RoleOwner, Since: time.Now()}); err != nil {
			t.Fatalf("SetMember: %v", err)
		}
		if err := st.AppendAudit(ctx, s.ID, store.AuditEvent{At: time.Now(), Action: "created", By: "fac-" + tag}); err != nil {
			t.Fatalf("AppendAudit: %v", err)
		}
	}
	marks := []string{"Zq" + tag} // every mark starts so
	marks = append(marks, s.Title, m("Nickname"), m("CloudWord"), m("OpenAnswer"), m("QaQuestion"), m("GroupName"), token)
	return marked{tag: tag, s: s, token: token, marks: marks}
}

// found returns the marks that occur in raw.
func found(raw []byte, marks []string) []string {
	var out []string
	for _, m := range marks {
		if bytes.Contains(raw, []byte(m)) {
			out = append(out, m)
		}
	}
	return out
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return raw
}

// TestBoltErasure: after a delete and a sweep's delete, the file holds no
// byte of either session's text (nor of its participant's token), within
// the rewrite's delay while the store is open, after Close and after a
// restart; a session kept beside them is still in the file, except its
// token, which is never there.
func TestBoltErasure(t *testing.T) {
	ctx := t.Context()
	path := boltPath(t)
	st, err := store.OpenBoltStore(store.BoltConfig{Path: path, CompactAfter: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("OpenBoltStore: %v", err)
	}
	kept := fillSession(t, st.Engine(), "Kept", time.Time{})
	deleted := fillSession(t, st.Engine(), "Deleted", time.Time{})
	swept := fillSession(t, st.Engine(), "Swept", time.Now().Add(-time.Minute))
	gone := append(append([]string{}, deleted.marks...), swept.marks...)
	raw := readFile(t, path)
	if got := found(raw, gone); len(got) < len(gone)-2 { // the two tokens are hashed
		t.Fatalf("before the delete the file holds %d of %d marks: the search cannot see them", len(got), len(gone))
	}
	if got := found(raw, []string{kept.token, deleted.token, swept.token}); len(got) > 0 {
		t.Fatalf("participant tokens in the file: %q", got)
	}
	sizeBefore := len(raw)

	start := time.Now()
	if err := st.DeleteSession(ctx, deleted.s.ID); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	deleteTook := time.Since(start)
	ids, err := st.Expired(ctx, time.Now())
	if err != nil || len(ids) != 1 || ids[0] != swept.s.ID {
		t.Fatalf("Expired = %v, %v; want the swept session", ids, err)
	}
	if err := st.DeleteSession(ctx, ids[0]); err != nil {
		t.Fatalf("DeleteSession (sweep): %v", err)
	}
	start = time.Now()
	testutil.WaitFor(t, time.Minute, "the deleted sessions' text gone from the open file", func() bool {
		raw, err := os.ReadFile(path)
		return err == nil && len(found(raw, gone)) == 0
	})
	t.Logf("ting.db %d bytes before the deletes, %d after; delete %v, file rewritten %v later",
		sizeBefore, len(readFile(t, path)), deleteTook, time.Since(start))
	// The store goes on after its rewrite: writes land in the new file.
	if _, err := st.SetGroups(ctx, kept.s.ID, []model.Group{{Name: "ZqKeptAfterRewriteXv", Members: []string{}}}); err != nil {
		t.Fatalf("SetGroups after the rewrite: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	raw = readFile(t, path)
	if got := found(raw, gone); len(got) > 0 {
		t.Fatalf("after Close the file still holds %q", got)
	}
	if got := found(raw, []string{kept.s.Title, "ZqKeptAfterRewriteXv"}); len(got) != 2 {
		t.Fatalf("the kept session's text is not in the file (found %q): the search cannot fail", got)
	}

	st = openBolt(t, path)
	for _, id := range []string{deleted.s.ID, swept.s.ID} {
		if _, err := st.Session(ctx, id); err != store.ErrNotFound {
			t.Fatalf("Session(deleted) after restart: %v, want ErrNotFound", err)
		}
	}
	if p, err := st.Participant(ctx, kept.s.ID, kept.token); err != nil || p.Token != "" || p.Name == "" {
		t.Fatalf("Participant(kept token) after restart = %+v, %v; want the participant, without its token", p, err)
	}
	if got := found(readFile(t, path), gone); len(got) > 0 {
		t.Fatalf("after a restart the file holds %q", got)
	}
}

// TestBoltEraseOnClose: a delete whose rewrite has not run yet gets it on
// Close; a process that ended before it gets it when the file is opened.
func TestBoltEraseOnClose(t *testing.T) {
	ctx := t.Context()
	path := boltPath(t)
	st, err := store.OpenBoltStore(store.BoltConfig{Path: path, CompactAfter: time.Hour})
	if err != nil {
		t.Fatalf("OpenBoltStore: %v", err)
	}
	m := fillSession(t, st.Engine(), "Closed", time.Time{})
	if err := st.DeleteSession(ctx, m.s.ID); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	if got := found(readFile(t, path), m.marks); len(got) == 0 {
		t.Fatalf("the text went before the rewrite: this test no longer tests Close")
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := found(readFile(t, path), m.marks); len(got) > 0 {
		t.Fatalf("after Close the file holds %q", got)
	}
}

// TestRedisErasure: after a delete (and a sweep's delete), no key of the
// session is left, none names it and the expiry set does not list it;
// no participant's token is kept, only its hash.
func TestRedisErasure(t *testing.T) {
	ctx := t.Context()
	raw := testutil.RedisURL(t)
	c := testutil.RedisClient(t, raw)
	prefix := testutil.RedisPrefix(t, raw)
	st := store.NewRedisStore(store.RedisConfig{Client: c, Prefix: prefix})
	counters := store.NewRedisCounters(store.RedisConfig{Client: c, Prefix: prefix})
	kept := fillSession(t, st.Engine(), "Kept", time.Time{})
	deleted := fillSession(t, st.Engine(), "Deleted", time.Time{})
	swept := fillSession(t, st.Engine(), "Swept", time.Now().Add(-time.Minute))
	for _, m := range []marked{deleted, swept} {
		if _, _, err := counters.Add(ctx, "joins:"+m.s.ID, 1, time.Minute, time.Now()); err != nil {
			t.Fatalf("count: %v", err)
		}
	}
	if len(keysNaming(t, c, prefix, deleted.s.ID)) < 5 {
		t.Fatalf("the session has hardly any keys: the search cannot see them")
	}
	values := testutil.RedisContents(t, c, prefix)
	if got := found(values, []string{kept.token, deleted.token, swept.token}); len(got) > 0 {
		t.Fatalf("participant tokens in Redis: %q", got)
	}
	if got := found(values, kept.marks[1:2]); len(got) != 1 {
		t.Fatalf("the dump does not hold a session's title: the search cannot fail")
	}

	start := time.Now()
	if err := st.DeleteSession(ctx, deleted.s.ID); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	ids, err := st.Expired(ctx, time.Now())
	if err != nil || len(ids) != 1 || ids[0] != swept.s.ID {
		t.Fatalf("Expired = %v, %v; want the swept session", ids, err)
	}
	if err := st.DeleteSession(ctx, ids[0]); err != nil {
		t.Fatalf("DeleteSession (sweep): %v", err)
	}
	t.Logf("two deletes on Redis took %v", time.Since(start))
	for _, m := range []marked{deleted, swept} {
		if err := counters.Forget(ctx, "joins:"+m.s.ID, time.Minute, time.Now()); err != nil {
			t.Fatalf("Forget: %v", err)
		}
		if keys := keysNaming(t, c, prefix, m.s.ID); len(keys) > 0 {
			t.Fatalf("keys of a deleted session left: %q", keys)
		}
		if err := c.ZScore(ctx, prefix+":expiry", m.s.ID).Err(); err != redis.Nil {
			t.Fatalf("the expiry set still lists a deleted session: %v", err)
		}
		if n, err := c.Exists(ctx, prefix+":code:"+m.s.Code).Result(); err != nil || n != 0 {
			t.Fatalf("the join code of a deleted session is still kept: %d, %v", n, err)
		}
	}
	gone := append(append([]string{}, deleted.marks...), swept.marks...)
	gone = append(gone, deleted.s.ID, swept.s.ID) // no index names them either
	if got := found(testutil.RedisContents(t, c, prefix), gone); len(got) > 0 {
		t.Fatalf("text of deleted sessions left in Redis: %q", got)
	}
	if p, err := st.Participant(ctx, kept.s.ID, kept.token); err != nil || p.Token != "" {
		t.Fatalf("Participant(kept) = %+v, %v", p, err)
	}
}

// TestRedisPlainTokenMoved: a participant kept under its token (before
// tokens were hashed) is found by it and moved to its hash.
func TestRedisPlainTokenMoved(t *testing.T) {
	ctx := t.Context()
	raw := testutil.RedisURL(t)
	c := testutil.RedisClient(t, raw)
	prefix := testutil.RedisPrefix(t, raw)
	st := store.NewRedisStore(store.RedisConfig{Client: c, Prefix: prefix})
	s := newSession(t, st)
	key := prefix + ":{" + s.ID + "}:participants"
	if err := c.HSet(ctx, key, "plain-token", `{"id":"p1","token":"plain-token","name":"Åsa"}`).Err(); err != nil {
		t.Fatal(err)
	}
	p, err := st.Participant(ctx, s.ID, "plain-token")
	if err != nil || p.ID != "p1" || p.Name != "Åsa" || p.Token != "" {
		t.Fatalf("Participant = %+v, %v", p, err)
	}
	h, err := c.HGetAll(ctx, key).Result()
	if err != nil || len(h) != 1 || strings.Contains(h[store.TokenHash("plain-token")], "plain-token") || h[store.TokenHash("plain-token")] == "" {
		t.Fatalf("participants = %v, %v; want the participant under the hash, without its token", h, err)
	}
	if p, err := st.Participant(ctx, s.ID, "plain-token"); err != nil || p.ID != "p1" {
		t.Fatalf("Participant again = %+v, %v", p, err)
	}
}

// keysNaming returns the keys under prefix whose name holds id.
func keysNaming(t *testing.T, c redis.UniversalClient, prefix, id string) []string {
	t.Helper()
	var out []string
	err := testutil.RedisKeys(c, prefix, func(_ context.Context, _ redis.Cmdable, k string) error {
		if strings.Contains(k, id) {
			out = append(out, k)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("SCAN: %v", err)
	}
	return out
}

// TestBoltWritesDuringRewrite: answers recorded while deletes make the file
// be rewritten again and again are all there after a restart.
func TestBoltWritesDuringRewrite(t *testing.T) {
	ctx := t.Context()
	path := boltPath(t)
	st, err := store.OpenBoltStore(store.BoltConfig{Path: path, CompactAfter: time.Millisecond})
	if err != nil {
		t.Fatalf("OpenBoltStore: %v", err)
	}
	s := &model.Session{ID: uuid.NewString(), Title: "Kvar", Language: "sv", CreatedAt: time.Now(), Pace: model.PaceAudience}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	q := check(t, poll.Question{ID: "q", Type: "open", Prompt: "Vad?"})
	if _, err := st.AddQuestion(ctx, s.ID, q); err != nil {
		t.Fatalf("AddQuestion: %v", err)
	}
	stop := make(chan struct{})
	deleted := make(chan int)
	go func() { // deletes, each followed by a rewrite
		n := 0
		defer func() { deleted <- n }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			other := &model.Session{ID: uuid.NewString(), Title: "Borta", CreatedAt: time.Now()}
			if err := st.CreateSession(ctx, other); err != nil {
				t.Errorf("CreateSession: %v", err)
				return
			}
			if err := st.DeleteSession(ctx, other.ID); err != nil {
				t.Errorf("DeleteSession: %v", err)
				return
			}
			n++
			time.Sleep(2 * time.Millisecond)
		}
	}()
	const phones = 40
	errs := make(chan error, phones)
	for i := range phones {
		go func() {
			var err error
			for j := range 30 {
				a := model.Answer{QuestionID: "q", ParticipantID: "p" + strconv.Itoa(i), Entries: []string{strconv.Itoa(j)}, Tally: map[string]int64{"n": 1}, At: time.Now()}
				if _, err = st.Record(ctx, s.ID, a); err != nil {
					break
				}
			}
			errs <- err
		}()
	}
	for range phones {
		if err := <-errs; err != nil {
			t.Fatalf("Record during rewrites: %v", err)
		}
	}
	close(stop)
	t.Logf("%d deletes during the answers", <-deleted)
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	st = openBolt(t, path)
	as, err := st.Answers(ctx, s.ID, "q")
	if err != nil || len(as) != phones {
		t.Fatalf("Answers after restart: %d, %v; want %d", len(as), err, phones)
	}
	for _, a := range as {
		if a.Entries[0] != "29" {
			t.Fatalf("answer of %s after restart: %v, want its last", a.ParticipantID, a.Entries)
		}
	}
}

// TestErasureEveryEngine: on every engine a session deleted by hand and
// one deleted as expired are gone by every read (by id, by code, by a
// participant's token, from the expired list), and where the engine keeps
// anything outside the process (the bolt file, also reopened after every
// change; Redis) nothing of their text or tokens is left within a minute.
func TestErasureEveryEngine(t *testing.T) {
	type engine struct {
		st       store.Engine
		contents func() []byte // nil: the engine keeps nothing outside the process
	}
	boltFile := func(t *testing.T, path string) func() []byte {
		return func() []byte { return readFile(t, path) }
	}
	engines := map[string]func(t *testing.T) engine{
		"memory": func(*testing.T) engine { return engine{st: store.NewMemoryStore().Engine()} },
		"bolt": func(t *testing.T) engine {
			path := boltPath(t)
			st, err := store.OpenBoltStore(store.BoltConfig{Path: path, CompactAfter: 20 * time.Millisecond})
			if err != nil {
				t.Fatalf("OpenBoltStore: %v", err)
			}
			t.Cleanup(func() { st.Close() })
			return engine{st.Engine(), boltFile(t, path)}
		},
		"bolt reopened": func(t *testing.T) engine {
			r := &reopening{t: t, path: boltPath(t)}
			r.st = openBolt(t, r.path)
			t.Cleanup(func() {
				r.mu.Lock()
				defer r.mu.Unlock()
				r.st.Close()
			})
			return engine{r.engine(), boltFile(t, r.path)}
		},
		"redis": func(t *testing.T) engine {
			raw := testutil.RedisURL(t)
			c := testutil.RedisClient(t, raw)
			prefix := testutil.RedisPrefix(t, raw)
			st := store.NewRedisStore(store.RedisConfig{Client: c, Prefix: prefix})
			return engine{st.Engine(), func() []byte { return testutil.RedisContents(t, c, prefix) }}
		},
	}
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			e := open(t)
			kept := fillSession(t, e.st, "Kept", time.Time{})
			deleted := fillSession(t, e.st, "Deleted", time.Time{})
			swept := fillSession(t, e.st, "Swept", time.Now().Add(-time.Minute))
			gone := append(append([]string{}, deleted.marks...), swept.marks...)
			if e.contents != nil {
				raw := e.contents()
				if got := found(raw, gone); len(got) < len(gone)-2 {
					t.Fatalf("before the deletes %d of %d marks found: the search cannot see them", len(got), len(gone))
				}
				if got := found(raw, []string{kept.token, deleted.token, swept.token}); len(got) > 0 {
					t.Fatalf("participant tokens kept: %q", got)
				}
			}
			if err := e.st.DeleteSession(ctx, deleted.s.ID); err != nil {
				t.Fatalf("DeleteSession: %v", err)
			}
			ids, err := e.st.Expired(ctx, time.Now())
			if err != nil || len(ids) != 1 || ids[0] != swept.s.ID {
				t.Fatalf("Expired = %v, %v; want the swept session", ids, err)
			}
			if err := e.st.DeleteSession(ctx, ids[0]); err != nil {
				t.Fatalf("DeleteSession (sweep): %v", err)
			}
			for _, m := range []marked{deleted, swept} {
				if _, err := e.st.Session(ctx, m.s.ID); err != store.ErrNotFound {
					t.Fatalf("Session after delete: %v", err)
				}
				if _, err := e.st.SessionIDByCode(ctx, m.s.Code); err != store.ErrNotFound {
					t.Fatalf("SessionIDByCode after delete: %v", err)
				}
				if _, err := e.st.Participant(ctx, m.s.ID, m.token); err != store.ErrNotFound {
					t.Fatalf("Participant after delete: %v", err)
				}
			}
			if ids, err := e.st.Expired(ctx, time.Now()); err != nil || len(ids) != 0 {
				t.Fatalf("Expired after the sweep = %v, %v", ids, err)
			}
			if p, err := e.st.Participant(ctx, kept.s.ID, kept.token); err != nil || p.Token != "" {
				t.Fatalf("Participant(kept) = %+v, %v; want it, without its token", p, err)
			}
			if e.st.Members != nil {
				for _, m := range []marked{deleted, swept} {
					if ms, err := e.st.MemberSessions(ctx, "fac-"+m.tag); err != nil || len(ms) != 0 {
						t.Fatalf("MemberSessions of a deleted session's owner = %v, %v", ms, err)
					}
				}
				owned, err := e.st.OwnedSessions(ctx)
				if err != nil || len(owned) != 1 || owned[0].SessionID != kept.s.ID {
					t.Fatalf("OwnedSessions = %v, %v; want the kept session alone", owned, err)
				}
			}
			if e.contents == nil {
				return
			}
			testutil.WaitFor(t, time.Minute, "the deleted sessions' text gone", func() bool {
				return len(found(e.contents(), gone)) == 0
			})
			if got := found(e.contents(), kept.marks[1:2]); len(got) != 1 {
				t.Fatalf("the kept session's title is gone too: the search cannot fail")
			}
		})
	}
}

// TestBoltFacilitatorErased: a deleted facilitator's name and e-mail leave
// the file with the rewrite that follows, as a deleted session's text does.
func TestBoltFacilitatorErased(t *testing.T) {
	ctx := t.Context()
	path := boltPath(t)
	st, err := store.OpenBoltStore(store.BoltConfig{Path: path, CompactAfter: time.Hour})
	if err != nil {
		t.Fatalf("OpenBoltStore: %v", err)
	}
	marks := []string{"ZqFacilitatorNameXv", "zqfacilitator@mail.example"}
	f := store.Facilitator{ID: uuid.NewString(), Email: marks[1], Name: marks[0], Role: store.RoleFacilitator, CreatedAt: time.Now()}
	if err := st.CreateFacilitator(ctx, f); err != nil {
		t.Fatalf("CreateFacilitator: %v", err)
	}
	if err := st.DeleteFacilitator(ctx, f.ID); err != nil {
		t.Fatalf("DeleteFacilitator: %v", err)
	}
	if got := found(readFile(t, path), marks); len(got) == 0 {
		t.Fatalf("gone before the rewrite: the test cannot see the rewrite")
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := found(readFile(t, path), marks); len(got) > 0 {
		t.Fatalf("after the rewrite the file holds %q", got)
	}
}
