package poll

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// ranking: put every option in order; first place earns as many points as
// there are options, last place 1.
type ranking struct{}

func init() { register("ranking", ranking{}) }

func (ranking) Check(q *Question) error {
	opts, err := checkOptions(q.Options, 2)
	if err != nil {
		return err
	}
	out := q.base()
	out.Options = opts
	*q = out
	return nil
}

func (ranking) Parse(q *Question, value json.RawMessage, _ Context) (Answer, error) {
	n := len(q.Options)
	var order []int
	if err := json.Unmarshal(value, &order); err != nil {
		return Answer{}, fmt.Errorf("value must be the option numbers in your order, like [2, 0, 1]")
	}
	if len(order) != n {
		return Answer{}, fmt.Errorf("rank all %d options; got %d", n, len(order))
	}
	a := Answer{Tally: make(map[string]int64, n), Entries: make([]string, 0, n)}
	for place, o := range order {
		if o < 0 || o >= n {
			return Answer{}, fmt.Errorf("option %d does not exist (0 to %d)", o, n-1)
		}
		key := rankingKey(o)
		if a.Tally[key] != 0 {
			return Answer{}, fmt.Errorf("option %d is ranked twice", o)
		}
		a.Tally[key] = int64(n - place)
		a.Entries = append(a.Entries, strconv.Itoa(place+1)+". "+q.Options[o])
	}
	return a, nil
}

// Tally keys: "r<option>" sums the option's points.
func rankingKey(option int) string { return "r" + strconv.Itoa(option) }

// RankingResults are the results fields of a ranking.
type RankingResults struct {
	Scores []int64 `json:"scores"`
}

func (ranking) Results(q *Question, t Tally, _ View) any {
	scores := make([]int64, len(q.Options))
	for i := range scores {
		scores[i] = max(0, t.Counts[rankingKey(i)])
	}
	return RankingResults{Scores: scores}
}
