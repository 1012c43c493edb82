package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"
)

// compare shows the results of the questions this session shares with
// another run, side by side.
func (a *api) compare(c *echo.Context) error {
	with := c.QueryParam("with")
	body, err := a.svc.Compare(c.Request().Context(), currentSession(c), with,
		strings.TrimSpace(c.Request().Header.Get(sourceTokenHeader)), a.readable(c, with))
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}
