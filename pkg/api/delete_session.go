package api

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

// deleteSession removes the session and every answer at once.
func (a *api) deleteSession(c *echo.Context) error {
	ctx := c.Request().Context()
	id := currentSession(c).ID
	if err := a.svc.DeleteSession(ctx, id); err != nil {
		return err
	}
	if err := a.auth.Deleted(ctx, currentAccess(c), id); err != nil {
		a.cfg.Logger.Warn("api: record deletion", "session", id, "err", err)
	}
	return c.NoContent(http.StatusNoContent)
}
