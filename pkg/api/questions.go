package api

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/poll"
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
