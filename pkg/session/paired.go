package session

import (
	"context"
	"fmt"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

// Paired is the paired view of a programme's scale questions between two
// of its sessions: per statement, how many participants of the programme
// (the same participant in both, see cohort.go) answered it in both and
// moved up, stayed or moved down from the first to the second.
type Paired struct {
	From       string           `json:"from"`
	To         string           `json:"to"`
	MinSegment int              `json:"minSegment"`
	Questions  []PairedQuestion `json:"questions"`
}

// PairedQuestion is one scale question asked in both sessions, by origin.
type PairedQuestion struct {
	Origin     string            `json:"origin"`
	Prompt     string            `json:"prompt"`
	Statements []PairedStatement `json:"statements"`
}

// PairedStatement counts the moves of one statement. With fewer paired
// participants than the floor it carries only Hidden.
type PairedStatement struct {
	Statement string `json:"statement"`
	Hidden    bool   `json:"hidden,omitempty"`
	Paired    *int   `json:"paired,omitempty"`
	Up        *int   `json:"up,omitempty"`
	Same      *int   `json:"same,omitempty"`
	Down      *int   `json:"down,omitempty"`
}

// ProgrammePaired pairs the scale answers of two sessions of the programme
// (from and to; both empty: its first and last sessions). The floor is the
// higher minSegment of the two sessions.
func (s *Service) ProgrammePaired(ctx context.Context, p model.Programme, from, to string) (*Paired, error) {
	sessions, err := s.ProgrammeSessions(ctx, p)
	if err != nil {
		return nil, err
	}
	if from == "" && to == "" && len(sessions) >= 2 {
		from, to = sessions[0].ID, sessions[len(sessions)-1].ID
	}
	var a, b *model.Session
	for _, sess := range sessions {
		if sess.ID == from {
			a = sess
		}
		if sess.ID == to {
			b = sess
		}
	}
	if a == nil || b == nil || a.ID == b.ID {
		return nil, invalid("from and to must be two different sessions of the programme")
	}
	out := &Paired{From: a.ID, To: b.ID, MinSegment: max(a.Threshold(), b.Threshold()), Questions: []PairedQuestion{}}
	later := map[string]*poll.Question{}
	for i := range b.Questions {
		if q := &b.Questions[i]; q.Type == "scale" {
			later[q.Lineage()] = q
		}
	}
	for i := range a.Questions {
		qa := &a.Questions[i]
		qb := later[qa.Lineage()]
		if qa.Type != "scale" || qb == nil {
			continue
		}
		pq, err := s.pairQuestion(ctx, a.ID, b.ID, qa, qb, out.MinSegment)
		if err != nil {
			return nil, err
		}
		out.Questions = append(out.Questions, pq)
	}
	return out, nil
}

func (s *Service) pairQuestion(ctx context.Context, from, to string, qa, qb *poll.Question, floor int) (PairedQuestion, error) {
	n := min(max(1, len(qa.Statements)), max(1, len(qb.Statements)))
	before, err := s.store.Answers(ctx, from, qa.ID)
	if err != nil {
		return PairedQuestion{}, fmt.Errorf("session: paired: %w", err)
	}
	after, err := s.store.Answers(ctx, to, qb.ID)
	if err != nil {
		return PairedQuestion{}, fmt.Errorf("session: paired: %w", err)
	}
	earlier := make(map[string]model.Answer, len(before))
	for _, x := range before {
		earlier[x.ParticipantID] = x
	}
	type moves struct{ paired, up, same, down int }
	counts := make([]moves, n)
	for _, y := range after {
		x, ok := earlier[y.ParticipantID]
		if !ok {
			continue
		}
		xv, xok := poll.ScaleValues(x.Tally, n)
		yv, yok := poll.ScaleValues(y.Tally, n)
		for i := range n {
			if !xok[i] || !yok[i] {
				continue
			}
			c := &counts[i]
			c.paired++
			switch {
			case yv[i] > xv[i]:
				c.up++
			case yv[i] < xv[i]:
				c.down++
			default:
				c.same++
			}
		}
	}
	pq := PairedQuestion{Origin: qa.Lineage(), Prompt: qb.Prompt, Statements: make([]PairedStatement, n)}
	for i, c := range counts {
		st := PairedStatement{Statement: qb.Prompt}
		if len(qb.Statements) > i {
			st.Statement = qb.Statements[i]
		}
		if c.paired < floor {
			st.Hidden = true
		} else {
			st.Paired, st.Up, st.Same, st.Down = &c.paired, &c.up, &c.same, &c.down
		}
		pq.Statements[i] = st
	}
	return pq, nil
}
