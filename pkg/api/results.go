package api

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

func (a *api) results(c *echo.Context) error {
	body, err := a.svc.Results(c.Request().Context(), currentSession(c))
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}
