package poll

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// scale: agree/disagree steps from Min to Max, one answer per statement.
type scale struct{}

func init() { register("scale", scale{}) }

// Limits and defaults of a scale.
const (
	DefaultScaleMin = 1
	DefaultScaleMax = 5
	MaxScaleSteps   = 11
)

func (scale) Check(q *Question) error {
	if err := noOptions(q, "a scale"); err != nil {
		return err
	}
	lo, hi := q.ScaleRange()
	if lo >= hi {
		return fmt.Errorf("min (%d) must be less than max (%d)", lo, hi)
	}
	if uint64(hi)-uint64(lo) >= MaxScaleSteps { // unsigned: no overflow
		return fmt.Errorf("a scale has at most %d steps (min %d, max %d gives more)", MaxScaleSteps, lo, hi)
	}
	if len(q.Statements) > MaxStatements {
		return OverLimit(QuotaStatements, MaxStatements, "at most %d statements are allowed", MaxStatements)
	}
	var st []string
	for i, s := range q.Statements {
		s, err := CleanLabel(s, MaxOptionLen, QuotaOptionLen, fmt.Sprintf("statement %d", i+1))
		if err != nil {
			return err
		}
		st = append(st, s)
	}
	out := q.base()
	out.Min, out.Max, out.Statements = &lo, &hi, st
	*q = out
	return nil
}

// ScaleRange returns a scale's min and max, defaults filled in.
func (q *Question) ScaleRange() (min, max int) {
	min, max = DefaultScaleMin, DefaultScaleMax
	if q.Min != nil {
		min = *q.Min
	}
	if q.Max != nil {
		max = *q.Max
	}
	return min, max
}

// statementCount is how many rows a scale has: its statements, or the prompt alone.
func (q *Question) statementCount() int { return max(1, len(q.Statements)) }

func (scale) Parse(q *Question, value json.RawMessage, _ Context) (Answer, error) {
	n := q.statementCount()
	lo, hi := q.ScaleRange()
	var raw []json.RawMessage
	if err := json.Unmarshal(value, &raw); err != nil {
		return Answer{}, fmt.Errorf("value must be a list with one number per statement, like [%d]", hi)
	}
	if len(raw) != n {
		return Answer{}, fmt.Errorf("answer all %d statements (null skips one); got %d values", n, len(raw))
	}
	a := Answer{Tally: make(map[string]int64, n)}
	for i, r := range raw {
		where := ""
		if len(q.Statements) > 0 {
			where = fmt.Sprintf("statement %d: ", i+1)
		}
		if string(r) == "null" {
			continue
		}
		var v int
		if err := json.Unmarshal(r, &v); err != nil {
			return Answer{}, fmt.Errorf("%s%s is not a whole number from %d to %d", where, excerpt(r), lo, hi)
		}
		if v < lo || v > hi {
			return Answer{}, fmt.Errorf("%s%d is outside %d to %d", where, v, lo, hi)
		}
		a.Tally[scaleKey(i, v)] = 1
		if len(q.Statements) > 0 {
			a.Entries = append(a.Entries, q.Statements[i]+": "+strconv.Itoa(v))
		} else {
			a.Entries = append(a.Entries, strconv.Itoa(v))
		}
	}
	if len(a.Tally) == 0 {
		return Answer{}, fmt.Errorf("answer at least one statement")
	}
	return a, nil
}

// Tally keys: "v<statement>:<value>" counts the participants who gave that value.
func scaleKey(statement, value int) string {
	return "v" + strconv.Itoa(statement) + ":" + strconv.Itoa(value)
}

// Statement is one statement's results: how many chose each step, and the
// mean of the answers (0 when nobody answered it).
type Statement struct {
	Counts []int64 `json:"counts"`
	Mean   float64 `json:"mean"`
}

// ScaleResults are the results fields of a scale.
type ScaleResults struct {
	Statements []Statement `json:"statements"`
}

func (scale) Results(q *Question, t Tally, _ View) any {
	lo, hi := q.ScaleRange()
	out := ScaleResults{Statements: make([]Statement, q.statementCount())}
	for i := range out.Statements {
		s := Statement{Counts: make([]int64, hi-lo+1)}
		var sum, n int64
		for v := lo; v <= hi; v++ {
			c := max(0, t.Counts[scaleKey(i, v)])
			s.Counts[v-lo] = c
			sum += c * int64(v)
			n += c
		}
		if n > 0 {
			s.Mean = float64(sum) / float64(n)
		}
		out.Statements[i] = s
	}
	return out
}

// excerpt is a participant's value as an error message may quote it: at
// most 20 bytes of it, in valid UTF-8, so that a huge value is not sent
// back whole.
func excerpt(raw json.RawMessage) string {
	const max = 20
	s := string(raw)
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// ScaleValues reads one participant's scale answer from its tally: the
// value given to each of n statements, ok false where it was skipped.
func ScaleValues(t map[string]int64, n int) (values []int, ok []bool) {
	values, ok = make([]int, n), make([]bool, n)
	for k, c := range t {
		if c <= 0 || !strings.HasPrefix(k, "v") {
			continue
		}
		st, v, found := strings.Cut(k[1:], ":")
		if !found {
			continue
		}
		i, err1 := strconv.Atoi(st)
		x, err2 := strconv.Atoi(v)
		if err1 != nil || err2 != nil || i < 0 || i >= n {
			continue
		}
		values[i], ok[i] = x, true
	}
	return values, ok
}
