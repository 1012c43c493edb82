package poll

import (
	"slices"
	"strings"
)

// Run is one session's copy of a question and its tally.
type Run struct {
	Question *Question
	Tally    Tally
}

// Combine sums the runs of one question (its copies in the sessions of a
// programme, oldest first) into one question and tally, rendered as the
// room sees them (View{}), each run's own moderation applied before the
// sum: an open answer or Q&A entry hidden (or, in a moderated question,
// not approved) in its session is left out of the sum with its votes; a
// word hidden or banned in any run is hidden in the combined cloud. The
// question is the newest run's, with that moderation.
func Combine(runs []Run) (Question, Tally) {
	if len(runs) == 0 {
		return Question{}, Tally{Counts: map[string]int64{}}
	}
	q := *runs[len(runs)-1].Question
	q.Moderation = nil
	t := Tally{Counts: map[string]int64{}}
	var hidden, banned, answered []string
	for _, r := range runs {
		t.Responses += r.Tally.Responses
		counts := r.Tally.Counts
		switch q.Type {
		case "open", "qa":
			counts = r.Question.roomEntries(counts)
			for id := range r.Question.marked(MarkAnswered) {
				answered = append(answered, id)
			}
		case "wordcloud":
			if m := r.Question.Moderation; m != nil {
				hidden = append(hidden, m.Hidden...)
			}
			banned = append(banned, r.Question.Banned...)
		}
		for k, n := range counts {
			if t.Counts[k] += n; t.Counts[k] == 0 {
				delete(t.Counts, k)
			}
		}
	}
	q.Moderated = false // every run's entries are filtered already
	q.Banned = uniq(banned)
	if len(hidden) > 0 || len(answered) > 0 {
		q.Moderation = &Moderation{Hidden: uniq(hidden), Answered: uniq(answered)}
	}
	return q, t
}

func uniq(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// roomEntries returns the counters of an open or Q&A tally that the room
// may see: the timed entries neither hidden nor awaiting approval, and for
// Q&A the votes of those entries.
func (q *Question) roomEntries(counts map[string]int64) map[string]int64 {
	vis := q.visibility()
	prefix := openPrefix
	if q.Type == "qa" {
		prefix = askPrefix
	}
	out := make(map[string]int64, len(counts))
	dropped := map[string]bool{}
	for k, n := range counts {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		e, ok := parseTimed(k[len(prefix):])
		if !ok {
			continue
		}
		if hidden, pending := vis.flags(e.id); hidden || pending {
			dropped[e.id] = true
			continue
		}
		out[k] = n
	}
	for k, n := range counts {
		if strings.HasPrefix(k, prefix) {
			continue
		}
		if q.Type == "qa" && strings.HasPrefix(k, upvotePrefix) && dropped[k[len(upvotePrefix):]] {
			continue
		}
		out[k] = n
	}
	return out
}

// StatementMeans returns the mean of each statement of a scale question
// that somebody answered, in order; a statement no one answered is left
// out. Other types have none.
func StatementMeans(q *Question, t Tally) []float64 {
	if q.Type != "scale" {
		return nil
	}
	lo, hi := q.ScaleRange()
	var out []float64
	for i := 0; i < q.statementCount(); i++ {
		var sum, n int64
		for v := lo; v <= hi; v++ {
			c := max(0, t.Counts[scaleKey(i, v)])
			sum += c * int64(v)
			n += c
		}
		if n > 0 {
			out = append(out, float64(sum)/float64(n))
		}
	}
	return out
}
