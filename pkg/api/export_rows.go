package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/session"
)

// resultRow is one line of a question's results in a spreadsheet: an
// option, a word, a statement or an entry, and its number.
type resultRow struct {
	Key   string // the same item in another split of the same question
	Label string
	Value any // a number, or "" where the type has none
}

// resultRows flattens one question's rendered results into rows.
func resultRows(q *poll.Question, raw json.RawMessage) []resultRow {
	var r struct {
		Counts []int64 `json:"counts"`
		Scores []int64 `json:"scores"`
		Words  []struct {
			Text  string `json:"text"`
			Count int64  `json:"count"`
		} `json:"words"`
		Statements []struct {
			Mean   float64 `json:"mean"`
			Counts []int64 `json:"counts"`
		} `json:"statements"`
		Answers []struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		} `json:"answers"`
		Entries []struct {
			ID    string `json:"id"`
			Text  string `json:"text"`
			Votes int64  `json:"votes"`
		} `json:"entries"`
	}
	if json.Unmarshal(raw, &r) != nil {
		return nil
	}
	var rows []resultRow
	option := func(i int) string {
		if i < len(q.Options) {
			return q.Options[i]
		}
		return strconv.Itoa(i + 1)
	}
	for i, n := range r.Counts {
		rows = append(rows, resultRow{Key: "o" + strconv.Itoa(i), Label: option(i), Value: n})
	}
	for i, n := range r.Scores {
		rows = append(rows, resultRow{Key: "o" + strconv.Itoa(i), Label: option(i), Value: n})
	}
	for _, w := range r.Words {
		rows = append(rows, resultRow{Key: "w" + w.Text, Label: w.Text, Value: w.Count})
	}
	for i, st := range r.Statements {
		label := q.Prompt
		if i < len(q.Statements) {
			label = q.Statements[i]
		}
		rows = append(rows, resultRow{Key: "s" + strconv.Itoa(i), Label: fmt.Sprintf("%s (mean)", label), Value: st.Mean})
	}
	for _, a := range r.Answers {
		rows = append(rows, resultRow{Key: "a" + a.ID, Label: a.Text, Value: ""})
	}
	for _, e := range r.Entries {
		rows = append(rows, resultRow{Key: "e" + e.ID, Label: e.Text, Value: e.Votes})
	}
	return rows
}

// splitColumn is one extra column of the results sheet: a segment or a
// group, with its rendered results of each question (by question id), or
// hidden where too few of its people answered.
type splitColumn struct {
	Title  string
	Values map[string]map[string]any // question id -> row key -> value
	Hidden map[string]bool           // question id -> too small to show
}

// hiddenCell is what a spreadsheet shows for a split too small to stay anonymous.
const hiddenCell = "hidden"

func (sc splitColumn) cell(qid, key string) any {
	if sc.Hidden[qid] {
		return hiddenCell
	}
	if v, ok := sc.Values[qid][key]; ok {
		return v
	}
	return 0
}

// addResults records one question's results (or that it is hidden) in the column.
func (sc *splitColumn) addResults(q *poll.Question, raw json.RawMessage) {
	var head struct {
		Hidden bool `json:"hidden"`
	}
	_ = json.Unmarshal(raw, &head)
	if head.Hidden {
		sc.Hidden[q.ID] = true
		return
	}
	m := map[string]any{}
	for _, r := range resultRows(q, raw) {
		m[r.Key] = r.Value
	}
	sc.Values[q.ID] = m
}

func newSplitColumn(title string) *splitColumn {
	return &splitColumn{Title: title, Values: map[string]map[string]any{}, Hidden: map[string]bool{}}
}

// answerRow is one answer entry as the exports show it. Participant is a
// short anonymous id, blank in the rows of a participant whose segment is
// hidden among this question's answers: with it, the person's rows on
// other questions (the question split by among them) would name the
// segment. Group and Segment are the participant's group and segment label
// ("" when there is none, or the segment is hidden among this question's
// answers).
type answerRow struct {
	Number      int // the question's place in the session, from 1
	Question    *poll.Question
	Participant string
	Group       string
	Segment     string
	Entry       string
	At          string // RFC 3339, UTC
	// Selected: the working group selected this entry (an open answer or
	// a Q&A entry).
	Selected bool
}

// exportSelection is what the exports know of the working group's
// selection: the selected entry ids, and whether to keep only those.
type exportSelection struct {
	ids  map[string]bool
	only bool
}

// selection reads the session's selected entries; only (?selected=true)
// keeps the exports to them.
func (a *api) selection(ctx context.Context, s *model.Session, only bool) (exportSelection, error) {
	sels, err := a.svc.Selections(ctx, s)
	if err != nil {
		return exportSelection{}, err
	}
	out := exportSelection{ids: make(map[string]bool, len(sels)), only: only}
	for _, sel := range sels {
		out.ids[sel.EntryID] = true
	}
	return out, nil
}

// answerRows calls yield for every answer entry, question by question.
// With sel.only, only the selected entries.
func (a *api) answerRows(ctx context.Context, s *model.Session, segs []session.Segment, groups []model.Group, sel exportSelection, yield func(answerRow) error) error {
	groupOf := map[string]string{}
	for _, g := range groups {
		for _, m := range g.Members {
			groupOf[m] = g.Name
		}
	}
	for i := range s.Questions {
		q := &s.Questions[i]
		answers, err := a.svc.Store().Answers(ctx, s.ID, q.ID)
		if err != nil {
			return err
		}
		shown := shownSegments(s, answers, segs)
		for _, ans := range answers {
			seg, pid := "", shortID(ans.ParticipantID)
			for _, sg := range segs {
				switch {
				case !sg.Members[ans.ParticipantID]:
				case shown[sg.Option]:
					seg = joinLabel(seg, sg.Label)
				default:
					pid = "" // no id ties this answer to the person's answers elsewhere
				}
			}
			ids := poll.EntryIDs(q, ans.Tally)
			for _, e := range ans.Entries {
				id, ok := ids[e]
				selected := ok && sel.ids[id]
				if sel.only && !selected {
					continue
				}
				err := yield(answerRow{Number: i + 1, Question: q, Participant: pid,
					Group: groupOf[ans.ParticipantID], Segment: seg, Entry: e, At: ans.At.UTC().Format(time.RFC3339),
					Selected: selected})
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// shownSegments reports, per option, whether its segment is shown among
// the answers to one question (session.HiddenSegments: large enough, and
// not the smallest beside a lone hidden one).
func shownSegments(s *model.Session, answers []model.Answer, segs []session.Segment) map[int]bool {
	hidden := session.HiddenSegments(session.SegmentSizes(answers, segs), s.Threshold())
	out := map[int]bool{}
	for i, sg := range segs {
		out[sg.Option] = !hidden[i]
	}
	return out
}

func joinLabel(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func shortID(pid string) string {
	if len(pid) > 8 {
		return pid[:8]
	}
	return pid
}
