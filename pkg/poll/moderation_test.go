package poll

import (
	"slices"
	"strings"
	"testing"
)

func TestWithMark(t *testing.T) {
	q := Question{Type: "open", Prompt: "?"}
	m := q.WithMark(MarkHidden, "a", true)
	if m == nil || !slices.Equal(m.Hidden, []string{"a"}) {
		t.Fatalf("hide: %+v", m)
	}
	q.Moderation = m
	for _, tc := range []struct {
		name string
		mark Mark
		id   string
		on   bool
		want Moderation
	}{
		{"hide again", MarkHidden, "a", true, Moderation{Hidden: []string{"a"}}},
		{"hide another", MarkHidden, "b", true, Moderation{Hidden: []string{"a", "b"}}},
		{"approve", MarkApproved, "a", true, Moderation{Hidden: []string{"a"}, Approved: []string{"a"}}},
		{"answer", MarkAnswered, "c", true, Moderation{Hidden: []string{"a"}, Answered: []string{"c"}}},
		{"unhide unknown", MarkHidden, "z", false, Moderation{Hidden: []string{"a"}}},
		{"unknown mark", Mark("starred"), "a", true, Moderation{Hidden: []string{"a"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := q.WithMark(tc.mark, tc.id, tc.on)
			if got == nil || mustJSON(t, *got) != mustJSON(t, tc.want) {
				t.Fatalf("WithMark = %+v, want %+v", got, tc.want)
			}
			if !slices.Equal(q.Moderation.Hidden, []string{"a"}) || len(q.Moderation.Approved) != 0 {
				t.Fatalf("the question's own moderation changed: %+v", q.Moderation)
			}
		})
	}
	if got := q.WithMark(MarkHidden, "a", false); got != nil {
		t.Fatalf("nothing marked should be nil, got %+v", got)
	}
}

func TestEntryID(t *testing.T) {
	for _, tc := range []struct {
		name, typ, entry, want, err string
	}{
		{"word", "wordcloud", "  Gemenskap ", "gemenskap", ""},
		{"word in full width", "wordcloud", "Ｋａｆｆｅ", "kaffe", ""},
		{"empty word", "wordcloud", " ", "", "word: entry is empty"},
		{"open id", "open", " 0123456789abcdef ", "0123456789abcdef", ""},
		{"qa id", "qa", "0123456789abcdef", "0123456789abcdef", ""},
		{"empty id", "qa", "", "", "entry must be the id of an entry, as results show it"},
		{"id with space", "open", "a b", "", "entry must be the id of an entry, as results show it"},
		{"long id", "open", strings.Repeat("a", 65), "", "entry must be the id of an entry, as results show it"},
		{"choice", "choice", "A", "", "a choice question has no entries to moderate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := EntryID(&Question{Type: tc.typ}, tc.entry)
			if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
				t.Fatalf("EntryID = %q, %v; want %q, %q", got, err, tc.want, tc.err)
			}
		})
	}
}

func TestPublic(t *testing.T) {
	for _, tc := range []struct {
		name string
		q    Question
		want string
	}{
		{"quiz", Question{Type: "quiz", Prompt: "?", Options: []string{"A", "B"}, Correct: []int{1}},
			`{"id":"","type":"quiz","prompt":"?","options":["A","B"],"seconds":20}`},
		{"wordcloud", Question{Type: "wordcloud", Prompt: "?", Language: "nb", Stem: true, Banned: []string{"x"}, Flagged: []string{"y"}, Moderation: &Moderation{Hidden: []string{"z"}}},
			`{"id":"","type":"wordcloud","prompt":"?","maxEntries":3,"language":"nb","stem":true,"maxWords":60}`},
		{"open", Question{Type: "open", Prompt: "?", Moderated: true, Moderation: &Moderation{Approved: []string{"a"}}},
			`{"id":"","type":"open","prompt":"?","moderated":true}`},
		{"qa", Question{Type: "qa", Prompt: "?", Moderation: &Moderation{Answered: []string{"a"}}},
			`{"id":"","type":"qa","prompt":"?"}`},
		{"scale", Question{Type: "scale", Prompt: "?", Statements: []string{"A"}},
			`{"id":"","type":"scale","prompt":"?","min":1,"max":5,"statements":["A"]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := mustCheck(t, tc.q)
			full := mustJSON(t, q)
			wantJSON(t, mustJSON(t, q.Public()), tc.want)
			if mustJSON(t, q) != full {
				t.Fatal("Public changed the question")
			}
		})
	}
}
