package server_test

import (
	"slices"
	"testing"
)

// groupName reads the group of a group frame ("" for none).
func groupName(m map[string]any) string {
	g, _ := m["group"].(map[string]any)
	if g == nil {
		return ""
	}
	return g["name"].(string)
}

// TestProgrammeCohort: a phone of one session of a programme joins its
// later sessions as the same participant, and keeps the programme's group
// in each of them; the facilitator regroups for all of them at once.
func TestProgrammeCohort(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			prefix := newPrefix(t)
			n := startNode(t, engine, prefix)
			other := n
			if engine == "redis" {
				other = startNode(t, engine, prefix)
			}
			p := newProgramme(t, n, adminKey, "Ledarskap 2027")
			a := p.session("Modul 1, dag 1")

			phones := make([]*client, 6)
			tokens := make([]string, len(phones))
			for i := range phones {
				phones[i] = dial(t, other)
				w := phones[i].join(a.s.Code, "")
				tokens[i] = w["token"].(string)
				if got := w["session"].(map[string]any)["programme"]; got != p.ID {
					t.Fatalf("welcome's programme %v, want %s", got, p.ID)
				}
			}

			if code := call(t, "POST", p.url("/groups"), "", map[string]any{"size": 3}, nil); code != 401 {
				t.Fatalf("programme groups without credentials: %d", code)
			}
			if code := call(t, "POST", p.url("/groups"), adminKey, map[string]any{"size": 1}, nil); code != 400 {
				t.Fatalf("programme groups of size 1: %d", code)
			}
			var g groupsBody
			if code := call(t, "POST", p.url("/groups"), adminKey, map[string]any{"size": 3}, &g); code != 200 {
				t.Fatalf("programme groups: %d", code)
			}
			if got := sizes(g); !slices.Equal(got, []int{3, 3}) {
				t.Fatalf("size 3 over 6: %v", got)
			}
			first := make([]string, len(phones))
			for i, ph := range phones {
				first[i] = groupName(ph.next("group", nil))
				if first[i] == "" {
					t.Fatalf("phone %d has no group", i)
				}
			}

			// The next workshop: every phone comes with its token and is
			// told its group at once.
			b := p.session("Modul 1, dag 2")
			for i := range phones {
				phones[i].ws.Close()
				phones[i] = dial(t, other)
				w := phones[i].join(b.s.Code, tokens[i])
				if w["token"] != tokens[i] {
					t.Fatalf("phone %d: welcome token changed", i)
				}
				if got := groupName(phones[i].next("group", nil)); got != first[i] {
					t.Fatalf("phone %d in the next workshop: group %q, want %q", i, got, first[i])
				}
			}
			var listed groupsBody
			if code := call(t, "GET", p.url("/groups"), adminKey, nil, &listed); code != 200 || len(listed.Groups) != 2 {
				t.Fatalf("list programme groups: %d %v", code, listed)
			}

			// A phone new to the programme is a new participant, in no group.
			stranger := dial(t, other)
			unrelated := newSession(t, n)
			st := stranger.join(unrelated.s.Code, "")["token"].(string)
			stranger.ws.Close()
			stranger = dial(t, other)
			if w := stranger.join(b.s.Code, st); w["token"] == st {
				t.Fatalf("a token of another session's phone was taken as a programme participant")
			}

			// Regrouping reaches the phones where they are, and the next session keeps it.
			if code := call(t, "POST", p.url("/groups"), adminKey, map[string]any{"count": 3}, &g); code != 200 {
				t.Fatalf("regroup: %d", code)
			}
			// Seven participants now: the stranger joined a session of the programme.
			if got := sizes(g); !slices.Equal(got, []int{2, 2, 3}) {
				t.Fatalf("count 3 over 7 participants: %v", got)
			}
			if groupName(stranger.next("group", nil)) == "" {
				t.Fatalf("the stranger, now a participant of the programme, got no group")
			}
			second := make([]string, len(phones))
			for i, ph := range phones {
				second[i] = groupName(ph.next("group", nil))
			}
			c := p.session("Modul 2, dag 1")
			for i := range phones {
				phones[i].ws.Close()
				phones[i] = dial(t, n)
				phones[i].join(c.s.Code, tokens[i])
				if got := groupName(phones[i].next("group", nil)); got != second[i] {
					t.Fatalf("phone %d after the regroup: %q, want %q", i, got, second[i])
				}
			}
			// Buddy pairs: one group of seven makes two pairs and a trio;
			// each phone is told its pair.
			var one struct {
				Groups []struct {
					Members, Pairs int
				}
			}
			if code := call(t, "POST", p.url("/groups"), adminKey, map[string]any{"count": 1, "pairs": true}, &one); code != 200 ||
				len(one.Groups) != 1 || one.Groups[0].Members != 7 || one.Groups[0].Pairs != 3 {
				t.Fatalf("one group in pairs: %d %+v", code, one)
			}
			pairOf := map[string]int{}
			var sizesOfPairs []int
			var firstPair string
			for i, ph := range append(slices.Clone(phones), stranger) {
				grp := ph.next("group", nil)["group"].(map[string]any)
				pair, _ := grp["pair"].(map[string]any)
				if pair == nil {
					t.Fatalf("a phone of a split into pairs has no pair: %v", grp)
				}
				if i == 0 {
					firstPair = pair["name"].(string)
				}
				pairOf[pair["name"].(string)]++
				sizesOfPairs = append(sizesOfPairs, int(pair["members"].(float64)))
			}
			slices.Sort(sizesOfPairs)
			if !slices.Equal(sizesOfPairs, []int{2, 2, 2, 2, 3, 3, 3}) || len(pairOf) != 3 || pairOf["Par 1"] != 2 || pairOf["Par 3"] != 3 {
				t.Fatalf("pairs: sizes %v, names %v", sizesOfPairs, pairOf)
			}
			d := p.session("Modul 2, dag 2")
			back := dial(t, other)
			back.join(d.s.Code, tokens[0])
			if pair, _ := back.next("group", nil)["group"].(map[string]any)["pair"].(map[string]any); pair == nil || pair["name"] != firstPair {
				t.Fatalf("in the next workshop the buddy pair is %v, want %s", pair, firstPair)
			}

			// Counting each participant once: the stranger is in session b only.
			var ps struct{ Sessions []struct{ Participants int } }
			if code := call(t, "GET", p.url("/results"), adminKey, nil, &ps); code != 200 {
				t.Fatalf("programme results: %d %v", code, ps)
			}
			if len(ps.Sessions) != 4 || ps.Sessions[1].Participants != 7 || ps.Sessions[2].Participants != 6 || ps.Sessions[3].Participants != 1 {
				t.Fatalf("participants per session: %v", ps.Sessions)
			}
		})
	}
}

// TestSessionGroupsInPairs: a session's own split takes pairs too.
func TestSessionGroupsInPairs(t *testing.T) {
	n := startNode(t, "embedded", newPrefix(t))
	f := createSession(t, n, nil)
	screen := dial(t, n)
	screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
	screen.next("question", nil)
	phones := joinPhones(t, n, f.s.Code, 5)
	var g struct {
		Groups []struct{ Members, Pairs int }
	}
	if code := call(t, "POST", f.url("/groups"), f.s.FacilitatorToken, map[string]any{"size": 5, "pairs": true}, &g); code != 200 ||
		len(g.Groups) != 1 || g.Groups[0].Pairs != 2 {
		t.Fatalf("one group of five in pairs: %d %+v", code, g)
	}
	var sizes []int
	for _, ph := range phones {
		pair, _ := ph.next("group", nil)["group"].(map[string]any)["pair"].(map[string]any)
		if pair == nil {
			t.Fatalf("a phone without its pair")
		}
		sizes = append(sizes, int(pair["members"].(float64)))
	}
	slices.Sort(sizes)
	if !slices.Equal(sizes, []int{2, 2, 3, 3, 3}) {
		t.Fatalf("pair sizes %v, want a pair and a trio", sizes)
	}
	// The big screen's list counts each group's pairs.
	if gs := screen.next("groups", nil)["groups"].([]any); len(gs) != 1 || gs[0].(map[string]any)["pairs"] != 2.0 {
		t.Fatalf("the screen's groups with pairs: %v", gs)
	}
	// Without pairs the frames carry none.
	f.split(map[string]any{"size": 5})
	if grp := phones[0].next("group", nil)["group"].(map[string]any); grp["pair"] != nil {
		t.Fatalf("a split without pairs gave a pair: %v", grp)
	}
	if gs := screen.next("groups", nil)["groups"].([]any); len(gs) != 1 || gs[0].(map[string]any)["pairs"] != nil {
		t.Fatalf("the screen's groups without pairs: %v", gs)
	}
}
