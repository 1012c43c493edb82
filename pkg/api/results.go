package api

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/session"
)

func (a *api) results(c *echo.Context) error {
	body, err := a.svc.FilteredResults(c.Request().Context(), currentSession(c), session.Filter{
		SegmentBy: c.QueryParam("segmentBy"),
		Group:     c.QueryParam("group"),
		Selected:  selectedOnly(c),
	})
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}
