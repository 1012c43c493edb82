package store

import (
	"slices"
	"strings"
	"time"

	"github.com/ting-live/ting/pkg/model"
)

// newestFirst sorts xs newest first, then by id for a stable order; key
// gives an element's creation time and id.
func newestFirst[T any](xs []T, key func(T) (time.Time, string)) {
	slices.SortFunc(xs, func(a, b T) int {
		at, aid := key(a)
		bt, bid := key(b)
		if c := bt.Compare(at); c != 0 {
			return c
		}
		return strings.Compare(aid, bid)
	})
}

// sortProgrammes puts the newest programme first.
func sortProgrammes(ps []model.Programme) {
	newestFirst(ps, func(p model.Programme) (time.Time, string) { return p.CreatedAt, p.ID })
}

// sortQuestionSets puts the newest question set first.
func sortQuestionSets(qs []model.QuestionSet) {
	newestFirst(qs, func(q model.QuestionSet) (time.Time, string) { return q.CreatedAt, q.ID })
}
