package poll

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// choice: pick one option, or several when Multiple.
type choice struct{}

func init() { register("choice", choice{}) }

func (choice) Check(q *Question) error {
	opts, err := checkOptions(q.Options, 2)
	if err != nil {
		return err
	}
	out := q.base()
	out.Options, out.Multiple = opts, q.Multiple
	*q = out
	return nil
}

func (choice) Parse(q *Question, value json.RawMessage, _ Context) (Answer, error) {
	var picks []int
	if err := json.Unmarshal(value, &picks); err != nil {
		return Answer{}, fmt.Errorf("value must be a list of option numbers, like [0]")
	}
	if len(picks) == 0 {
		return Answer{}, fmt.Errorf("choose at least one option")
	}
	if !q.Multiple && len(picks) > 1 {
		return Answer{}, fmt.Errorf("choose only one option")
	}
	a := Answer{Tally: make(map[string]int64, len(picks))}
	for _, p := range picks {
		if p < 0 || p >= len(q.Options) {
			return Answer{}, fmt.Errorf("option %d does not exist (0 to %d)", p, len(q.Options)-1)
		}
		key := choiceKey(p)
		if a.Tally[key] != 0 {
			return Answer{}, fmt.Errorf("option %d is chosen twice", p)
		}
		a.Tally[key] = 1
		a.Entries = append(a.Entries, q.Options[p])
	}
	return a, nil
}

// ChoiceResults are the results fields of a choice question.
type ChoiceResults struct {
	Counts []int64 `json:"counts"`
}

func (choice) Results(q *Question, t Tally, _ View) any {
	counts := make([]int64, len(q.Options))
	for i := range counts {
		counts[i] = t.Counts[choiceKey(i)]
	}
	return ChoiceResults{Counts: counts}
}

func choiceKey(i int) string { return "c" + strconv.Itoa(i) }
