package poll

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestQuotasAreLimitErrors: going past a size quota is a *LimitError that
// names the quota; other mistakes are not.
func TestQuotasAreLimitErrors(t *testing.T) {
	many := func(n int, s string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = s + strings.Repeat("x", i%3)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		q     Question
		quota string
	}{
		{"prompt", Question{Type: "open", Prompt: strings.Repeat("å", MaxPromptLen+1)}, QuotaPromptLen},
		{"options", Question{Type: "choice", Prompt: "?", Options: many(MaxOptions+1, "o")}, QuotaOptions},
		{"option text", Question{Type: "choice", Prompt: "?", Options: []string{"a", strings.Repeat("b", MaxOptionLen+1)}}, QuotaOptionLen},
		{"quiz options", Question{Type: "quiz", Prompt: "?", Options: many(MaxQuizOptions+1, "o"), Correct: []int{0}}, QuotaQuizOptions},
		{"statements", Question{Type: "scale", Prompt: "?", Statements: many(MaxStatements+1, "s")}, QuotaStatements},
		{"statement text", Question{Type: "scale", Prompt: "?", Statements: []string{strings.Repeat("s", MaxOptionLen+1)}}, QuotaOptionLen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(&tc.q)
			var le *LimitError
			if !errors.As(err, &le) || le.Quota != tc.quota || !strings.Contains(le.Error(), tc.quota) {
				t.Fatalf("Check: %v, want a LimitError of %s", err, tc.quota)
			}
			if Current()[tc.quota] != le.Max {
				t.Fatalf("quota %s: error says %d, Current %d", tc.quota, le.Max, Current()[tc.quota])
			}
		})
	}
	at := Question{Type: "choice", Prompt: strings.Repeat("å", MaxPromptLen), Options: many(MaxOptions, strings.Repeat("o", MaxOptionLen-2))}
	if err := Check(&at); err != nil {
		t.Fatalf("a question at every quota: %v", err)
	}
	bad := Question{Type: "choice", Prompt: "?", Options: []string{"a", " "}}
	var le *LimitError
	if err := Check(&bad); err == nil || errors.As(err, &le) {
		t.Fatalf("an empty option: %v, want an error that is not a quota", err)
	}
}

// TestFacilitatorTextIsCleaned: prompts, options and statements get the
// cleaning of a participant's text.
func TestFacilitatorTextIsCleaned(t *testing.T) {
	q := Question{Type: "choice", Prompt: " Vad\u200b  tycker\n du? 👩\u200d💻 ", Options: []string{"ga\u030a", "e\u0301n"}}
	if err := Check(&q); err != nil {
		t.Fatal(err)
	}
	if q.Prompt != "Vad tycker du? 👩\u200d💻" || q.Options[0] != "gå" || q.Options[1] != "én" {
		t.Fatalf("cleaned %q %q", q.Prompt, q.Options)
	}
	for _, bad := range []Question{
		{Type: "open", Prompt: "rad\x00två"},
		{Type: "open", Prompt: "h\u0336\u0358\u0322\u0336\u0358\u0322"},
		{Type: "choice", Prompt: "?", Options: []string{"a", "b\x07"}},
		{Type: "scale", Prompt: "?", Statements: []string{"a\u0301\u0301\u0301"}},
	} {
		if err := Check(&bad); err == nil {
			t.Errorf("Check(%q %q %q) passed", bad.Prompt, bad.Options, bad.Statements)
		}
	}
}

// TestCloudCap: a word cloud that holds MaxCloudWords words takes answers
// of words it has, and refuses a new word.
func TestCloudCap(t *testing.T) {
	r := newRoom(t, Question{Type: "wordcloud", Prompt: "?", MaxEntries: 10})
	for i := range MaxCloudWords / 10 {
		words := make([]string, 10)
		for j := range words {
			words[j] = fmt.Sprintf("%q", fmt.Sprintf("ord%d", i*10+j))
		}
		r.answer(t, fmt.Sprintf("p%d", i), "["+strings.Join(words, ",")+"]")
	}
	cloud := NewCloudTally(r.tally.Counts)
	if cloud.Words() != MaxCloudWords || cloud.Spellings() != MaxCloudWords {
		t.Fatalf("cloud of %d words, %d spellings", cloud.Words(), cloud.Spellings())
	}
	with := func(c *Context) { c.Cloud = cloud }
	if _, err := r.try("late", `["ord7", "ORD8"]`, with); err != nil {
		t.Fatalf("words the full cloud has, one in a new spelling: %v", err)
	}
	if _, err := r.try("late2", `["ord7", "nytt"]`, with); err == nil || !strings.Contains(err.Error(), "full") {
		t.Fatalf("a new word in a full cloud: %v, want a refusal", err)
	}
	// Spellings are bounded too.
	for i := 0; cloud.Spellings() < MaxCloudSpellings; i++ {
		cloud.Add(map[string]int64{fmt.Sprintf("dord1\x00v%d", i): 1})
	}
	if _, err := r.try("late3", `["ORD1"]`, with); err == nil {
		t.Fatal("a new spelling past the spellings cap was taken")
	}
}
