package session

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/store"
)

// programmeSession is one session of a programme's results.
type programmeSession struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	CreatedAt    time.Time `json:"createdAt"`
	Participants int64     `json:"participants"`
}

// combinedHead starts a question combined over the runs of a programme.
type combinedHead struct {
	Origin    string  `json:"origin"`
	Type      string  `json:"type"`
	Prompt    string  `json:"prompt"`
	Category  *string `json:"category"`
	Responses int64   `json:"responses"`
}

// runHead starts one session's results of a combined question.
type runHead struct {
	SessionID string `json:"sessionId"`
	Responses int64  `json:"responses"`
}

type categoryRun struct {
	SessionID string   `json:"sessionId"`
	Mean      *float64 `json:"mean"`
}

type programmeCategory struct {
	Name string        `json:"name"`
	Mean *float64      `json:"mean"`
	Runs []categoryRun `json:"runs"`
}

// lineage is one question of a programme: its copies in the sessions
// that have it, oldest session first.
type lineage struct {
	origin string
	runs   []lineageRun
}

type lineageRun struct {
	sess *model.Session
	q    *poll.Question
	t    poll.Tally
}

// Combined is a programme's results read from the store, ready to render
// or export.
type Combined struct {
	Sessions     []*model.Session
	Participants []int64
	lineages     []*lineage
}

// ReadCombined reads everything a programme's results show: its sessions,
// their participants, and every question's tally of every session in one
// TallyReader call (one pipeline on Redis).
func (s *Service) ReadCombined(ctx context.Context, p model.Programme) (*Combined, error) {
	sessions, err := s.ProgrammeSessions(ctx, p)
	if err != nil {
		return nil, err
	}
	c := &Combined{Sessions: sessions, Participants: make([]int64, len(sessions))}
	reads := make([]store.TallyRead, len(sessions))
	for i, sess := range sessions {
		ids := make([]string, len(sess.Questions))
		for j := range sess.Questions {
			ids[j] = sess.Questions[j].ID
		}
		reads[i] = store.TallyRead{SessionID: sess.ID, QuestionIDs: ids}
		n, err := s.store.ParticipantCount(ctx, sess.ID)
		if err != nil {
			return nil, fmt.Errorf("session: programme results: %w", err)
		}
		c.Participants[i] = n
	}
	tallies, err := s.store.Tallies(ctx, reads)
	if err != nil {
		return nil, fmt.Errorf("session: programme results: %w", err)
	}
	byOrigin := map[string]*lineage{}
	for i, sess := range sessions {
		for j := range sess.Questions {
			q := &sess.Questions[j]
			l := byOrigin[q.Lineage()]
			if l == nil {
				l = &lineage{origin: q.Lineage()}
				byOrigin[l.origin] = l
				c.lineages = append(c.lineages, l)
			}
			l.runs = append(l.runs, lineageRun{sess: sess, q: q, t: tallies[i][j]})
		}
	}
	// A lineage whose type changed keeps the runs of its newest type.
	for _, l := range c.lineages {
		typ := l.runs[len(l.runs)-1].q.Type
		kept := l.runs[:0]
		for _, r := range l.runs {
			if r.q.Type == typ {
				kept = append(kept, r)
			}
		}
		l.runs = kept
	}
	return c, nil
}

func (l *lineage) pollRuns() []poll.Run {
	out := make([]poll.Run, len(l.runs))
	for i, r := range l.runs {
		out[i] = poll.Run{Question: r.q, Tally: r.t}
	}
	return out
}

// ProgrammeResults renders a programme's results: its sessions oldest
// first, each question combined by origin over all its sessions (in the
// room's view, each session's moderation applied) with its runs, and the
// categories' means, combined and per run. segmentBy, the origin of a
// choice question, adds "segments" to each question of a type that
// splits, over the combined answers.
func (s *Service) ProgrammeResults(ctx context.Context, p model.Programme, segmentBy string) (json.RawMessage, error) {
	c, err := s.ReadCombined(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.RenderCombined(ctx, c, segmentBy)
}

// RenderCombined renders what ReadCombined read (see ProgrammeResults).
func (s *Service) RenderCombined(ctx context.Context, c *Combined, segmentBy string) (json.RawMessage, error) {
	var err error
	var segs *programmeSegments
	if segmentBy != "" {
		if segs, err = s.programmeSegments(ctx, c, segmentBy); err != nil {
			return nil, err
		}
	}
	head := struct {
		Sessions []programmeSession `json:"sessions"`
	}{Sessions: make([]programmeSession, len(c.Sessions))}
	for i, sess := range c.Sessions {
		head.Sessions[i] = programmeSession{ID: sess.ID, Title: sess.Title, CreatedAt: sess.CreatedAt, Participants: c.Participants[i]}
	}
	out, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	// The questions are joined as rendered: marshalling them again as
	// json.RawMessage would re-read every byte.
	out = append(out[:len(out)-1], `,"questions":[`...)
	combinedQs := make([]*poll.Question, 0, len(c.lineages))
	combinedTs := make([]poll.Tally, 0, len(c.lineages))
	for i, l := range c.lineages {
		b, q, t, err := s.renderLineage(ctx, l, segs)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, b...)
		combinedQs = append(combinedQs, q)
		combinedTs = append(combinedTs, t)
	}
	tail := struct {
		Categories []programmeCategory `json:"categories"`
		SegmentBy  string              `json:"segmentBy,omitempty"`
		MinSegment int                 `json:"minSegment,omitempty"`
	}{Categories: programmeCategories(c, combinedQs, combinedTs), SegmentBy: segmentBy}
	if segs != nil {
		tail.MinSegment = segs.threshold
	}
	t, err := json.Marshal(tail)
	if err != nil {
		return nil, err
	}
	out = append(out, "],"...)
	return append(out, t[1:]...), nil
}

// renderLineage renders one combined question with its runs.
func (s *Service) renderLineage(ctx context.Context, l *lineage, segs *programmeSegments) (json.RawMessage, *poll.Question, poll.Tally, error) {
	cq, ct := poll.Combine(l.pollRuns())
	head := combinedHead{Origin: l.origin, Type: cq.Type, Prompt: cq.Prompt, Responses: ct.Responses}
	if cq.Category != "" {
		head.Category = &cq.Category
	}
	b, err := poll.Results(&cq, ct, poll.View{}, head)
	if err != nil {
		return nil, nil, poll.Tally{}, err
	}
	runs := make([]json.RawMessage, len(l.runs))
	for i, r := range l.runs {
		if runs[i], err = poll.Results(r.q, r.t, poll.View{}, runHead{SessionID: r.sess.ID, Responses: r.t.Responses}); err != nil {
			return nil, nil, poll.Tally{}, err
		}
	}
	out := append(b[:len(b)-1], `,"runs":`...)
	out = appendArray(out, runs)
	if segs != nil && splitTypes[cq.Type] {
		sr, err := s.lineageSegments(ctx, l, segs)
		if err != nil {
			return nil, nil, poll.Tally{}, err
		}
		out = append(out, `,"segments":`...)
		out = appendArray(out, sr)
	}
	return append(out, '}'), &cq, ct, nil
}

// programmeCategories gives each category its mean over the combined
// questions and per session over that session's own.
func programmeCategories(c *Combined, qs []*poll.Question, ts []poll.Tally) []programmeCategory {
	combined := categoryMeans(qs, ts)
	out := make([]programmeCategory, 0, len(combined))
	for _, cat := range combined {
		pc := programmeCategory{Name: cat.Name, Mean: cat.Mean, Runs: []categoryRun{}}
		for _, sess := range c.Sessions {
			var rq []*poll.Question
			var rt []poll.Tally
			for _, l := range c.lineages {
				for _, r := range l.runs {
					if r.sess == sess && r.q.Category == cat.Name {
						rq, rt = append(rq, r.q), append(rt, r.t)
					}
				}
			}
			for _, m := range categoryMeans(rq, rt) {
				if m.Name == cat.Name {
					pc.Runs = append(pc.Runs, categoryRun{SessionID: sess.ID, Mean: m.Mean})
				}
			}
		}
		out = append(out, pc)
	}
	return out
}

// Questions returns each question of the programme as its newest session
// has it, in the order of the results.
func (c *Combined) Questions() []poll.Question {
	out := make([]poll.Question, len(c.lineages))
	for i, l := range c.lineages {
		out[i] = *l.runs[len(l.runs)-1].q
	}
	return out
}

// appendArray appends the encoded items as one JSON array.
func appendArray(out []byte, items []json.RawMessage) []byte {
	out = append(out, '[')
	for i, it := range items {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, it...)
	}
	return append(out, ']')
}
