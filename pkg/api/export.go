package api

import (
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v5"
)

var csvHeader = []string{"question_number", "question_id", "question_type", "prompt", "participant", "entry", "answered_at"}

// exportCSV writes one row per answer entry, question by question. A
// participant appears under a short anonymous id, never a name or token.
func (a *api) exportCSV(c *echo.Context) error {
	s := currentSession(c)
	ctx := c.Request().Context()
	h := c.Response().Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="ting-`+s.Code+`.csv"`)
	w := csv.NewWriter(c.Response())
	if err := w.Write(csvHeader); err != nil {
		return err
	}
	for i, q := range s.Questions {
		answers, err := a.svc.Store().Answers(ctx, s.ID, q.ID)
		if err != nil {
			return err
		}
		for _, ans := range answers {
			pid := ans.ParticipantID
			if len(pid) > 8 {
				pid = pid[:8]
			}
			for _, e := range ans.Entries {
				row := []string{strconv.Itoa(i + 1), q.ID, q.Type, cell(q.Prompt), pid, cell(e), ans.At.UTC().Format(time.RFC3339)}
				if err := w.Write(row); err != nil {
					return err
				}
			}
		}
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
