package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"
)

// compare shows the results of the questions this session shares with
// another run, side by side.
func (a *api) compare(c *echo.Context) error {
	body, err := a.svc.Compare(c.Request().Context(), currentSession(c), c.QueryParam("with"),
		strings.TrimSpace(c.Request().Header.Get(sourceTokenHeader)))
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}
