package api

import (
	"encoding/csv"
	"encoding/json"
	"strconv"

	"github.com/labstack/echo/v5"
	"github.com/xuri/excelize/v2"

	"github.com/ting-live/ting/pkg/poll"
)

// programmeSheets are a programme's results as rows: the combined sheet
// and one sheet per run, each one row per option, word, statement or
// entry (resultRows, as a session's results sheet).
type programmeSheets struct {
	combined [][]any
	runs     [][][]any
	titles   []string
}

var programmeResultsHead = []any{"question_number", "origin", "question_type", "prompt", "category", "responses", "item", "value"}

// programmeRows reads and renders a programme's results (room view, each
// session's moderation applied) and flattens them into sheets.
func (a *api) programmeRows(c *echo.Context) (programmeSheets, error) {
	ctx := c.Request().Context()
	comb, err := a.svc.ReadCombined(ctx, currentProgramme(c))
	if err != nil {
		return programmeSheets{}, err
	}
	body, err := a.svc.RenderCombined(ctx, comb, "")
	if err != nil {
		return programmeSheets{}, err
	}
	var res struct {
		Questions []json.RawMessage `json:"questions"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return programmeSheets{}, err
	}
	qs := comb.Questions()
	out := programmeSheets{combined: [][]any{programmeResultsHead}}
	runIndex := map[string]int{}
	for i, s := range comb.Sessions {
		runIndex[s.ID] = i
		out.runs = append(out.runs, [][]any{programmeResultsHead})
		out.titles = append(out.titles, s.Title)
	}
	for i, raw := range res.Questions {
		if i >= len(qs) {
			break
		}
		q := &qs[i]
		var h struct {
			Responses int64             `json:"responses"`
			Runs      []json.RawMessage `json:"runs"`
		}
		_ = json.Unmarshal(raw, &h)
		out.combined = appendResultRows(out.combined, i+1, q, h.Responses, raw)
		for _, run := range h.Runs {
			var rh struct {
				SessionID string `json:"sessionId"`
				Responses int64  `json:"responses"`
			}
			_ = json.Unmarshal(run, &rh)
			if j, ok := runIndex[rh.SessionID]; ok {
				out.runs[j] = appendResultRows(out.runs[j], i+1, q, rh.Responses, run)
			}
		}
	}
	return out, nil
}

func appendResultRows(rows [][]any, n int, q *poll.Question, responses int64, raw json.RawMessage) [][]any {
	items := resultRows(q, raw)
	if len(items) == 0 {
		items = []resultRow{{}}
	}
	for _, it := range items {
		rows = append(rows, []any{n, q.Lineage(), q.Type, cell(q.Prompt), cell(q.Category), responses, cell(it.Label), it.Value})
	}
	return rows
}

// programmeCSV writes the programme's results: the combined rows (run
// "all"), then each run's (run 1, 2, … oldest first, with its session).
func (a *api) programmeCSV(c *echo.Context) error {
	sh, err := a.programmeRows(c)
	if err != nil {
		return err
	}
	p := currentProgramme(c)
	h := c.Response().Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="ting-programme-`+shortID(p.ID)+`.csv"`)
	w := csv.NewWriter(c.Response())
	head := []string{"run", "session_title"}
	for _, v := range programmeResultsHead {
		head = append(head, v.(string))
	}
	if err := w.Write(head); err != nil {
		return err
	}
	write := func(run, title string, rows [][]any) error {
		for _, r := range rows[1:] {
			rec := []string{run, cell(title)}
			for _, v := range r {
				rec = append(rec, csvValue(v))
			}
			if err := w.Write(rec); err != nil {
				return err
			}
		}
		return nil
	}
	if err := write("all", p.Title, sh.combined); err != nil {
		return err
	}
	for i, rows := range sh.runs {
		if err := write(strconv.Itoa(i+1), sh.titles[i], rows); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

func csvValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// programmeXLSX writes a workbook: the combined sheet first, then one
// sheet per run ("Run 1", oldest first) and a sheet of the runs.
func (a *api) programmeXLSX(c *echo.Context) error {
	sh, err := a.programmeRows(c)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Combined"); err != nil {
		return err
	}
	if err := writeRows(f, "Combined", sh.combined); err != nil {
		return err
	}
	runs := [][]any{{"run", "session_title", "sheet"}}
	for i, rows := range sh.runs {
		name := "Run " + strconv.Itoa(i+1)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeRows(f, name, rows); err != nil {
			return err
		}
		runs = append(runs, []any{i + 1, cell(sh.titles[i]), name})
	}
	if _, err := f.NewSheet("Runs"); err != nil {
		return err
	}
	if err := writeRows(f, "Runs", runs); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Type", xlsxType)
	h.Set("Content-Disposition", `attachment; filename="ting-programme-`+shortID(currentProgramme(c).ID)+`.xlsx"`)
	return f.Write(c.Response())
}
