package api

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

// deleteSession removes the session and every answer at once.
func (a *api) deleteSession(c *echo.Context) error {
	if err := a.svc.DeleteSession(c.Request().Context(), currentSession(c).ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
