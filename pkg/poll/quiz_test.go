package poll

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestQuizCheck(t *testing.T) {
	opts := []string{"A", "B", "C"}
	eleven := strings.Split("a b c d e f g h i j k", " ")
	runCheck(t, []checkCase{
		{"defaults", Question{Type: "quiz", Prompt: "?", Options: opts, Correct: []int{1}}, ""},
		{"two right", Question{Type: "quiz", Prompt: "?", Options: opts, Correct: []int{2, 0}, Seconds: 5}, ""},
		{"ten options", Question{Type: "quiz", Prompt: "?", Options: eleven[:10], Correct: []int{9}, Seconds: 300}, ""},
		{"eleven options", Question{Type: "quiz", Prompt: "?", Options: eleven, Correct: []int{0}}, "a quiz has at most 10 options"},
		{"one option", Question{Type: "quiz", Prompt: "?", Options: opts[:1], Correct: []int{0}}, "at least 2 options are required"},
		{"no correct", Question{Type: "quiz", Prompt: "?", Options: opts}, "correct must name the right option, like [1]"},
		{"correct out of range", Question{Type: "quiz", Prompt: "?", Options: opts, Correct: []int{3}}, "correct option 3 does not exist (0 to 2)"},
		{"correct negative", Question{Type: "quiz", Prompt: "?", Options: opts, Correct: []int{-1}}, "correct option -1 does not exist (0 to 2)"},
		{"correct twice", Question{Type: "quiz", Prompt: "?", Options: opts, Correct: []int{1, 1}}, "correct option 1 is listed twice"},
		{"too fast", Question{Type: "quiz", Prompt: "?", Options: opts, Correct: []int{1}, Seconds: 4}, "seconds must be from 5 to 300"},
		{"too slow", Question{Type: "quiz", Prompt: "?", Options: opts, Correct: []int{1}, Seconds: 301}, "seconds must be from 5 to 300"},
	})
	q := mustCheck(t, Question{Type: "quiz", Prompt: "?", Options: opts, Correct: []int{2, 0}, Multiple: true})
	wantJSON(t, mustJSON(t, q), `{"id":"","type":"quiz","prompt":"?","options":["A","B","C"],"correct":[0,2],"seconds":20}`)
}

func TestQuizParse(t *testing.T) {
	runParse(t, Question{Type: "quiz", Prompt: "?", Options: []string{"A", "B", "C"}, Correct: []int{1}}, []parseCase{
		{"right", `[1]`, ""},
		{"wrong", `[0]`, ""},
		{"none", `[]`, "choose exactly one option"},
		{"two", `[0,1]`, "choose exactly one option"},
		{"unknown", `[3]`, "option 3 does not exist (0 to 2)"},
		{"not a list", `1`, "value must be a list with one option number, like [0]"},
	})
}

func TestQuizPoints(t *testing.T) {
	for _, tc := range []struct {
		elapsed time.Duration
		seconds int
		want    int64
	}{
		{0, 20, 1000},
		{-time.Second, 20, 1000}, // clock skew
		{time.Second, 20, 975},
		{10 * time.Second, 20, 750},
		{19*time.Second + 990*time.Millisecond, 20, 500},
		{19*time.Second + 900*time.Millisecond, 20, 503}, // 502.5 rounds up
		{20 * time.Second, 20, 500},
		{time.Hour, 20, 500},
		{time.Second, 30, 983}, // 983.33
		{2500 * time.Millisecond, 5, 750},
	} {
		t.Run(fmt.Sprintf("%v of %ds", tc.elapsed, tc.seconds), func(t *testing.T) {
			if got := QuizPoints(tc.elapsed, tc.seconds); got != tc.want {
				t.Fatalf("QuizPoints = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestQuizResults(t *testing.T) {
	r := newRoom(t, Question{Type: "quiz", Prompt: "Huvudstad?", Options: []string{"Oslo", "Bergen", "Trondheim"}, Correct: []int{0}, Seconds: 10})
	a := r.answer(t, "p-anna", `[0]`, named("Anna"), after(2*time.Second))
	if len(a.Entries) != 1 || a.Entries[0] != "Oslo" {
		t.Fatalf("entries %q", a.Entries)
	}
	r.answer(t, "p-bo", `[1]`, named("Bo"), after(time.Second))
	r.answer(t, "p-cia", `[0]`, named("  Cia "), after(5*time.Second))
	r.answer(t, "p-anon", `[0]`, after(0))
	anon := FriendlyName("p-anon")
	wantJSON(t, r.results(t, false), `{"counts":[3,1,0],"leaderboard":[{"name":"`+anon+`","points":1000},{"name":"Anna","points":900},{"name":"Cia","points":750}]}`)

	t.Run("the first answer is final", func(t *testing.T) {
		// Another option is refused: a phone that saw the counts or its
		// points cannot move to the right option, nor out of a wrong one.
		for _, pid := range []string{"p-anna", "p-bo"} {
			if _, err := r.try(pid, `[2]`, named("X"), after(3*time.Second)); err == nil || !strings.Contains(err.Error(), "cannot be changed") {
				t.Fatalf("a changed quiz answer from %s: %v, want a refusal", pid, err)
			}
		}
		if _, err := r.try("p-bo", `[0]`, after(0)); err == nil {
			t.Fatal("a wrong answer changed to the right one")
		}
		// The same option again (a resend after a lost ack), later: the
		// points stay those of the first sending.
		r.answer(t, "p-anna", `[0]`, named("Anna"), after(9*time.Second))
		wantJSON(t, r.results(t, true), `{"counts":[3,1,0],"leaderboard":[{"name":"`+anon+`","points":1000},{"name":"Anna","points":900},{"name":"Cia","points":750}]}`)
	})

	t.Run("ties by name, top ten", func(t *testing.T) {
		r := newRoom(t, Question{Type: "quiz", Prompt: "?", Options: []string{"A", "B"}, Correct: []int{1}})
		for i, name := range []string{"Ö", "Bo", "Anna", "Anna", "Cia", "Dan", "Eva", "Fia", "Gun", "Hans", "Ida", "Jan"} {
			r.answer(t, fmt.Sprintf("p%d", i), `[1]`, named(name), after(4*time.Second))
		}
		r.answer(t, "late", `[1]`, named("Zoe"), after(6*time.Second))
		want := `{"counts":[0,13],"leaderboard":[` +
			`{"name":"Anna","points":900},{"name":"Anna","points":900},{"name":"Bo","points":900},{"name":"Cia","points":900},` +
			`{"name":"Dan","points":900},{"name":"Eva","points":900},{"name":"Fia","points":900},{"name":"Gun","points":900},` +
			`{"name":"Hans","points":900},{"name":"Ida","points":900}]}`
		wantJSON(t, r.results(t, false), want)
	})
}

func TestLeaderboardAcrossQuestions(t *testing.T) {
	q1 := newRoom(t, Question{Type: "quiz", Prompt: "1", Options: []string{"A", "B"}, Correct: []int{0}})
	q2 := newRoom(t, Question{Type: "quiz", Prompt: "2", Options: []string{"A", "B"}, Correct: []int{1}})
	q1.answer(t, "p1", `[0]`, named("Anna"), after(0))
	q1.answer(t, "p2", `[0]`, named("Bo"), after(20*time.Second))
	q2.answer(t, "p1", `[0]`, named("Anna"), after(0)) // wrong: no points
	q2.answer(t, "p2", `[1]`, named("Bosse"), after(0))
	got := mustJSON(t, Leaderboard(0, q1.tally, q2.tally))
	wantJSON(t, got, `[{"name":"Bosse","points":1500},{"name":"Anna","points":1000}]`)
	if got := Leaderboard(1, q1.tally, q2.tally); len(got) != 1 {
		t.Fatalf("top 1: %+v", got)
	}
}

func TestFriendlyName(t *testing.T) {
	seen := map[string]bool{}
	for i := range 400 {
		pid := fmt.Sprintf("participant-%d", i)
		n := FriendlyName(pid)
		if n != FriendlyName(pid) {
			t.Fatalf("%s: not deterministic", pid)
		}
		adj, animal, ok := strings.Cut(n, " ")
		if !ok || adj == "" || animal == "" || !utf8.ValidString(n) {
			t.Fatalf("name %q", n)
		}
		seen[n] = true
	}
	if len(seen) < 250 {
		t.Fatalf("400 participants got only %d names", len(seen))
	}
	if n := FriendlyName(""); n == "" {
		t.Fatal("no name for an empty id")
	}
}
