package session

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

// Segment is one option of the question that splits the results, and the
// participants who chose it.
type Segment struct {
	Option  int
	Label   string
	Members map[string]bool
}

// Segments returns the segments of a choice question: one per option, each
// with the participants who chose that option.
func (s *Service) Segments(ctx context.Context, sess *model.Session, qid string) ([]Segment, error) {
	q := sess.Question(qid)
	if q == nil {
		return nil, invalid("segmentBy: no such question in this session")
	}
	if q.Type != "choice" {
		return nil, invalid("segmentBy must be a choice question")
	}
	answers, err := s.store.Answers(ctx, sess.ID, qid)
	if err != nil {
		return nil, fmt.Errorf("session: segments: %w", err)
	}
	segs := make([]Segment, len(q.Options))
	for i, label := range q.Options {
		segs[i] = Segment{Option: i, Label: label, Members: map[string]bool{}}
	}
	for _, a := range answers {
		for k, n := range a.Tally {
			i, ok := choiceIndex(k)
			if ok && n > 0 && i < len(segs) {
				segs[i].Members[a.ParticipantID] = true
			}
		}
	}
	return segs, nil
}

// choiceIndex reads a choice counter name ("c2" is option 2).
func choiceIndex(k string) (int, bool) {
	rest, ok := strings.CutPrefix(k, "c")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(rest)
	return i, err == nil && i >= 0
}

// fold sums the tallies of the answers of the participants in members.
func fold(answers []model.Answer, members map[string]bool) poll.Tally {
	t := poll.Tally{Counts: map[string]int64{}}
	for _, a := range answers {
		if !members[a.ParticipantID] {
			continue
		}
		t.Responses++
		for k, n := range a.Tally {
			if t.Counts[k] += n; t.Counts[k] == 0 {
				delete(t.Counts, k)
			}
		}
	}
	return t
}

// segmentHead starts a shown segment; hiddenSegment is all a segment too
// small to keep its people anonymous carries.
type segmentHead struct {
	Option    int    `json:"option"`
	Label     string `json:"label"`
	Responses int64  `json:"responses"`
}

type hiddenSegment struct {
	Option int    `json:"option"`
	Label  string `json:"label"`
	Hidden bool   `json:"hidden"`
}

// SegmentResults renders one question's results per segment, as the
// facilitator sees them. A segment that HiddenSegments hides shows only its
// option, label and that it is hidden.
func SegmentResults(sess *model.Session, q *poll.Question, answers []model.Answer, segs []Segment) ([]json.RawMessage, error) {
	return segmentResults(sess, q, answers, segs, poll.View{Facilitator: true})
}

// segmentResults is SegmentResults in view v: the room's view leaves out
// what moderation hides, exactly as the room's unsplit results do.
func segmentResults(sess *model.Session, q *poll.Question, answers []model.Answer, segs []Segment, v poll.View) ([]json.RawMessage, error) {
	tallies := make([]poll.Tally, len(segs))
	sizes := make([]int64, len(segs))
	for i, sg := range segs {
		tallies[i] = fold(answers, sg.Members)
		sizes[i] = tallies[i].Responses
	}
	hidden := HiddenSegments(sizes, sess.Threshold())
	out := make([]json.RawMessage, 0, len(segs))
	for i, sg := range segs {
		t := tallies[i]
		if hidden[i] {
			b, err := json.Marshal(hiddenSegment{Option: sg.Option, Label: sg.Label, Hidden: true})
			if err != nil {
				return nil, err
			}
			out = append(out, b)
			continue
		}
		b, err := poll.Results(q, t, v, segmentHead{Option: sg.Option, Label: sg.Label, Responses: t.Responses})
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// SegmentSizes counts, per segment, the answers among answers (to one
// question) of the segment's members.
func SegmentSizes(answers []model.Answer, segs []Segment) []int64 {
	sizes := make([]int64, len(segs))
	for i, sg := range segs {
		for _, a := range answers {
			if sg.Members[a.ParticipantID] {
				sizes[i]++
			}
		}
	}
	return sizes
}

// HiddenSegments says which segments of one question are hidden, given how
// many of each segment's members answered it: those of fewer than
// threshold, and, so that the whole room's results minus the shown
// segments never give a hidden one, the smallest shown segment besides
// when exactly one segment is hidden. A segment nobody answered in holds
// no one to protect, so the smallest shown segment is hidden too when
// exactly one segment that somebody answered in is hidden (5 answers of
// the room, 0 in one segment, 3 in another: the 3 would otherwise be the
// room minus the rest).
func HiddenSegments(sizes []int64, threshold int) []bool {
	hidden := make([]bool, len(sizes))
	all, answered := 0, 0
	for i, n := range sizes {
		if n < int64(threshold) {
			hidden[i] = true
			all++
			if n > 0 {
				answered++
			}
		}
	}
	if all != 1 && answered != 1 {
		return hidden
	}
	smallest := -1
	for i, n := range sizes {
		if !hidden[i] && (smallest < 0 || n < sizes[smallest]) {
			smallest = i
		}
	}
	if smallest >= 0 {
		hidden[smallest] = true
	}
	return hidden
}

// Filter narrows results: split by the segments of a choice question, or
// only the phones of one group.
type Filter struct {
	SegmentBy string
	Group     string
	// Selected keeps only the open answers and Q&A entries the working
	// group selected.
	Selected bool
}

// hiddenHead is a question whose results a group too small to stay
// anonymous cannot show.
type hiddenHead struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Responses int64  `json:"responses"`
	Hidden    bool   `json:"hidden"`
}

// FilteredResults returns the results of every question like Results, with
// "segments" on each question when f.SegmentBy is set, and only the answers
// of one group's members when f.Group is set. A question that fewer than
// the session's threshold of the group answered is hidden.
func (s *Service) FilteredResults(ctx context.Context, sess *model.Session, f Filter) (json.RawMessage, error) {
	view, err := s.facilitatorView(ctx, sess, f.Selected)
	if err != nil {
		return nil, err
	}
	if f.SegmentBy == "" && f.Group == "" {
		return s.results(ctx, sess, view)
	}
	var segs []Segment
	if f.SegmentBy != "" {
		if segs, err = s.Segments(ctx, sess, f.SegmentBy); err != nil {
			return nil, err
		}
	}
	var members map[string]bool
	head := map[string]any{}
	if f.Group != "" {
		gs, err := s.Groups(ctx, sess)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			if g.Name == f.Group {
				members = map[string]bool{}
				for _, m := range g.Members {
					members[m] = true
				}
				head["group"] = map[string]any{"name": g.Name, "members": len(g.Members)}
			}
		}
		if members == nil {
			return nil, ErrNoGroup
		}
		// A segment inside a group counts only the group's members.
		for i := range segs {
			for m := range segs[i].Members {
				if !members[m] {
					delete(segs[i].Members, m)
				}
			}
		}
	}
	qs := make([]json.RawMessage, 0, len(sess.Questions))
	for i := range sess.Questions {
		q := &sess.Questions[i]
		answers, err := s.store.Answers(ctx, sess.ID, q.ID)
		if err != nil {
			return nil, fmt.Errorf("session: results: %w", err)
		}
		var t poll.Tally
		if members != nil {
			t = fold(answers, members)
		} else {
			t, err = s.store.Tally(ctx, sess.ID, q.ID)
			if err != nil {
				return nil, fmt.Errorf("session: results: %w", err)
			}
		}
		var b []byte
		if members != nil && t.Responses < int64(sess.Threshold()) {
			b, err = json.Marshal(hiddenHead{ID: q.ID, Type: q.Type, Responses: t.Responses, Hidden: true})
		} else {
			b, err = poll.Results(q, t, view, resultsHead{ID: q.ID, Type: q.Type, Responses: t.Responses})
		}
		if err != nil {
			return nil, err
		}
		if segs != nil {
			sr, err := segmentResults(sess, q, answers, segs, view)
			if err != nil {
				return nil, err
			}
			extra, err := json.Marshal(map[string]any{"segments": sr})
			if err != nil {
				return nil, err
			}
			b = joinJSON(b, extra)
		}
		qs = append(qs, b)
	}
	head["questions"] = qs
	if f.SegmentBy != "" {
		head["segmentBy"] = f.SegmentBy
	}
	head["minSegment"] = sess.Threshold()
	return json.Marshal(head)
}

// joinJSON merges two encoded JSON objects.
func joinJSON(a, b []byte) []byte {
	out := make([]byte, 0, len(a)+len(b))
	out = append(out, a[:len(a)-1]...)
	out = append(out, ',')
	return append(out, b[1:]...)
}

// SetMinSegment changes the fewest participants a segment or group of the
// session must have for its results to be shown.
func (s *Service) SetMinSegment(ctx context.Context, sess *model.Session, n int) error {
	if n < 1 || n > MaxMinSegment {
		return invalid("minSegment must be from 1 to %d", MaxMinSegment)
	}
	if _, err := s.store.SetMinSegment(ctx, sess.ID, n); err != nil {
		return fmt.Errorf("session: set min segment: %w", err)
	}
	sess.MinSegment = n
	return nil
}
