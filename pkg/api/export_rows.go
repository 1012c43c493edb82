package api

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ting-live/ting/pkg/poll"
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
