package session

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ting-live/ting/pkg/poll"
)

// programmeSegments are the segments of a programme's results: for each
// option of the segment question (by origin), the participants of every
// session who chose it.
type programmeSegments struct {
	labels []string
	// members[sessionID] holds the session's segments, as Segments gives them.
	members   map[string][]Segment
	threshold int
}

// programmeSegments reads who chose which option of the choice question
// of origin by in each session that has it. The labels are the newest
// copy's; the threshold is the highest of the sessions' (the strictest).
func (s *Service) programmeSegments(ctx context.Context, c *Combined, by string) (*programmeSegments, error) {
	var l *lineage
	for _, x := range c.lineages {
		if x.origin == by {
			l = x
		}
	}
	if l == nil || l.runs[len(l.runs)-1].q.Type != "choice" {
		return nil, invalid("segmentBy must be the origin of a choice question of this programme")
	}
	ps := &programmeSegments{labels: l.runs[len(l.runs)-1].q.Options, members: map[string][]Segment{}}
	for _, sess := range c.Sessions {
		ps.threshold = max(ps.threshold, sess.Threshold())
	}
	for _, r := range l.runs {
		segs, err := s.Segments(ctx, r.sess, r.q.ID)
		if err != nil {
			return nil, err
		}
		ps.members[r.sess.ID] = segs
	}
	return ps, nil
}

// lineageSegments renders one combined question per segment: each run's
// answers folded by segment, the runs combined (each session's moderation
// applied), and HiddenSegments over the combined sizes.
func (s *Service) lineageSegments(ctx context.Context, l *lineage, ps *programmeSegments) ([]json.RawMessage, error) {
	perSeg := make([][]poll.Run, len(ps.labels))
	for _, r := range l.runs {
		segs := ps.members[r.sess.ID]
		if segs == nil {
			continue // the session did not ask the segment question
		}
		answers, err := s.store.Answers(ctx, r.sess.ID, r.q.ID)
		if err != nil {
			return nil, fmt.Errorf("session: programme segments: %w", err)
		}
		for i := range perSeg {
			if i < len(segs) {
				perSeg[i] = append(perSeg[i], poll.Run{Question: r.q, Tally: fold(answers, segs[i].Members)})
			}
		}
	}
	sizes := make([]int64, len(perSeg))
	qs := make([]poll.Question, len(perSeg))
	ts := make([]poll.Tally, len(perSeg))
	for i, runs := range perSeg {
		if len(runs) == 0 {
			qs[i], ts[i] = *l.runs[len(l.runs)-1].q, poll.Tally{Counts: map[string]int64{}}
			continue
		}
		qs[i], ts[i] = poll.Combine(runs)
		sizes[i] = ts[i].Responses
	}
	hidden := HiddenSegments(sizes, ps.threshold)
	out := make([]json.RawMessage, len(perSeg))
	for i := range perSeg {
		var b []byte
		var err error
		if hidden[i] {
			b, err = json.Marshal(hiddenSegment{Option: i, Label: ps.labels[i], Hidden: true})
		} else {
			b, err = poll.Results(&qs[i], ts[i], poll.View{}, segmentHead{Option: i, Label: ps.labels[i], Responses: ts[i].Responses})
		}
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}
