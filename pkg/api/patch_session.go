package api

import (
	"github.com/labstack/echo/v5"
)

type patchSessionRequest struct {
	MinSegment      *int `json:"minSegment"`
	MaxParticipants *int `json:"maxParticipants"`
}

// patchSession changes the session's settings (minSegment,
// maxParticipants) and answers with the session.
func (a *api) patchSession(c *echo.Context) error {
	var req patchSessionRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.MinSegment == nil && req.MaxParticipants == nil {
		return badRequest("give minSegment or maxParticipants")
	}
	ctx, sess := c.Request().Context(), currentSession(c)
	if req.MinSegment != nil {
		if err := a.svc.SetMinSegment(ctx, sess, *req.MinSegment); err != nil {
			return err
		}
	}
	if req.MaxParticipants != nil {
		if err := a.svc.SetMaxParticipants(ctx, sess, *req.MaxParticipants); err != nil {
			return err
		}
	}
	return a.getSession(c)
}
