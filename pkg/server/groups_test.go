package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ting-live/ting/pkg/server"
)

// createSession makes a session with extra fields in the create body.
func createSession(t *testing.T, n *node, extra map[string]any) *facilitator {
	t.Helper()
	body := map[string]any{"title": "Medarbetarskap", "language": "sv"}
	for k, v := range extra {
		body[k] = v
	}
	f := &facilitator{t: t, base: n.URL}
	if code := call(t, "POST", n.URL+"/api/v1/sessions", adminKey, body, &f.s); code != 201 {
		t.Fatalf("create session %v: %d", extra, code)
	}
	return f
}

type groupsBody struct {
	Groups []struct {
		Name    string
		Members int
	}
}

func (f *facilitator) split(body map[string]any) groupsBody {
	f.t.Helper()
	var g groupsBody
	if code := call(f.t, "POST", f.url("/groups"), f.s.FacilitatorToken, body, &g); code != 200 {
		f.t.Fatalf("split %v: %d", body, code)
	}
	return g
}

func sizes(g groupsBody) []int {
	var out []int
	for _, x := range g.Groups {
		out = append(out, x.Members)
	}
	slices.Sort(out)
	return out
}

func TestGroups(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			prefix := newPrefix(t)
			n := startNode(t, engine, prefix)
			other := n // the phones' node
			if engine == "redis" {
				other = startNode(t, engine, prefix) // phones on another node hear of the split too
			}
			f := createSession(t, n, map[string]any{"minSegment": 3})
			qid := f.question(map[string]any{"type": "choice", "prompt": "Trivs du?", "options": []string{"Ja", "Nej"}})
			f.state(map[string]any{"questionId": qid})

			phones := make([]*client, 7)
			tokens := make([]string, len(phones))
			for i := range phones {
				phones[i] = dial(t, other)
				tokens[i] = phones[i].join(f.s.Code, "")["token"].(string)
			}

			for _, tc := range []struct {
				body any
				want int
			}{
				{map[string]any{}, 400},
				{map[string]any{"size": 3, "count": 2}, 400},
				{map[string]any{"size": 1}, 400},
				{map[string]any{"count": -1}, 400},
			} {
				if code := call(t, "POST", f.url("/groups"), f.s.FacilitatorToken, tc.body, nil); code != tc.want {
					t.Fatalf("split %v: %d, want %d", tc.body, code, tc.want)
				}
			}
			if code := call(t, "POST", f.url("/groups"), "", map[string]any{"size": 2}, nil); code != 401 {
				t.Fatalf("split without token: %d", code)
			}

			// size 3 over 7 phones: floor(7/3) = 2 groups, of 4 and 3.
			g := f.split(map[string]any{"size": 3})
			if got := sizes(g); !slices.Equal(got, []int{3, 4}) {
				t.Fatalf("size 3 over 7: %v", got)
			}
			names := map[string]int{}
			for _, x := range g.Groups {
				names[x.Name] = x.Members
				if !strings.HasPrefix(x.Name, "Grupp ") {
					t.Fatalf("group name %q is not Swedish", x.Name)
				}
			}
			mine := make([]string, len(phones))
			for i, p := range phones {
				m := p.next("group", nil)
				grp := m["group"].(map[string]any)
				mine[i] = grp["name"].(string)
				if want, ok := names[mine[i]]; !ok || grp["members"] != float64(want) {
					t.Fatalf("phone %d got group %v; groups %v", i, grp, names)
				}
			}

			// A phone that comes back with its token keeps its group.
			phones[0].ws.Close()
			back := dial(t, other)
			back.join(f.s.Code, tokens[0])
			if m := back.next("group", nil); m["group"].(map[string]any)["name"] != mine[0] {
				t.Fatalf("after rejoin: %v, want %s", m, mine[0])
			}
			phones[0] = back

			// Results of one group count only its phones.
			for i, p := range phones {
				if r := p.answer(fmt.Sprint("a", i), qid, []int{0}); r["type"] != "ack" {
					t.Fatalf("answer: %v", r)
				}
			}
			var res struct {
				Group     map[string]any
				Questions []map[string]any
			}
			if code := call(t, "GET", f.url("/results?group="+strings.ReplaceAll(mine[0], " ", "%20")), f.s.FacilitatorToken, nil, &res); code != 200 {
				t.Fatalf("group results: %d", code)
			}
			if res.Questions[0]["responses"] != float64(names[mine[0]]) || res.Group["name"] != mine[0] {
				t.Fatalf("group %s results %v", mine[0], res)
			}
			if counts := res.Questions[0]["counts"].([]any); counts[0] != float64(names[mine[0]]) {
				t.Fatalf("group counts %v", counts)
			}
			if code := call(t, "GET", f.url("/results?group=Grupp%2099"), f.s.FacilitatorToken, nil, nil); code != 404 {
				t.Fatalf("unknown group: %d", code)
			}

			// count 3: three groups of 3, 2, 2; pairs are named as pairs.
			if got := sizes(f.split(map[string]any{"count": 3})); !slices.Equal(got, []int{2, 2, 3}) {
				t.Fatalf("count 3 over 7: %v", got)
			}
			pairs := f.split(map[string]any{"size": 2})
			if got := sizes(pairs); !slices.Equal(got, []int{2, 2, 3}) || !strings.HasPrefix(pairs.Groups[0].Name, "Par ") {
				t.Fatalf("pairs over 7: %v", pairs)
			}
			var listed groupsBody
			call(t, "GET", f.url("/groups"), f.s.FacilitatorToken, nil, &listed)
			if len(listed.Groups) != 3 {
				t.Fatalf("GET groups %v", listed)
			}
			// A group below minSegment shows no results.
			small := ""
			for _, g := range pairs.Groups {
				if g.Members < 3 {
					small = g.Name
				}
			}
			res.Questions = nil // decoding into the old maps would keep their fields
			call(t, "GET", f.url("/results?group="+strings.ReplaceAll(small, " ", "%20")), f.s.FacilitatorToken, nil, &res)
			if res.Questions[0]["hidden"] != true || res.Questions[0]["counts"] != nil {
				t.Fatalf("results of %s (2 phones, minSegment 3) shown: %v", small, res.Questions[0])
			}

			// Ending the split: phones stop showing a group.
			if code := call(t, "DELETE", f.url("/groups"), f.s.FacilitatorToken, nil, nil); code != 204 {
				t.Fatalf("end groups: %d", code)
			}
			for _, p := range phones {
				p.next("group", func(m map[string]any) bool { return m["group"] == nil })
			}
			call(t, "GET", f.url("/groups"), f.s.FacilitatorToken, nil, &listed)
			if len(listed.Groups) != 0 {
				t.Fatalf("groups after ending: %v", listed)
			}
		})
	}
}

// Groups are made of the phones connected now, on any node: a phone that
// left no longer gets a place, one that stays connected always does.
func TestGroupsOfConnectedPhones(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			prefix := newPrefix(t)
			fast := func(c *server.Config) { c.PresenceInterval = 40 * time.Millisecond }
			n := startNodeWith(t, engine, prefix, fast)
			other := n
			if engine == "redis" {
				other = startNodeWith(t, engine, prefix, fast)
			}
			f := newSession(t, n)
			stay := []*client{dial(t, n), dial(t, other)}
			for _, p := range stay {
				p.join(f.s.Code, "")
			}
			gone := dial(t, other)
			gone.join(f.s.Code, "")
			gone.ws.Close()

			deadline := time.Now().Add(5 * time.Second)
			for {
				g := f.split(map[string]any{"count": 1})
				members := g.Groups[0].Members
				if members < 2 {
					t.Fatalf("a connected phone was left out: %v", g)
				}
				if members == 2 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the phone that left still gets a place: %v", g)
				}
				time.Sleep(40 * time.Millisecond)
			}
			// Long after their join, the connected phones still count.
			time.Sleep(200 * time.Millisecond)
			if g := f.split(map[string]any{"count": 1}); g.Groups[0].Members != 2 {
				t.Fatalf("connected phones after a while: %v", g)
			}
		})
	}
}
