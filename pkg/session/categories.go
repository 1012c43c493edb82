package session

import "github.com/ting-live/ting/pkg/poll"

// Category is one category's mean: the mean of the means of its scale
// questions' statements that somebody answered, not rounded; nil when
// nobody answered any.
type Category struct {
	Name string   `json:"name"`
	Mean *float64 `json:"mean"`
}

// categoryMeans gives each category carried by a scale question of qs,
// in the order they first appear, its mean over tallies (tallies[i] is
// qs[i]'s).
func categoryMeans(qs []*poll.Question, tallies []poll.Tally) []Category {
	type acc struct {
		sum float64
		n   int
	}
	var names []string
	by := map[string]*acc{}
	for i, q := range qs {
		if q.Type != "scale" || q.Category == "" {
			continue
		}
		a := by[q.Category]
		if a == nil {
			a = &acc{}
			by[q.Category] = a
			names = append(names, q.Category)
		}
		for _, m := range poll.StatementMeans(q, tallies[i]) {
			a.sum += m
			a.n++
		}
	}
	out := make([]Category, 0, len(names))
	for _, name := range names {
		c := Category{Name: name}
		if a := by[name]; a.n > 0 {
			m := a.sum / float64(a.n)
			c.Mean = &m
		}
		out = append(out, c)
	}
	return out
}
