package api

import (
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/session"
)

var csvHeader = []string{"question_number", "question_id", "question_type", "prompt", "participant", "entry", "answered_at", "group", "segment", "selected"}

// selectedOnly reports whether the request asks for the selected entries
// only (?selected=true).
func selectedOnly(c *echo.Context) bool {
	v, _ := strconv.ParseBool(c.QueryParam("selected"))
	return v
}

// exportCSV writes one row per answer entry, question by question (with
// ?selected=true only the entries the working group selected). A
// participant appears under a short anonymous id, never a name or token,
// with its group after a split and, with ?segmentBy=, its segment (only
// where the segment is large enough among that question's answers).
func (a *api) exportCSV(c *echo.Context) error {
	s := currentSession(c)
	ctx := c.Request().Context()
	var segs []session.Segment
	if by := c.QueryParam("segmentBy"); by != "" {
		var err error
		if segs, err = a.svc.Segments(ctx, s, by); err != nil {
			return err
		}
	}
	groups, err := a.svc.Groups(ctx, s)
	if err != nil {
		return err
	}
	sel, err := a.selection(ctx, s, selectedOnly(c))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="ting-`+s.Code+`.csv"`)
	w := csv.NewWriter(c.Response())
	if err := w.Write(csvHeader); err != nil {
		return err
	}
	err = a.answerRows(ctx, s, segs, groups, sel, func(r answerRow) error {
		return w.Write([]string{strconv.Itoa(r.Number), r.Question.ID, r.Question.Type, cell(r.Question.Prompt),
			r.Participant, cell(r.Entry), r.At, cell(r.Group), cell(r.Segment), strconv.FormatBool(r.Selected)})
	})
	if err != nil {
		return err
	}
	w.Flush()
	return w.Error()
}

// cell keeps a spreadsheet from running what a participant typed: text
// that starts like a formula gets a leading apostrophe.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
