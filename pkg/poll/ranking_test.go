package poll

import (
	"strings"
	"testing"
)

func TestRankingCheck(t *testing.T) {
	many := make([]string, 31)
	for i := range many {
		many[i] = "x"
	}
	runCheck(t, []checkCase{
		{"two", Question{Type: "ranking", Prompt: "?", Options: []string{"A", "B"}}, ""},
		{"thirty", Question{Type: "ranking", Prompt: "?", Options: many[:30]}, ""},
		{"one", Question{Type: "ranking", Prompt: "?", Options: []string{"A"}}, "at least 2 options are required"},
		{"thirty-one", Question{Type: "ranking", Prompt: "?", Options: many}, "at most 30 options"},
		{"empty option", Question{Type: "ranking", Prompt: "?", Options: []string{"A", ""}}, "option 2 is empty"},
	})
}

func TestRankingParse(t *testing.T) {
	runParse(t, Question{Type: "ranking", Prompt: "?", Options: []string{"A", "B", "C"}}, []parseCase{
		{"order", `[2,0,1]`, ""},
		{"missing", `[2,0]`, "rank all 3 options; got 2"},
		{"extra", `[2,0,1,1]`, "rank all 3 options; got 4"},
		{"twice", `[2,2,1]`, "option 2 is ranked twice"},
		{"unknown", `[0,1,3]`, "option 3 does not exist (0 to 2)"},
		{"negative", `[0,-1,2]`, "option -1 does not exist (0 to 2)"},
		{"not a list", `{"0":1}`, "value must be the option numbers in your order, like [2, 0, 1]"},
	})
}

func TestRankingResults(t *testing.T) {
	r := newRoom(t, Question{Type: "ranking", Prompt: "?", Options: []string{"Skola", "Vård", "Teknik"}})
	a := r.answer(t, "p1", `[1,2,0]`)
	if got := strings.Join(a.Entries, "|"); got != "1. Vård|2. Teknik|3. Skola" {
		t.Fatalf("entries %s", got)
	}
	wantJSON(t, r.results(t, false), `{"scores":[1,3,2]}`)
	r.answer(t, "p2", `[0,1,2]`)
	wantJSON(t, r.results(t, false), `{"scores":[4,5,3]}`)
	r.answer(t, "p1", `[2,1,0]`) // replaces [1,2,0]
	wantJSON(t, r.results(t, true), `{"scores":[4,4,4]}`)
}
