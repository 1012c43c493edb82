package poll

import (
	"math"
	"testing"
)

func TestScaleCheck(t *testing.T) {
	runCheck(t, []checkCase{
		{"defaults", Question{Type: "scale", Prompt: "?"}, ""},
		{"statements", Question{Type: "scale", Prompt: "?", Statements: []string{"A", "B"}}, ""},
		{"zero to ten", Question{Type: "scale", Prompt: "?", Min: ptr(0), Max: ptr(10)}, ""},
		{"negative", Question{Type: "scale", Prompt: "?", Min: ptr(-2), Max: ptr(2)}, ""},
		{"max only", Question{Type: "scale", Prompt: "?", Max: ptr(7)}, ""},
		{"min equals max", Question{Type: "scale", Prompt: "?", Min: ptr(3), Max: ptr(3)}, "min (3) must be less than max (3)"},
		{"min above max", Question{Type: "scale", Prompt: "?", Min: ptr(5), Max: ptr(1)}, "min (5) must be less than max (1)"},
		{"twelve steps", Question{Type: "scale", Prompt: "?", Min: ptr(0), Max: ptr(11)}, "at most 11 steps"},
		{"huge range", Question{Type: "scale", Prompt: "?", Min: ptr(math.MinInt), Max: ptr(math.MaxInt)}, "at most 11 steps"},
		{"min above default max", Question{Type: "scale", Prompt: "?", Min: ptr(6)}, "min (6) must be less than max (5)"},
		{"options", Question{Type: "scale", Prompt: "?", Options: []string{"A", "B"}}, "a scale has no options"},
		{"empty statement", Question{Type: "scale", Prompt: "?", Statements: []string{"A", " "}}, "statement 2 is empty"},
		{"21 statements", Question{Type: "scale", Prompt: "?", Statements: make([]string, 21)}, "at most 20 statements"},
	})
	q := mustCheck(t, Question{Type: "scale", Prompt: "?", Statements: []string{" Jag trivs ", "Jag blir sedd"}, Options: nil, Correct: []int{1}, MaxEntries: 3})
	wantJSON(t, mustJSON(t, q), `{"id":"","type":"scale","prompt":"?","min":1,"max":5,"statements":["Jag trivs","Jag blir sedd"]}`)
	q = mustCheck(t, Question{Type: "scale", Prompt: "?", Min: ptr(0), Max: ptr(10)})
	wantJSON(t, mustJSON(t, q), `{"id":"","type":"scale","prompt":"?","min":0,"max":10}`)
}

func TestScaleParse(t *testing.T) {
	two := Question{Type: "scale", Prompt: "?", Statements: []string{"A", "B"}}
	runParse(t, two, []parseCase{
		{"both", `[1,5]`, ""},
		{"one skipped", `[null,3]`, ""},
		{"all skipped", `[null,null]`, "answer at least one statement"},
		{"too few", `[3]`, "answer all 2 statements (null skips one); got 1 values"},
		{"too many", `[3,3,3]`, "answer all 2 statements (null skips one); got 3 values"},
		{"outside", `[3,7]`, "statement 2: 7 is outside 1 to 5"},
		{"below", `[0,3]`, "statement 1: 0 is outside 1 to 5"},
		{"fraction", `[2.5,3]`, "statement 1: 2.5 is not a whole number from 1 to 5"},
		{"text", `["3",3]`, `statement 1: "3" is not a whole number from 1 to 5`},
		{"not a list", `3`, "value must be a list with one number per statement, like [5]"},
	})
	runParse(t, Question{Type: "scale", Prompt: "?", Min: ptr(0), Max: ptr(10)}, []parseCase{
		{"zero", `[0]`, ""},
		{"ten", `[10]`, ""},
		{"eleven", `[11]`, "11 is outside 0 to 10"},
		{"skipped", `[null]`, "answer at least one statement"},
	})
}

func TestScaleResults(t *testing.T) {
	t.Run("statements", func(t *testing.T) {
		r := newRoom(t, Question{Type: "scale", Prompt: "?", Statements: []string{"Jag trivs", "Jag blir sedd"}})
		a := r.answer(t, "p1", `[5,1]`)
		if len(a.Entries) != 2 || a.Entries[0] != "Jag trivs: 5" {
			t.Fatalf("entries %q", a.Entries)
		}
		r.answer(t, "p2", `[4,null]`)
		r.answer(t, "p3", `[4,null]`)
		wantJSON(t, r.results(t, false), `{"statements":[{"counts":[0,0,0,2,1],"mean":4.333333333333333},{"counts":[1,0,0,0,0],"mean":1}]}`)
		// p1 changes its mind: the old answer no longer counts.
		r.answer(t, "p1", `[null,2]`)
		wantJSON(t, r.results(t, true), `{"statements":[{"counts":[0,0,0,2,0],"mean":4},{"counts":[0,1,0,0,0],"mean":2}]}`)
		if r.tally.Responses != 3 {
			t.Fatalf("responses %d", r.tally.Responses)
		}
	})
	t.Run("prompt only, nobody", func(t *testing.T) {
		r := newRoom(t, Question{Type: "scale", Prompt: "?", Min: ptr(-1), Max: ptr(1)})
		wantJSON(t, r.results(t, false), `{"statements":[{"counts":[0,0,0],"mean":0}]}`)
		r.answer(t, "p1", `[-1]`)
		r.answer(t, "p2", `[0]`)
		wantJSON(t, r.results(t, false), `{"statements":[{"counts":[1,1,0],"mean":-0.5}]}`)
	})
}
