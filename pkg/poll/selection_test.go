package poll

import (
	"encoding/json"
	"fmt"
	"testing"
)

// The facilitator's view marks selected open answers and Q&A entries (and
// with SelectedOnly keeps only them); the room's view never carries the mark.
func TestSelectedEntries(t *testing.T) {
	r := newRoom(t, Question{Type: "open", Prompt: "?"})
	r.answer(t, "p1", `"Mer tid"`)
	r.answer(t, "p2", `"Kaffe"`)
	ids := openIDs(t, r.results(t, true))
	sel := map[string]string{ids[1]: "Styregruppen"}
	wantJSON(t, render(t, r.q, r.tally, View{Facilitator: true, Selected: sel}),
		fmt.Sprintf(`{"answers":[{"id":%q,"text":"Mer tid","selected":false},{"id":%q,"text":"Kaffe","selected":true,"selectedBy":"Styregruppen"}]}`, ids[0], ids[1]))
	wantJSON(t, render(t, r.q, r.tally, View{Facilitator: true, Selected: sel, SelectedOnly: true}),
		fmt.Sprintf(`{"answers":[{"id":%q,"text":"Kaffe","selected":true,"selectedBy":"Styregruppen"}]}`, ids[1]))
	wantJSON(t, render(t, r.q, r.tally, View{Selected: sel, SelectedOnly: true}),
		fmt.Sprintf(`{"answers":[{"id":%q,"text":"Mer tid"},{"id":%q,"text":"Kaffe"}]}`, ids[0], ids[1]))
	if !HasEntry(r.q, r.tally, ids[0]) || HasEntry(r.q, r.tally, "nope") {
		t.Fatalf("HasEntry of %s and nope", ids[0])
	}
	if got := EntryIDs(r.q, r.answers["p2"]); got["Kaffe"] != ids[1] || len(got) != 1 {
		t.Fatalf("EntryIDs of p2's answer = %v, want Kaffe -> %s", got, ids[1])
	}

	qa := newRoom(t, Question{Type: "qa", Prompt: "?"})
	qa.answer(t, "p1", `{"ask":"Hvornår?"}`)
	var res QAResults
	mustUnmarshal(t, render(t, qa.q, qa.tally, View{Facilitator: true}), &res)
	id := res.Entries[0].ID
	mustUnmarshal(t, render(t, qa.q, qa.tally, View{Facilitator: true, Selected: map[string]string{id: "owner"}}), &res)
	if e := res.Entries[0]; e.Selected == nil || !*e.Selected || e.SelectedBy != "owner" {
		t.Fatalf("selected Q&A entry %+v", e)
	}
	if !HasEntry(qa.q, qa.tally, id) || HasEntry(r.q, qa.tally, id) {
		t.Fatal("HasEntry must find the ask in its own question only")
	}
	choice := newRoom(t, Question{Type: "choice", Prompt: "?", Options: []string{"A", "B"}})
	choice.answer(t, "p1", `[0]`)
	if HasEntry(choice.q, choice.tally, "c0") || EntryIDs(choice.q, choice.answers["p1"]) != nil {
		t.Fatal("a choice question has no entries to select")
	}
}

func mustUnmarshal(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatal(err)
	}
}
