package api

import (
	"encoding/json"
	"time"

	"github.com/labstack/echo/v5"
)

type patchSessionRequest struct {
	MinSegment      *int `json:"minSegment"`
	MaxParticipants *int `json:"maxParticipants"`
	// ClosesAt is an RFC 3339 time, or null to keep the session open.
	ClosesAt json.RawMessage `json:"closesAt"`
}

// patchSession changes the session's settings (minSegment,
// maxParticipants, closesAt) and answers with the session.
func (a *api) patchSession(c *echo.Context) error {
	var req patchSessionRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.MinSegment == nil && req.MaxParticipants == nil && req.ClosesAt == nil {
		return badRequest("give minSegment, maxParticipants or closesAt")
	}
	var closes *time.Time
	if req.ClosesAt != nil {
		t, err := parseClosesAt(req.ClosesAt)
		if err != nil {
			return err
		}
		closes = &t
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
	if closes != nil {
		if err := a.svc.SetClosesAt(ctx, sess, *closes); err != nil {
			return err
		}
	}
	return a.getSession(c)
}

// parseClosesAt reads closesAt: an RFC 3339 time, or null (the zero time).
func parseClosesAt(raw json.RawMessage) (time.Time, error) {
	if string(raw) == "null" {
		return time.Time{}, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return time.Time{}, badRequest(`closesAt must be an RFC 3339 time, like "2026-11-01T23:59:00+01:00", or null`)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, badRequest(`closesAt must be an RFC 3339 time, like "2026-11-01T23:59:00+01:00", or null`)
	}
	return t, nil
}
