package poll

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestOpenCheck(t *testing.T) {
	runCheck(t, []checkCase{
		{"plain", Question{Type: "open", Prompt: "?"}, ""},
		{"moderated", Question{Type: "open", Prompt: "?", Moderated: true}, ""},
		{"options", Question{Type: "open", Prompt: "?", Options: []string{"A", "B"}}, "an open question has no options"},
	})
	q := mustCheck(t, Question{Type: "open", Prompt: "?", Moderated: true, MaxEntries: 3, Stem: true})
	wantJSON(t, mustJSON(t, q), `{"id":"","type":"open","prompt":"?","moderated":true}`)
}

func TestOpenParse(t *testing.T) {
	runParse(t, Question{Type: "open", Prompt: "?"}, []parseCase{
		{"text", `"Mer tid för samtal"`, ""},
		{"500 characters", `"` + strings.Repeat("ö", 500) + `"`, ""},
		{"501 characters", `"` + strings.Repeat("ö", 501) + `"`, "your answer is longer than 500 characters"},
		{"blank", `"  \n "`, "your answer is empty"},
		{"control", `"hej\u0007"`, "your answer contains control characters"},
		{"list", `["hej"]`, `value must be text, like "more time to talk"`},
	})
	q := mustCheck(t, Question{Type: "open", Prompt: "?"})
	a, err := Parse(&q, json.RawMessage(`"  Mer\ttid\n\nför  samtal "`), Context{ParticipantID: "p1"})
	if err != nil || len(a.Entries) != 1 || a.Entries[0] != "Mer tid för samtal" {
		t.Fatalf("entries %q, %v", a.Entries, err)
	}
}

func TestOpenResults(t *testing.T) {
	r := newRoom(t, Question{Type: "open", Prompt: "?"})
	r.answer(t, "p1", `"Mer tid"`)
	r.answer(t, "p2", `"Kaffe"`)
	r.answer(t, "p3", `"Mer tid"`)
	ids := openIDs(t, r.results(t, false))
	if len(ids) != 3 || ids[0] == ids[2] {
		t.Fatalf("ids %q: the same text of two people needs two ids", ids)
	}
	wantJSON(t, r.results(t, false), `{"answers":[{"id":"`+ids[0]+`","text":"Mer tid"},{"id":"`+ids[1]+`","text":"Kaffe"},{"id":"`+ids[2]+`","text":"Mer tid"}]}`)

	t.Run("replacement moves to the end, same text keeps its id", func(t *testing.T) {
		r.answer(t, "p1", `"Mer tid"`)
		got := openIDs(t, r.results(t, false))
		if strings.Join(got, ",") != strings.Join([]string{ids[1], ids[2], ids[0]}, ",") {
			t.Fatalf("ids %q, want %q then %q", got, ids[1:], ids[0])
		}
		r.answer(t, "p1", `"Mindre möten"`)
		got = openIDs(t, r.results(t, false))
		if len(got) != 3 || got[2] == ids[0] {
			t.Fatalf("a new text kept the old id: %q", got)
		}
	})

	t.Run("hidden", func(t *testing.T) {
		q := *r.q
		q.Moderation = q.WithMark(MarkHidden, ids[1], true)
		wantJSON(t, render(t, &q, r.tally, View{}), `{"answers":[{"id":"`+ids[2]+`","text":"Mer tid"},`+openJSON(t, r, 2)+`]}`)
		wantJSON(t, render(t, &q, r.tally, View{Facilitator: true}), `{"answers":[{"id":"`+ids[1]+`","text":"Kaffe","hidden":true},{"id":"`+ids[2]+`","text":"Mer tid"},`+openJSON(t, r, 2)+`]}`)
	})

	t.Run("moderated", func(t *testing.T) {
		q := *r.q
		q.Moderated = true
		wantJSON(t, render(t, &q, r.tally, View{}), `{"answers":[]}`)
		q.Moderation = q.WithMark(MarkApproved, ids[2], true)
		wantJSON(t, render(t, &q, r.tally, View{}), `{"answers":[{"id":"`+ids[2]+`","text":"Mer tid"}]}`)
		q.Moderation = q.WithMark(MarkHidden, ids[2], true) // hidden beats approved
		wantJSON(t, render(t, &q, r.tally, View{}), `{"answers":[]}`)
		got := render(t, &q, r.tally, View{Facilitator: true})
		if strings.Count(got, `"pending":true`) != 2 || !strings.Contains(got, `"id":"`+ids[2]+`","text":"Mer tid","hidden":true}`) {
			t.Fatalf("facilitator view %s", got)
		}
	})
}

// openIDs returns the ids of an open question's results, in order.
func openIDs(t *testing.T, res string) []string {
	t.Helper()
	var out OpenResults
	if err := json.Unmarshal([]byte(res), &out); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range out.Answers {
		ids = append(ids, a.ID)
	}
	return ids
}

// openJSON returns answer i of the room's facilitator results as JSON.
func openJSON(t *testing.T, r *room, i int) string {
	t.Helper()
	var out OpenResults
	if err := json.Unmarshal([]byte(r.results(t, true)), &out); err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, out.Answers[i])
}
