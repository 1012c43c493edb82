package api

import (
	"github.com/labstack/echo/v5"
)

type patchSessionRequest struct {
	MinSegment *int `json:"minSegment"`
}

// patchSession changes the session's settings (now: minSegment) and
// answers with the session.
func (a *api) patchSession(c *echo.Context) error {
	var req patchSessionRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.MinSegment == nil {
		return badRequest("give minSegment")
	}
	if err := a.svc.SetMinSegment(c.Request().Context(), currentSession(c), *req.MinSegment); err != nil {
		return err
	}
	return a.getSession(c)
}
