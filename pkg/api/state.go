package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/session"
	"github.com/ting-live/ting/pkg/store"
)

// patchState applies any subset of questionId, resultsVisible, locked,
// countdown, segmentBy and joinsClosed.
func (a *api) patchState(c *echo.Context) error {
	var raw map[string]json.RawMessage
	if err := decode(c, &raw); err != nil {
		return err
	}
	var p session.StateChange
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
		case "resultsVisible", "locked", "joinsClosed":
			var b bool
			if err := json.Unmarshal(v, &b); err != nil || string(v) == "null" {
				return badRequest(k + " must be true or false")
			}
			switch k {
			case "locked":
				p.Locked = &b
			case "joinsClosed":
				p.JoinsClosed = &b
			default:
				p.ResultsVisible = &b
			}
		case "segmentBy":
			var id *string
			if err := json.Unmarshal(v, &id); err != nil {
				return badRequest("segmentBy must be the id of a choice question or null")
			}
			if id == nil {
				id = new(string)
			}
			p.SegmentBy = id
		case "countdown":
			var n int
			if err := json.Unmarshal(v, &n); err != nil || string(v) == "null" {
				return badRequest("countdown must be a number of seconds (0 stops it)")
			}
			p.Countdown = &n
		default:
			return badRequest("unknown field " + k + "; the state has questionId, resultsVisible, locked, countdown, segmentBy and joinsClosed")
		}
	}
	sess := currentSession(c)
	st, err := a.svc.UpdateState(c.Request().Context(), sess, p)
	if errors.Is(err, store.ErrNoQuestion) {
		switch {
		case p.SegmentBy == nil:
			return badRequest("questionId is not a question of this session")
		case p.QuestionID == nil:
			return badRequest("segmentBy is not a question of this session")
		}
		return badRequest("questionId or segmentBy is not a question of this session")
	}
	if err != nil {
		return err
	}
	after := *sess
	after.State = st
	return c.JSON(http.StatusOK, viewState(&after))
}
