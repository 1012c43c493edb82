package api

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/session"
)

func (a *api) addQuestion(c *echo.Context) error {
	var q poll.Question
	if err := decode(c, &q); err != nil {
		return err
	}
	if q.ID != "" {
		return badRequest("id is given by the server; leave it out")
	}
	q, err := a.svc.AddQuestion(c.Request().Context(), currentSession(c).ID, q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, q)
}

// editQuestion changes some fields of a question.
func (a *api) editQuestion(c *echo.Context) error {
	var patch map[string]json.RawMessage
	if err := decode(c, &patch); err != nil {
		return err
	}
	q, err := a.svc.EditQuestion(c.Request().Context(), currentSession(c), c.Param("qid"), patch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, q)
}

// resetQuestion removes every answer to a question.
func (a *api) resetQuestion(c *echo.Context) error {
	if err := a.svc.ResetQuestion(c.Request().Context(), currentSession(c), c.Param("qid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type moderationRequest struct {
	Entry    string `json:"entry"`
	Hidden   *bool  `json:"hidden"`
	Approved *bool  `json:"approved"`
	Answered *bool  `json:"answered"`
}

// moderate hides, approves or marks answered one entry of a question.
func (a *api) moderate(c *echo.Context) error {
	var req moderationRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Hidden == nil && req.Approved == nil && req.Answered == nil {
		return badRequest("give at least one of hidden, approved, answered")
	}
	q, err := a.svc.Moderate(c.Request().Context(), currentSession(c), c.Param("qid"), session.Moderation{
		Entry: req.Entry, Hidden: req.Hidden, Approved: req.Approved, Answered: req.Answered,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, q)
}

// removeQuestion deletes a question and its answers.
func (a *api) removeQuestion(c *echo.Context) error {
	if err := a.svc.RemoveQuestion(c.Request().Context(), currentSession(c), c.Param("qid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type moveRequest struct {
	Index *int `json:"index"`
}

// moveQuestion puts a question at another place in the session's order.
func (a *api) moveQuestion(c *echo.Context) error {
	var req moveRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Index == nil {
		return badRequest("index is required: the question's new place, 0 first")
	}
	qs, err := a.svc.MoveQuestion(c.Request().Context(), currentSession(c), c.Param("qid"), *req.Index)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"questions": qs})
}
