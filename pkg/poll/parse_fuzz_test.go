package poll

import (
	"encoding/json"
	"maps"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ting-live/ting/pkg/wordcloud"
)

// fuzzQuestions are checked questions of every type, as a session holds them.
func fuzzQuestions(t testing.TB) []Question {
	t.Helper()
	min, max := 1, 7
	qs := []Question{
		{Type: "choice", Prompt: "?", Options: []string{"Skola", "Vård", "Teknik"}},
		{Type: "choice", Prompt: "?", Options: []string{"A", "B", "C", "D"}, Multiple: true},
		{Type: "wordcloud", Prompt: "?", MaxEntries: 3, Language: "sv", Stem: true},
		{Type: "wordcloud", Prompt: "?"},
		{Type: "open", Prompt: "?"},
		{Type: "scale", Prompt: "?"},
		{Type: "scale", Prompt: "?", Min: &min, Max: &max, Statements: []string{"Ett", "Två", "Tre"}},
		{Type: "ranking", Prompt: "?", Options: []string{"A", "B", "C"}},
		{Type: "qa", Prompt: "?"},
		{Type: "quiz", Prompt: "?", Options: []string{"1998", "2004", "2011"}, Correct: []int{1}, Seconds: 20},
	}
	seen := map[string]bool{}
	for i := range qs {
		if err := Check(&qs[i]); err != nil {
			t.Fatalf("question %d: %v", i, err)
		}
		qs[i].ID = "q" + strconv.Itoa(i)
		seen[qs[i].Type] = true
	}
	for _, typ := range Types() {
		if !seen[typ] {
			t.Fatalf("no fuzz question of type %q", typ)
		}
	}
	return qs
}

// FuzzParse feeds every question type arbitrary values. Parse must never
// panic; an error is a short message for a person; an accepted answer
// keeps within the type's limits, is the same when parsed again, and its
// tally renders as results. `go test` runs the seeds.
func FuzzParse(f *testing.F) {
	qs := fuzzQuestions(f)
	seeds := map[string][]string{
		"choice":    {`[0]`, `[2]`, `[0,1]`, `[3]`, `[-1]`, `[]`, `[1,1]`, `[1e9]`, `[0.5]`, `"0"`, `{}`},
		"wordcloud": {`["kaffe"]`, `["Kaffe","  KAFFE "]`, `["a","b","c","d"]`, `[""]`, `["   "]`, `["` + strings.Repeat("å", 51) + `"]`, `["a\u0007b"]`, `["<script>alert(1)</script>"]`, `["\u200b"]`, `["ﷺ"]`, `[1]`, `"kaffe"`},
		"open":      {`"mer tid att prata"`, `""`, `"` + strings.Repeat("x", 501) + `"`, `"rad\nrad"`, `"\u0000"`, `"<img src=x onerror=alert(1)>"`, `["x"]`, `42`},
		"scale":     {`[3]`, `[1,7,null]`, `[null,null,null]`, `[0]`, `[8]`, `[3.5]`, `["3"]`, `[1,2]`, `["` + strings.Repeat("9", 3000) + `"]`},
		"ranking":   {`[2,0,1]`, `[0,0,1]`, `[0,1]`, `[0,1,3]`, `[]`, `null`},
		"qa":        {`{"ask":"Varför?"}`, `{"upvote":"0123456789abcdef"}`, `{"ask":"x","upvote":"y"}`, `{}`, `{"ask":""}`, `{"ask":"x","extra":1}`, `{"upvote":"` + strings.Repeat("a", 65) + `"}`, `{"ask":"<script>alert(1)</script>"}`},
		"quiz":      {`[1]`, `[0]`, `[0,1]`, `[5]`, `[]`},
	}
	for i, q := range qs {
		for _, v := range seeds[q.Type] {
			f.Add(uint8(i), v, "Åsa", int64(3000))
		}
	}
	f.Add(uint8(9), `[1]`, "", int64(-5))
	f.Add(uint8(9), `[1]`, "\x00\xff", int64(1<<62))
	f.Add(uint8(0), ``, "", int64(0))
	f.Fuzz(func(t *testing.T, which uint8, value, name string, elapsedMs int64) {
		q := qs[int(which)%len(qs)]
		c := Context{
			ParticipantID: "p1", Name: name,
			Elapsed: time.Duration(elapsedMs) * time.Millisecond,
			Now:     time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC),
		}
		a, err := Parse(&q, json.RawMessage(value), c)
		if err != nil {
			msg := err.Error()
			if msg == "" || !utf8.ValidString(msg) || utf8.RuneCountInString(msg) > maxErrorLen {
				t.Fatalf("%s %q: error %q is not a short message", q.Type, value, msg)
			}
			if a.Entries != nil || a.Tally != nil {
				t.Fatalf("%s %q: error %v with an answer %+v", q.Type, value, err, a)
			}
			return
		}
		if !json.Valid([]byte(value)) {
			t.Fatalf("%s accepted invalid JSON %q", q.Type, value)
		}
		checkAnswer(t, &q, value, a)
		again, err := Parse(&q, json.RawMessage(value), c)
		if err != nil || !reflect.DeepEqual(a, again) {
			t.Fatalf("%s %q: parsed again gives %+v, %v; first %+v", q.Type, value, again, err, a)
		}
		tally := Tally{Responses: 1, Counts: maps.Clone(a.Tally)}
		for _, v := range []View{{}, {Facilitator: true}} {
			out, err := Results(&q, tally, v, map[string]string{"type": "results"})
			if err != nil || !json.Valid(out) {
				t.Fatalf("%s %q: results %s, %v", q.Type, value, out, err)
			}
		}
	})
}

// maxErrorLen bounds an error message sent back to a phone, in characters.
const maxErrorLen = 200

// checkAnswer checks the limits an accepted answer of q keeps.
func checkAnswer(t *testing.T, q *Question, value string, a Answer) {
	t.Helper()
	fail := func(why string) { t.Fatalf("%s %q: %s: %+v", q.Type, value, why, a) }
	if len(a.Tally) == 0 {
		fail("no tally")
	}
	for _, e := range a.Entries {
		if e == "" || !utf8.ValidString(e) || strings.TrimSpace(e) != e {
			fail("entry " + strconv.Quote(e) + " is empty, not UTF-8 or untrimmed")
		}
		for _, r := range e {
			if unicode.IsControl(r) {
				fail("entry " + strconv.Quote(e) + " has a control character")
			}
		}
	}
	for k, n := range a.Tally {
		if n < 1 || n > 1000 {
			fail("tally " + strconv.Quote(k) + " is " + strconv.FormatInt(n, 10))
		}
	}
	runes := func(max int) {
		for _, e := range a.Entries {
			if utf8.RuneCountInString(e) > max {
				fail("entry longer than " + strconv.Itoa(max))
			}
		}
	}
	switch q.Type {
	case "choice":
		if n := len(a.Entries); n < 1 || n > len(q.Options) || (!q.Multiple && n != 1) || len(a.Tally) != n {
			fail("wrong number of picks")
		}
		for k, n := range a.Tally {
			i, err := strconv.Atoi(strings.TrimPrefix(k, "c"))
			if !strings.HasPrefix(k, "c") || err != nil || i < 0 || i >= len(q.Options) || n != 1 {
				fail("tally key " + strconv.Quote(k))
			}
		}
	case "wordcloud":
		if n := len(a.Entries); n < 1 || n > q.MaxEntries {
			fail("wrong number of entries")
		}
		runes(wordcloud.MaxLen)
		words := 0
		for k := range a.Tally {
			if strings.HasPrefix(k, wordPrefix) {
				words++
				if len(k) == len(wordPrefix) {
					fail("empty word key")
				}
			}
		}
		if words != len(a.Entries) {
			fail("words in the tally differ from the entries")
		}
	case "open":
		if len(a.Entries) != 1 || len(a.Tally) != 1 {
			fail("an open answer is one entry")
		}
		runes(MaxOpenLen)
	case "scale":
		if n := len(a.Entries); n < 1 || n > max(1, len(q.Statements)) || len(a.Tally) != n {
			fail("wrong number of values")
		}
	case "ranking":
		if len(a.Entries) != len(q.Options) || len(a.Tally) != len(q.Options) {
			fail("not every option ranked")
		}
		sum := int64(0)
		for _, n := range a.Tally {
			sum += n
		}
		if n := int64(len(q.Options)); sum != n*(n+1)/2 {
			fail("points are not a permutation")
		}
	case "qa":
		if len(a.Entries) > 1 {
			fail("one ask at a time without earlier answers")
		}
		runes(MaxAskLen)
	case "quiz":
		if len(a.Entries) != 1 || len(a.Tally) < 1 || len(a.Tally) > 2 {
			fail("a quiz answer is one pick, and points when right")
		}
	}
}
