package store_test

import (
	"errors"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// programmeEngine gives the engine under test now; reopen closes and
// opens it again where the engine has a file (bolt), so what follows
// reads what the file gave back.
type programmeEngine struct {
	st     func() store.Engine
	reopen func()
	// ids gives the ids of the programme's n sessions (default: new uuids).
	ids func(n int) []string
}

func uuids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = uuid.NewString()
	}
	return out
}

func TestProgrammesMemory(t *testing.T) {
	m := store.NewMemoryStore().Engine()
	testProgrammes(t, programmeEngine{st: func() store.Engine { return m }, reopen: func() {}})
}

func TestProgrammesBolt(t *testing.T) {
	path := boltPath(t)
	b := openBolt(t, path)
	testProgrammes(t, programmeEngine{st: func() store.Engine { return b.Engine() }, reopen: func() {
		if err := b.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		b = openBolt(t, path)
	}})
}

func TestProgrammesRedis(t *testing.T) {
	e := newRedisStore(testutil.RedisURL(t))(t)
	testProgrammes(t, programmeEngine{st: func() store.Engine { return e }, reopen: func() {}})
}

// On a Cluster a programme's sessions live in different slots (and nodes):
// its reads, Tallies above all, must not send a command across slots.
func TestProgrammesRedisCluster(t *testing.T) {
	raw := clusterURL(t)
	e := newRedisStore(raw)(t)
	c, ok := testutil.RedisClient(t, raw).(*redis.ClusterClient)
	if !ok {
		t.Fatalf("%s is no cluster", raw)
	}
	// Each session on a master of its own: a session's keys share the
	// slot of its hash tag {<id>}.
	onNodes := func(n int) []string {
		var out []string
		seen := map[string]bool{}
		for len(out) < n {
			id := uuid.NewString()
			node, err := c.MasterForKey(t.Context(), "x:{"+id+"}:session")
			if err != nil {
				t.Fatal(err)
			}
			if addr := node.Options().Addr; !seen[addr] {
				seen[addr] = true
				out = append(out, id)
			}
		}
		return out
	}
	testProgrammes(t, programmeEngine{st: func() store.Engine { return e }, reopen: func() {}, ids: onNodes})
}

func testProgrammes(t *testing.T, pe programmeEngine) {
	ctx := t.Context()
	st := pe.st
	if _, err := st().Programme(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Programme of an unknown id: %v, want ErrNotFound", err)
	}
	t0 := time.Now().UTC().Truncate(time.Millisecond)
	older := model.Programme{ID: uuid.NewString(), Title: "Förra året", OwnerID: "f1", CreatedAt: t0.Add(-time.Hour), TokenHash: []byte{1, 2, 3}, Sessions: []string{}}
	p := model.Programme{ID: uuid.NewString(), Title: "Medarbetarskap 2027", OwnerID: "f1", CreatedAt: t0, TokenHash: []byte{4, 5, 6}, Sessions: []string{}}
	for _, x := range []model.Programme{older, p} {
		if err := st().CreateProgramme(ctx, x); err != nil {
			t.Fatalf("CreateProgramme: %v", err)
		}
	}

	// Three sessions of one question each, answered by 1, 2 and 3 participants.
	q := check(t, choiceQuestion("q"))
	var sessions []*model.Session
	if pe.ids == nil {
		pe.ids = uuids
	}
	for k, id := range pe.ids(3) {
		s := &model.Session{ID: id, Title: "Seminarium", Language: "sv", CreatedAt: time.Now()}
		if err := st().CreateSession(ctx, s); err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
		addQuestion(t, st(), s.ID, q)
		show(t, st(), s.ID, "q")
		for i := 0; i <= k; i++ {
			record(t, st(), s.ID, answer(t, q, "p"+strconv.Itoa(i), "["+strconv.Itoa(i%3)+"]"))
		}
		if err := st().AddProgrammeSession(ctx, p.ID, s.ID); err != nil {
			t.Fatalf("AddProgrammeSession: %v", err)
		}
		sessions = append(sessions, s)
	}
	if err := st().AddProgrammeSession(ctx, p.ID, sessions[0].ID); err != nil {
		t.Fatalf("AddProgrammeSession again: %v", err)
	}
	if err := st().AddProgrammeSession(ctx, "nope", sessions[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("AddProgrammeSession to an unknown programme: %v", err)
	}
	owner := store.Member{FacilitatorID: "f1", Role: store.RoleOwner, Since: t0}
	viewer := store.Member{FacilitatorID: "f2", Role: store.RoleViewer, Since: t0.Add(time.Second)}
	for _, m := range []store.Member{viewer, owner} {
		if err := st().SetProgrammeMember(ctx, p.ID, m); err != nil {
			t.Fatalf("SetProgrammeMember: %v", err)
		}
	}
	if err := st().SetProgrammeMember(ctx, "nope", viewer); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("SetProgrammeMember of an unknown programme: %v", err)
	}
	pe.reopen()

	got, err := st().Programme(ctx, p.ID)
	want := p
	want.Sessions = []string{sessions[0].ID, sessions[1].ID, sessions[2].ID}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Programme = %+v, %v\nwant %+v", got, err, want)
	}
	all, err := st().AllProgrammes(ctx)
	if err != nil || len(all) < 2 || all[0].ID != p.ID || all[1].ID != older.ID {
		t.Fatalf("AllProgrammes = %+v, %v; want the newest first", all, err)
	}
	ms, err := st().ProgrammeMembers(ctx, p.ID)
	if err != nil || len(ms) != 2 || ms[0].FacilitatorID != "f1" || ms[1] != viewer || !ms[0].Since.Equal(t0) {
		t.Fatalf("ProgrammeMembers = %+v, %v; want the owner first", ms, err)
	}
	mine, err := st().MemberProgrammes(ctx, "f2")
	if err != nil || !reflect.DeepEqual(mine, []store.ProgrammeMembership{{ProgrammeID: p.ID, Role: store.RoleViewer}}) {
		t.Fatalf("MemberProgrammes(f2) = %+v, %v", mine, err)
	}

	// Every session's tallies in one call, as Tally gives them one by one.
	reads := []store.TallyRead{{SessionID: "gone", QuestionIDs: []string{"q"}}}
	for _, s := range sessions {
		reads = append(reads, store.TallyRead{SessionID: s.ID, QuestionIDs: []string{"q", "unknown"}})
	}
	ts, err := st().Tallies(ctx, reads)
	if err != nil || len(ts) != 4 {
		t.Fatalf("Tallies: %d, %v", len(ts), err)
	}
	if ts[0][0].Responses != 0 || len(ts[0][0].Counts) != 0 {
		t.Fatalf("Tallies of a session that is gone: %+v", ts[0][0])
	}
	for k, s := range sessions {
		one, err := st().Tally(ctx, s.ID, "q")
		if err != nil {
			t.Fatal(err)
		}
		if got := ts[k+1][0]; got.Responses != int64(k+1) || !reflect.DeepEqual(got.Counts, one.Counts) || got.Responses != one.Responses {
			t.Fatalf("Tallies of session %d = %+v, Tally = %+v", k, got, one)
		}
		if u := ts[k+1][1]; u.Responses != 0 || len(u.Counts) != 0 {
			t.Fatalf("Tallies of an unknown question: %+v", u)
		}
	}
	if _, err := st().Tallies(ctx, nil); err != nil {
		t.Fatalf("Tallies of nothing: %v", err)
	}

	if err := st().RemoveProgrammeSession(ctx, p.ID, sessions[1].ID); err != nil {
		t.Fatalf("RemoveProgrammeSession: %v", err)
	}
	if err := st().RemoveProgrammeMember(ctx, p.ID, "f9"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("RemoveProgrammeMember of no member: %v", err)
	}
	if err := st().RemoveProgrammeMember(ctx, p.ID, "f2"); err != nil {
		t.Fatalf("RemoveProgrammeMember: %v", err)
	}
	pe.reopen()
	got, _ = st().Programme(ctx, p.ID)
	if !reflect.DeepEqual(got.Sessions, []string{sessions[0].ID, sessions[2].ID}) {
		t.Fatalf("after RemoveProgrammeSession: %v", got.Sessions)
	}
	if mine, _ := st().MemberProgrammes(ctx, "f2"); len(mine) != 0 {
		t.Fatalf("MemberProgrammes after RemoveProgrammeMember: %v", mine)
	}

	// Deleting a programme deletes it and its members; its sessions stay.
	if err := st().DeleteProgramme(ctx, p.ID); err != nil {
		t.Fatalf("DeleteProgramme: %v", err)
	}
	if err := st().DeleteProgramme(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("DeleteProgramme again: %v", err)
	}
	pe.reopen()
	if _, err := st().Programme(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Programme after delete: %v", err)
	}
	if _, err := st().ProgrammeMembers(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ProgrammeMembers after delete: %v", err)
	}
	if mine, _ := st().MemberProgrammes(ctx, "f1"); len(mine) != 0 {
		t.Fatalf("MemberProgrammes after delete: %v", mine)
	}
	if all, _ := st().AllProgrammes(ctx); len(all) != 1 || all[0].ID != older.ID {
		t.Fatalf("AllProgrammes after delete: %v", all)
	}
	if _, err := st().Session(ctx, sessions[0].ID); err != nil {
		t.Fatalf("a session of a deleted programme: %v", err)
	}
}

// A deleted programme and question set are gone from the bolt file: their
// titles, names and questions are not in it once it is rewritten.
func TestBoltProgrammeErasure(t *testing.T) {
	ctx := t.Context()
	path := boltPath(t)
	st, err := store.OpenBoltStore(store.BoltConfig{Path: path, CompactAfter: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("OpenBoltStore: %v", err)
	}
	p := model.Programme{ID: uuid.NewString(), Title: "ZqProgrammeGoneXv", CreatedAt: time.Now(), Sessions: []string{}}
	kept := model.Programme{ID: uuid.NewString(), Title: "ZqProgrammeKeptXv", CreatedAt: time.Now(), Sessions: []string{}}
	qs := model.QuestionSet{ID: uuid.NewString(), Name: "ZqSetGoneXv", OwnerID: "f", CreatedAt: time.Now(),
		Questions: []poll.Question{check(t, poll.Question{Type: "open", Prompt: "ZqPromptGoneXv"})}}
	for _, x := range []model.Programme{p, kept} {
		if err := st.CreateProgramme(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetProgrammeMember(ctx, kept.ID, store.Member{FacilitatorID: "ZqMemberGoneXv", Role: store.RoleViewer}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveQuestionSet(ctx, qs); err != nil {
		t.Fatal(err)
	}
	gone := []string{p.Title, qs.Name, "ZqPromptGoneXv", "ZqMemberGoneXv"}
	if got := found(readFile(t, path), gone); len(got) != len(gone) {
		t.Fatalf("before the deletes the file holds %q of %q: the search cannot see them", got, gone)
	}
	if err := st.DeleteProgramme(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteQuestionSet(ctx, qs.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveProgrammeMember(ctx, kept.ID, "ZqMemberGoneXv"); err != nil {
		t.Fatal(err)
	}
	testutil.WaitFor(t, time.Minute, "the deleted programme's text gone from the file", func() bool {
		raw, err := os.ReadFile(path)
		return err == nil && len(found(raw, gone)) == 0
	})
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	raw := readFile(t, path)
	if got := found(raw, gone); len(got) > 0 {
		t.Fatalf("after Close the file still holds %q", got)
	}
	if got := found(raw, []string{kept.Title}); len(got) != 1 {
		t.Fatalf("the kept programme is not in the file: the search cannot fail")
	}
	st = openBolt(t, path)
	if _, err := st.Programme(ctx, kept.ID); err != nil {
		t.Fatalf("the kept programme after reopening: %v", err)
	}
	if _, err := st.Programme(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the deleted programme after reopening: %v", err)
	}
}
