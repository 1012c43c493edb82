package poll

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"
	"time"
)

// room is a fake store of one question: it keeps each participant's answer
// and the sum of their tallies, replacing an earlier answer as the real
// stores do (old tally subtracted, new added, zero counts removed).
type room struct {
	q       *Question
	answers map[string]map[string]int64
	tally   Tally
	clock   time.Time
}

func newRoom(t *testing.T, q Question) *room {
	t.Helper()
	q = mustCheck(t, q)
	return &room{
		q:       &q,
		answers: map[string]map[string]int64{},
		tally:   Tally{Counts: map[string]int64{}},
		clock:   time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC),
	}
}

// ctx returns the context of participant pid's next answer, one second
// after the previous answer in this room.
func (r *room) ctx(pid string) Context {
	r.clock = r.clock.Add(time.Second)
	c := Context{ParticipantID: pid, Now: r.clock}
	if NeedsPrevious(r.q) {
		c.Previous = maps.Clone(r.answers[pid])
	}
	return c
}

// answer parses value for pid (with c's name and elapsed, if given) and
// stores it; it fails the test on a parse error.
func (r *room) answer(t *testing.T, pid, value string, with ...func(*Context)) Answer {
	t.Helper()
	a, err := r.try(pid, value, with...)
	if err != nil {
		t.Fatalf("answer %s from %s: %v", value, pid, err)
	}
	return a
}

// try is answer that returns the parse error instead.
func (r *room) try(pid, value string, with ...func(*Context)) (Answer, error) {
	c := r.ctx(pid)
	for _, f := range with {
		f(&c)
	}
	a, err := Parse(r.q, json.RawMessage(value), c)
	if err != nil {
		return a, err
	}
	old, had := r.answers[pid]
	for k, n := range old {
		r.add(k, -n)
	}
	for k, n := range a.Tally {
		r.add(k, n)
	}
	r.answers[pid] = a.Tally
	if !had {
		r.tally.Responses++
	}
	return a, nil
}

func (r *room) add(k string, n int64) {
	r.tally.Counts[k] += n
	if r.tally.Counts[k] == 0 {
		delete(r.tally.Counts, k)
	}
}

// results renders the room's tally as JSON for the room or the facilitator.
func (r *room) results(t *testing.T, facilitator bool) string {
	t.Helper()
	return render(t, r.q, r.tally, View{Facilitator: facilitator})
}

func render(t *testing.T, q *Question, tl Tally, v View) string {
	t.Helper()
	k, ok := Lookup(q.Type)
	if !ok {
		t.Fatalf("unknown type %q", q.Type)
	}
	b, err := json.Marshal(k.Results(q, tl, v))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func named(name string) func(*Context) { return func(c *Context) { c.Name = name } }

func after(d time.Duration) func(*Context) { return func(c *Context) { c.Elapsed = d } }

// parseCase is one value and the error it must give ("" for none).
type parseCase struct {
	name, value, err string
}

// runParse checks each case against q: an accepted value or the exact
// message of a refused one.
func runParse(t *testing.T, q Question, cases []parseCase) {
	t.Helper()
	q = mustCheck(t, q)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(&q, json.RawMessage(tc.value), Context{ParticipantID: "p1", Now: time.Unix(1, 0)})
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Parse(%s) = %v, want accepted", tc.value, err)
			case tc.err != "" && err == nil:
				t.Fatalf("Parse(%s) accepted, want %q", tc.value, tc.err)
			case tc.err != "" && err.Error() != tc.err:
				t.Fatalf("Parse(%s) = %q, want %q", tc.value, err, tc.err)
			}
		})
	}
}

// checkCase is one question and the error Check must give ("" for none).
type checkCase struct {
	name string
	q    Question
	err  string
}

func runCheck(t *testing.T, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			err := Check(&q)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Check = %v, want ok", err)
			case tc.err != "" && err == nil:
				t.Fatalf("Check accepted %+v, want %q", q, tc.err)
			case tc.err != "" && !strings.Contains(err.Error(), tc.err):
				t.Fatalf("Check = %q, want %q", err, tc.err)
			}
		})
	}
}

func ptr(n int) *int { return &n }

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantJSON(t *testing.T, got, want string) {
	t.Helper()
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
