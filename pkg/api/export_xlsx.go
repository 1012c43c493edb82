package api

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/labstack/echo/v5"
	"github.com/xuri/excelize/v2"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/session"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Sheet names of the workbook.
const (
	sheetResults = "Results"
	sheetAnswers = "Answers"
	sheetGroups  = "Groups"
)

// exportXLSX writes a workbook: a results sheet (one row per option, word,
// statement or entry, with a column per segment of ?segmentBy= and per
// group), an answers sheet (one row per answer entry, with the
// participant's group and segment) and, after a split, a groups sheet.
// Segments and groups too small to stay anonymous show "hidden", never
// numbers, and never label an answer.
func (a *api) exportXLSX(c *echo.Context) error {
	s := currentSession(c)
	ctx := c.Request().Context()
	segmentBy := c.QueryParam("segmentBy")
	var segs []session.Segment
	if segmentBy != "" {
		var err error
		if segs, err = a.svc.Segments(ctx, s, segmentBy); err != nil {
			return err
		}
	}
	groups, err := a.svc.Groups(ctx, s)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetResults); err != nil {
		return err
	}
	sel, err := a.selection(ctx, s, selectedOnly(c))
	if err != nil {
		return err
	}
	if err := a.writeResultsSheet(ctx, f, s, segmentBy, segs, groups, sel.only); err != nil {
		return err
	}
	if err := a.writeAnswersSheet(ctx, f, s, segs, groups, sel); err != nil {
		return err
	}
	if len(groups) > 0 {
		if _, err := f.NewSheet(sheetGroups); err != nil {
			return err
		}
		rows := [][]any{{"group", "members"}}
		for _, g := range groups {
			rows = append(rows, []any{g.Name, len(g.Members)})
		}
		if err := writeRows(f, sheetGroups, rows); err != nil {
			return err
		}
	}
	h := c.Response().Header()
	h.Set("Content-Type", xlsxType)
	h.Set("Content-Disposition", `attachment; filename="ting-`+s.Code+`.xlsx"`)
	return f.Write(c.Response())
}

func (a *api) writeResultsSheet(ctx context.Context, f *excelize.File, s *model.Session, segmentBy string, segs []session.Segment, groups []model.Group, only bool) error {
	all, err := a.svc.FilteredResults(ctx, s, session.Filter{SegmentBy: segmentBy, Selected: only})
	if err != nil {
		return err
	}
	var res struct {
		Questions []json.RawMessage `json:"questions"`
	}
	if err := json.Unmarshal(all, &res); err != nil {
		return err
	}
	var cols []*splitColumn
	for _, sg := range segs {
		cols = append(cols, newSplitColumn(sg.Label))
	}
	for i, raw := range res.Questions {
		if i >= len(s.Questions) {
			break
		}
		var withSegs struct {
			Segments []json.RawMessage `json:"segments"`
		}
		_ = json.Unmarshal(raw, &withSegs)
		for j, sr := range withSegs.Segments {
			if j < len(segs) {
				cols[j].addResults(&s.Questions[i], sr)
			}
		}
	}
	for _, g := range groups {
		col := newSplitColumn(g.Name)
		body, err := a.svc.FilteredResults(ctx, s, session.Filter{Group: g.Name, Selected: only})
		if err != nil {
			return err
		}
		var gr struct {
			Questions []json.RawMessage `json:"questions"`
		}
		if err := json.Unmarshal(body, &gr); err != nil {
			return err
		}
		for i, raw := range gr.Questions {
			if i < len(s.Questions) {
				col.addResults(&s.Questions[i], raw)
			}
		}
		cols = append(cols, col)
	}

	head := []any{"question_number", "question_id", "question_type", "prompt", "responses", "item", "value"}
	for _, col := range cols {
		head = append(head, col.Title)
	}
	rows := [][]any{head}
	for i, raw := range res.Questions {
		if i >= len(s.Questions) {
			break
		}
		q := &s.Questions[i]
		var h struct {
			Responses int64 `json:"responses"`
		}
		_ = json.Unmarshal(raw, &h)
		items := resultRows(q, raw)
		if len(items) == 0 {
			items = []resultRow{{}}
		}
		for _, it := range items {
			row := []any{i + 1, q.ID, q.Type, cell(q.Prompt), h.Responses, cell(it.Label), it.Value}
			for _, col := range cols {
				row = append(row, col.cell(q.ID, it.Key))
			}
			rows = append(rows, row)
		}
	}
	return writeRows(f, sheetResults, rows)
}

func (a *api) writeAnswersSheet(ctx context.Context, f *excelize.File, s *model.Session, segs []session.Segment, groups []model.Group, sel exportSelection) error {
	if _, err := f.NewSheet(sheetAnswers); err != nil {
		return err
	}
	rows := [][]any{{"question_number", "question_id", "question_type", "prompt", "participant", "group", "segment", "entry", "answered_at", "selected"}}
	err := a.answerRows(ctx, s, segs, groups, sel, func(r answerRow) error {
		rows = append(rows, []any{r.Number, r.Question.ID, r.Question.Type, cell(r.Question.Prompt), r.Participant,
			cell(r.Group), cell(r.Segment), cell(r.Entry), r.At, r.Selected})
		return nil
	})
	if err != nil {
		return err
	}
	return writeRows(f, sheetAnswers, rows)
}

// writeRows writes rows from A1 down, with a frozen bold header.
func writeRows(f *excelize.File, sheet string, rows [][]any) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, r := range rows {
		cellName, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		vals := r
		if i == 0 {
			styled := make([]any, len(r))
			for j, v := range r {
				styled[j] = excelize.Cell{StyleID: bold, Value: v}
			}
			vals = styled
		}
		if err := sw.SetRow(cellName, vals); err != nil {
			return fmt.Errorf("api: xlsx row %d: %w", i+1, err)
		}
	}
	return sw.Flush()
}
