package api

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/session"
)

// limitsBody is what GET /api/v1/limits answers: the question limits of
// pkg/poll and the longest countdown of a session. It is public: the phone
// reads it before it joins, and it says nothing about any session.
type limitsBody struct {
	poll.Limits
	Countdown int `json:"countdown"` // the longest countdown the facilitator may start, in seconds
}

func (a *api) limits(c *echo.Context) error {
	return c.JSON(http.StatusOK, limitsBody{Limits: poll.TheLimits(), Countdown: session.MaxCountdown})
}
