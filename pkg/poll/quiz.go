package poll

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// quiz: one right answer (or several right options) against the clock. A
// right answer earns 1000 points at once, falling evenly to 500 at the end
// of the countdown; a wrong one earns nothing. A participant's first answer
// is final, so what a phone learns after answering cannot improve its score.
type quiz struct{}

func init() { register("quiz", quiz{}) }

// Limits and defaults of a quiz.
const (
	DefaultSeconds  = 20
	MinSeconds      = 5
	MaxSeconds      = 300
	LeaderboardSize = 10
	maxPoints       = 1000
	minPoints       = 500 // a right answer at the end of the countdown
)

func (quiz) Check(q *Question) error {
	opts, err := checkOptions(q.Options, 2)
	if err != nil {
		return err
	}
	if len(opts) > MaxQuizOptions {
		return OverLimit(QuotaQuizOptions, MaxQuizOptions, "a quiz has at most %d options", MaxQuizOptions)
	}
	if len(q.Correct) == 0 {
		return fmt.Errorf("correct must name the right option, like [1]")
	}
	correct := slices.Clone(q.Correct)
	slices.Sort(correct)
	for i, c := range correct {
		if c < 0 || c >= len(opts) {
			return fmt.Errorf("correct option %d does not exist (0 to %d)", c, len(opts)-1)
		}
		if i > 0 && correct[i-1] == c {
			return fmt.Errorf("correct option %d is listed twice", c)
		}
	}
	seconds := q.Seconds
	if seconds == 0 {
		seconds = DefaultSeconds
	}
	if seconds < MinSeconds || seconds > MaxSeconds {
		return fmt.Errorf("seconds must be from %d to %d", MinSeconds, MaxSeconds)
	}
	out := q.base()
	out.Options, out.Correct, out.Seconds = opts, correct, seconds
	*q = out
	return nil
}

// QuizPoints returns the points of a right answer given elapsed after the
// question opened: 1000 at once, 500 from the end of the countdown on.
func QuizPoints(elapsed time.Duration, seconds int) int64 {
	limit := time.Duration(seconds) * time.Second
	elapsed = min(max(elapsed, 0), limit)
	return int64(math.Round(maxPoints - (maxPoints-minPoints)*float64(elapsed)/float64(limit)))
}

func (quiz) Parse(q *Question, value json.RawMessage, c Context) (Answer, error) {
	var picks []int
	if err := json.Unmarshal(value, &picks); err != nil {
		return Answer{}, fmt.Errorf("value must be a list with one option number, like [0]")
	}
	if len(picks) != 1 {
		return Answer{}, fmt.Errorf("choose exactly one option")
	}
	p := picks[0]
	if p < 0 || p >= len(q.Options) {
		return Answer{}, fmt.Errorf("option %d does not exist (0 to %d)", p, len(q.Options)-1)
	}
	if len(c.Previous) > 0 {
		// The first answer is final: the same option again (a phone that
		// sends again after a lost ack) keeps its tally and its points, as
		// they were when it was first sent; another option is refused.
		if c.Previous[choiceKey(p)] <= 0 {
			return Answer{}, fmt.Errorf("your quiz answer is already in and cannot be changed")
		}
		return Answer{Entries: []string{q.Options[p]}, Tally: maps.Clone(c.Previous)}, nil
	}
	a := Answer{Entries: []string{q.Options[p]}, Tally: map[string]int64{choiceKey(p): 1}}
	if slices.Contains(q.Correct, p) {
		a.Tally[pointsKey(c)] = QuizPoints(c.Elapsed, q.Seconds)
	}
	return a, nil
}

// needsPrevious: a quiz answer cannot be changed once it is in.
func (quiz) needsPrevious() {}

// Tally keys: "c<option>" counts the participants who chose it (as a
// choice does); "p<participant hash>\x00<name>" holds a right answer's
// points. The hash keeps two people of one name apart without keeping
// their ids in the tally; a wrong answer adds no points key.
const pointsPrefix = "p"

func pointsKey(c Context) string {
	return pointsPrefix + shortID("quiz", c.ParticipantID) + keySep + displayName(c)
}

// displayName is the participant's nickname, or its made-up name.
func displayName(c Context) string {
	if name, err := cleanText(c.Name, 60, "name"); err == nil {
		return name
	}
	return FriendlyName(c.ParticipantID)
}

// Score is one line of a leaderboard.
type Score struct {
	Name   string `json:"name"`
	Points int64  `json:"points"`
}

// QuizResults are the results fields of a quiz.
type QuizResults struct {
	Counts      []int64 `json:"counts"`
	Leaderboard []Score `json:"leaderboard"`
}

func (quiz) Results(q *Question, t Tally, _ View) any {
	counts := make([]int64, len(q.Options))
	for i := range counts {
		counts[i] = max(0, t.Counts[choiceKey(i)])
	}
	return QuizResults{Counts: counts, Leaderboard: Leaderboard(LeaderboardSize, t)}
}

// Leaderboard sums the points of the quiz tallies given (one question, or
// every quiz of a session) per participant and returns the top n by points,
// ties by name; n <= 0 returns all. A participant who changed its name
// between questions appears under the name that earned it most points.
func Leaderboard(n int, tallies ...Tally) []Score {
	type player struct {
		hash    string
		total   int64
		name    string
		namePts int64
	}
	players := map[string]*player{}
	for _, t := range tallies {
		for k, pts := range t.Counts {
			if pts <= 0 || !strings.HasPrefix(k, pointsPrefix) {
				continue
			}
			hash, name, ok := strings.Cut(k[len(pointsPrefix):], keySep)
			if !ok {
				continue
			}
			p := players[hash]
			if p == nil {
				p = &player{hash: hash}
				players[hash] = p
			}
			p.total += pts
			if pts > p.namePts || (pts == p.namePts && name < p.name) {
				p.name, p.namePts = name, pts
			}
		}
	}
	list := make([]*player, 0, len(players))
	for _, p := range players {
		list = append(list, p)
	}
	slices.SortFunc(list, func(a, b *player) int {
		return cmp.Or(cmp.Compare(b.total, a.total), strings.Compare(a.name, b.name), strings.Compare(a.hash, b.hash))
	})
	if n > 0 && len(list) > n {
		list = list[:n]
	}
	out := make([]Score, len(list))
	for i, p := range list {
		out[i] = Score{Name: p.name, Points: p.total}
	}
	return out
}
