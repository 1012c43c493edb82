package poll

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestQACheck(t *testing.T) {
	runCheck(t, []checkCase{
		{"plain", Question{Type: "qa", Prompt: "?"}, ""},
		{"moderated", Question{Type: "qa", Prompt: "?", Moderated: true}, ""},
		{"options", Question{Type: "qa", Prompt: "?", Options: []string{"A", "B"}}, "a Q&A has no options"},
	})
	for _, typ := range []string{"qa", "quiz"} { // Q&A builds on it, a quiz keeps it
		if q := (Question{Type: typ}); !NeedsPrevious(&q) {
			t.Fatalf("%s must see the previous answer", typ)
		}
	}
	for _, typ := range []string{"choice", "wordcloud", "open", "scale", "ranking", "poem"} {
		if q := (Question{Type: typ}); NeedsPrevious(&q) {
			t.Errorf("%s asks for the previous answer", typ)
		}
	}
}

func TestQAParse(t *testing.T) {
	runParse(t, Question{Type: "qa", Prompt: "?"}, []parseCase{
		{"ask", `{"ask": "Hur blir det med lönen?"}`, ""},
		{"upvote", `{"upvote": "0123456789abcdef"}`, ""},
		{"upvote unknown id", `{"upvote": "nope"}`, ""},
		{"280 characters", `{"ask": "` + strings.Repeat("å", 280) + `"}`, ""},
		{"281 characters", `{"ask": "` + strings.Repeat("å", 281) + `"}`, "your question is longer than 280 characters"},
		{"empty ask", `{"ask": "   "}`, "your question is empty"},
		{"control", `{"ask": "a\u0000b"}`, "your question contains control characters"},
		{"empty upvote", `{"upvote": ""}`, "upvote must be the id of an entry"},
		{"upvote with space", `{"upvote": "a b"}`, "upvote must be the id of an entry"},
		{"both", `{"ask": "x", "upvote": "y"}`, `value must be {"ask": "your question"} or {"upvote": "<entry id>"}`},
		{"neither", `{}`, `value must be {"ask": "your question"} or {"upvote": "<entry id>"}`},
		{"unknown field", `{"question": "x"}`, `value must be {"ask": "your question"} or {"upvote": "<entry id>"}`},
		{"text", `"x"`, `value must be {"ask": "your question"} or {"upvote": "<entry id>"}`},
	})
}

// qaEntries decodes Q&A results.
func qaEntries(t *testing.T, res string) []QAEntry {
	t.Helper()
	var out QAResults
	if err := json.Unmarshal([]byte(res), &out); err != nil {
		t.Fatal(err)
	}
	return out.Entries
}

func TestQAResults(t *testing.T) {
	r := newRoom(t, Question{Type: "qa", Prompt: "?"})
	r.answer(t, "anna", `{"ask": "Lönen?"}`)
	r.answer(t, "bo", `{"ask": "Lokalerna?"}`)
	a := r.answer(t, "anna", `{"ask": "Semestern?"}`)
	if strings.Join(a.Entries, "|") != "Lönen?|Semestern?" {
		t.Fatalf("entries %q: every ask of the participant, oldest first", a.Entries)
	}
	es := qaEntries(t, r.results(t, false))
	if len(es) != 3 {
		t.Fatalf("a later ask replaced an earlier one: %+v", es)
	}
	lon, lok, sem := es[0].ID, es[1].ID, es[2].ID
	wantJSON(t, r.results(t, false), fmt.Sprintf(`{"entries":[{"id":%q,"text":"Lönen?","votes":0,"answered":false},{"id":%q,"text":"Lokalerna?","votes":0,"answered":false},{"id":%q,"text":"Semestern?","votes":0,"answered":false}]}`, lon, lok, sem))

	t.Run("upvotes order by votes, then oldest", func(t *testing.T) {
		r.answer(t, "bo", fmt.Sprintf(`{"upvote": %q}`, sem))
		r.answer(t, "cia", fmt.Sprintf(`{"upvote": %q}`, sem))
		r.answer(t, "cia", fmt.Sprintf(`{"upvote": %q}`, lok))
		r.answer(t, "cia", fmt.Sprintf(`{"upvote": %q}`, lok)) // again: idempotent
		r.answer(t, "cia", `{"upvote": "ghost"}`)              // unknown: ignored by results
		wantJSON(t, r.results(t, false), fmt.Sprintf(`{"entries":[{"id":%q,"text":"Semestern?","votes":2,"answered":false},{"id":%q,"text":"Lokalerna?","votes":1,"answered":false},{"id":%q,"text":"Lönen?","votes":0,"answered":false}]}`, sem, lok, lon))
		if r.tally.Responses != 3 {
			t.Fatalf("responses %d", r.tally.Responses)
		}
		// bo's upvote did not drop bo's own ask.
		if es := qaEntries(t, r.results(t, false)); len(es) != 3 {
			t.Fatalf("entries %+v", es)
		}
	})

	t.Run("at most five asks", func(t *testing.T) {
		for i := range 5 {
			r.answer(t, "dan", fmt.Sprintf(`{"ask": "Fråga %d"}`, i))
		}
		if _, err := r.try("dan", `{"ask": "Fråga 6"}`); err == nil || err.Error() != "you can ask at most 5 questions" {
			t.Fatalf("sixth ask: %v", err)
		}
		r.answer(t, "dan", fmt.Sprintf(`{"upvote": %q}`, lon)) // upvotes still work
		if es := qaEntries(t, r.results(t, false)); len(es) != 8 {
			t.Fatalf("%d entries, want 8", len(es))
		}
	})

	t.Run("moderation", func(t *testing.T) {
		q := *r.q
		q.Moderated = true
		q.Moderation = q.WithMark(MarkApproved, sem, true)
		q.Moderation = q.WithMark(MarkApproved, lok, true)
		q.Moderation = q.WithMark(MarkHidden, lok, true)
		q.Moderation = q.WithMark(MarkAnswered, sem, true)
		wantJSON(t, render(t, &q, r.tally, View{}), fmt.Sprintf(`{"entries":[{"id":%q,"text":"Semestern?","votes":2,"answered":true}]}`, sem))
		es := qaEntries(t, render(t, &q, r.tally, View{Facilitator: true}))
		// Lönen? and Lokalerna? have one vote each: the older first.
		if len(es) != 8 || !es[0].Answered || es[1].ID != lon || !es[1].Pending || es[1].Votes != 1 || es[2].ID != lok || !es[2].Hidden || es[2].Pending {
			t.Fatalf("facilitator entries %+v", es)
		}
	})
}

func TestQAIDs(t *testing.T) {
	q := mustCheck(t, Question{Type: "qa", Prompt: "?"})
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	ask := func(pid string, now time.Time, prev map[string]int64, text ...string) map[string]int64 {
		t.Helper()
		value := `{"ask": "Samma?"}`
		if len(text) > 0 {
			value = `{"ask": "` + text[0] + `"}`
		}
		a, err := Parse(&q, json.RawMessage(value), Context{ParticipantID: pid, Now: now, Previous: prev})
		if err != nil {
			t.Fatal(err)
		}
		return a.Tally
	}
	one := ask("p1", at, nil)
	if fmt.Sprint(ask("p1", at, nil)) != fmt.Sprint(one) {
		t.Fatal("the same ask at the same time gave another id")
	}
	if fmt.Sprint(ask("p2", at, nil)) == fmt.Sprint(one) {
		t.Fatal("two participants got one id")
	}
	// (The same text again is a resend and stays one ask: qa_resend_test.go.)
	if two := ask("p1", at, one, "Annan?"); len(two) != 2 {
		t.Fatalf("two asks at one instant collided: %v", two)
	}
}
