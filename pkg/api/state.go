package api

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/store"
)

// patchState applies any subset of questionId, resultsVisible and locked.
func (a *api) patchState(c *echo.Context) error {
	var raw map[string]json.RawMessage
	if err := decode(c, &raw); err != nil {
		return err
	}
	var p store.StatePatch
	for k, v := range raw {
		switch k {
		case "questionId":
			var id *string
			if err := json.Unmarshal(v, &id); err != nil {
				return badRequest("questionId must be a question id or null")
			}
			if id == nil {
				id = new(string)
			}
			p.QuestionID = id
		case "resultsVisible", "locked":
			var b bool
			if err := json.Unmarshal(v, &b); err != nil || string(v) == "null" {
				return badRequest(k + " must be true or false")
			}
			if k == "locked" {
				p.Locked = &b
			} else {
				p.ResultsVisible = &b
			}
		default:
			return badRequest("unknown field " + k + "; the state has questionId, resultsVisible and locked")
		}
	}
	st, err := a.svc.UpdateState(c.Request().Context(), currentSession(c).ID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewState(st))
}
