package api

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

// compare shows the results of the questions this session shares with
// another run, side by side.
func (a *api) compare(c *echo.Context) error {
	with := c.QueryParam("with")
	body, err := a.svc.Compare(c.Request().Context(), currentSession(c), with, a.opener(c))
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}
