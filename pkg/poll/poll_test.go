package poll

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func mustCheck(t *testing.T, q Question) Question {
	t.Helper()
	if err := Check(&q); err != nil {
		t.Fatalf("Check(%+v): %v", q, err)
	}
	return q
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		q    Question
		ok   bool
	}{
		{"choice", Question{Type: "choice", Prompt: "?", Options: []string{"A", "B"}}, true},
		{"choice one option", Question{Type: "choice", Prompt: "?", Options: []string{"A"}}, false},
		{"choice empty option", Question{Type: "choice", Prompt: "?", Options: []string{"A", " "}}, false},
		{"wordcloud", Question{Type: "wordcloud", Prompt: "?"}, true},
		{"wordcloud with options", Question{Type: "wordcloud", Prompt: "?", Options: []string{"A", "B"}}, false},
		{"wordcloud too many entries", Question{Type: "wordcloud", Prompt: "?", MaxEntries: 11}, false},
		{"no prompt", Question{Type: "choice", Prompt: "  ", Options: []string{"A", "B"}}, false},
		{"long prompt", Question{Type: "wordcloud", Prompt: strings.Repeat("x", MaxPromptLen+1)}, false},
		{"unknown type", Question{Type: "poem", Prompt: "?"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(&tc.q)
			if (err == nil) != tc.ok {
				t.Fatalf("Check = %v, want ok=%v", err, tc.ok)
			}
		})
	}
	if q := mustCheck(t, Question{Type: "wordcloud", Prompt: "?"}); q.MaxEntries != DefaultMaxEntries {
		t.Fatalf("default maxEntries %d", q.MaxEntries)
	}
}

// fold adds answers into a tally as a store would.
func fold(t *testing.T, q *Question, values ...string) Tally {
	t.Helper()
	tl := Tally{Counts: map[string]int64{}}
	for _, v := range values {
		a, err := Parse(q, json.RawMessage(v), Context{})
		if err != nil {
			t.Fatalf("Parse(%s): %v", v, err)
		}
		tl.Responses++
		for k, n := range a.Tally {
			tl.Counts[k] += n
		}
	}
	return tl
}

func TestChoice(t *testing.T) {
	q := mustCheck(t, Question{Type: "choice", Prompt: "?", Options: []string{"Skola", "Vård", "Teknik"}})
	res := q.results(t, fold(t, &q, `[0]`, `[2]`, `[2]`))
	if want := `{"counts":[1,0,2]}`; res != want {
		t.Fatalf("results %s, want %s", res, want)
	}
	for _, bad := range []string{`[]`, `[3]`, `[-1]`, `[0,1]`, `"0"`, `{}`, `[0.5]`} {
		if _, err := Parse(&q, json.RawMessage(bad), Context{}); err == nil {
			t.Errorf("Parse(%s) accepted", bad)
		}
	}
	multi := mustCheck(t, Question{Type: "choice", Prompt: "?", Options: []string{"A", "B", "C"}, Multiple: true})
	if _, err := Parse(&multi, json.RawMessage(`[0,0]`), Context{}); err == nil {
		t.Error("the same option twice was accepted")
	}
	a, err := Parse(&multi, json.RawMessage(`[0,2]`), Context{})
	if err != nil || len(a.Entries) != 2 || a.Entries[1] != "C" {
		t.Fatalf("multiple: %+v %v", a, err)
	}
}

func TestWordcloud(t *testing.T) {
	q := mustCheck(t, Question{Type: "wordcloud", Prompt: "?", MaxEntries: 2})
	tl := fold(t, &q, `["Kaffe","får"]`, `["kaffe ","far"]`, `["Kaffe"]`, `["KAFFE","kaffe"]`)
	res := q.results(t, tl)
	if want := `{"words":[{"text":"Kaffe","count":4},{"text":"far","count":1},{"text":"får","count":1}]}`; res != want {
		t.Fatalf("results %s\nwant    %s", res, want)
	}
	for _, bad := range []string{`[]`, `["a","b","c"]`, `[""]`, `["` + strings.Repeat("x", 51) + `"]`, `"kaffe"`, `[1]`} {
		if _, err := Parse(&q, json.RawMessage(bad), Context{}); err == nil {
			t.Errorf("Parse(%s) accepted", bad)
		}
	}
	if res := q.results(t, Tally{}); res != `{"words":[]}` {
		t.Fatalf("empty results %s", res)
	}
}

func TestResultsJoinsHead(t *testing.T) {
	q := mustCheck(t, Question{Type: "choice", Prompt: "?", Options: []string{"A", "B"}})
	b, err := Results(&q, Tally{Responses: 1, Counts: map[string]int64{"c1": 1}}, View{}, map[string]any{"id": "q1", "responses": 1})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if m["id"] != "q1" || fmt.Sprint(m["counts"]) != "[0 1]" {
		t.Fatalf("joined %s", b)
	}
}

func (q *Question) results(t *testing.T, tl Tally) string {
	t.Helper()
	k, _ := Lookup(q.Type)
	b, err := json.Marshal(k.Results(q, tl, View{}))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func BenchmarkWordcloudResults(b *testing.B) {
	q := Question{Type: "wordcloud", Prompt: "?", MaxEntries: 3}
	tl := Tally{Counts: map[string]int64{}}
	for i := 0; i < 400; i++ {
		a, _ := Parse(&q, json.RawMessage(fmt.Sprintf(`["ord%d","Ord%d","gemenskap"]`, i%150, i%97)), Context{})
		for k, n := range a.Tally {
			tl.Counts[k] += n
		}
	}
	k, _ := Lookup("wordcloud")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = k.Results(&q, tl, View{})
	}
}
